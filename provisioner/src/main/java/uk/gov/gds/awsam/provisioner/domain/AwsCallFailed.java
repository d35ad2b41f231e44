package uk.gov.gds.awsam.provisioner.domain;

import java.util.Set;

/**
 * An AWS API call failed. The client adapters classify the failure, so the domain decides what to do
 * (back off and retry, look something up, give up) without knowing the SDK.
 */
public final class AwsCallFailed extends RuntimeException {

    public enum Kind {
        /** Throttling or a request rate limit: back off and retry. */
        THROTTLED,
        /** A 5xx answer, a timeout or a broken connection: back off and retry. */
        TRANSIENT,
        /** ConcurrentModificationException: someone else is changing the same thing; retry later. */
        CONCURRENT_MODIFICATION,
        ACCESS_DENIED,
        NOT_FOUND,
        ALREADY_EXISTS,
        DELETE_CONFLICT,
        /** Any other refusal: the request itself is wrong, or the account's state forbids it. */
        REFUSED
    }

    private static final Set<Kind> RETRYABLE = Set.of(Kind.THROTTLED, Kind.TRANSIENT, Kind.CONCURRENT_MODIFICATION);

    private final Kind kind;
    private final String operation;
    private final String code;

    public AwsCallFailed(Kind kind, String operation, String code, String message, Throwable cause) {
        super(operation + " failed: " + code + (message == null || message.isBlank() ? "" : ": " + message), cause);
        this.kind = kind;
        this.operation = operation;
        this.code = code;
    }

    public AwsCallFailed(Kind kind, String operation, String code, String message) {
        this(kind, operation, code, message, null);
    }

    public Kind kind() {
        return kind;
    }

    public String operation() {
        return operation;
    }

    /** The AWS error code, e.g. {@code NoSuchEntity}, or the client-side failure. */
    public String code() {
        return code;
    }

    public boolean retryable() {
        return RETRYABLE.contains(kind);
    }

    public boolean is(Kind other) {
        return kind == other;
    }
}
