package uk.gov.gds.awsam.provisioner.domain;

/**
 * An AWS API call failed. The client adapters classify the failure once, for every call, so the domain
 * decides what to do (back off and retry, wait, look something up, give up) without knowing the SDK.
 */
public final class AwsCallFailed extends RuntimeException {

    /** What the provisioner does about a failure: the one classification of AWS errors. */
    public enum Disposition {
        /** It may pass in seconds: back off and call again, a bounded number of times. */
        RETRY,
        /** AWS is still settling (propagation, an entity being changed): wait longer, up to a bound. */
        WAIT,
        /** Retrying the same call will not help: the domain handles it or the request fails. */
        PERMANENT
    }

    public enum Kind {
        /** Throttling or a request rate limit. */
        THROTTLED(Disposition.RETRY),
        /** A 5xx answer, a timeout or a broken connection. */
        TRANSIENT(Disposition.RETRY),
        /** ConcurrentModificationException: someone else is changing the same thing. */
        CONCURRENT_MODIFICATION(Disposition.RETRY),
        /** InvalidClientTokenId / UnrecognizedClientException right after AssumeRole: the session has not propagated. */
        FRESH_CREDENTIALS(Disposition.RETRY),
        /** MalformedPolicyDocument "Invalid principal" for a principal that has not propagated yet. */
        PRINCIPAL_PROPAGATING(Disposition.WAIT),
        /** EntityTemporarilyUnmodifiable: "likely to succeed if you try again after waiting several minutes". */
        TEMPORARILY_UNMODIFIABLE(Disposition.WAIT),
        ACCESS_DENIED(Disposition.PERMANENT),
        NOT_FOUND(Disposition.PERMANENT),
        ALREADY_EXISTS(Disposition.PERMANENT),
        DELETE_CONFLICT(Disposition.PERMANENT),
        /** Any other refusal: the request itself is wrong, or the account's state forbids it. */
        REFUSED(Disposition.PERMANENT);

        private final Disposition disposition;

        Kind(Disposition disposition) {
            this.disposition = disposition;
        }

        public Disposition disposition() {
            return disposition;
        }
    }

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

    public Disposition disposition() {
        return kind.disposition();
    }

    public String operation() {
        return operation;
    }

    /** The AWS error code, e.g. {@code NoSuchEntity}, or the client-side failure. */
    public String code() {
        return code;
    }

    public boolean is(Kind other) {
        return kind == other;
    }
}
