package uk.gov.gds.awsam.provisioner.domain;

import uk.gov.gds.awsam.contract.AwsErrorCodes.Kind;

/**
 * An AWS API call failed. The client adapters classify the failure once, for every call, by the one classification
 * of AWS errors (schemas' {@link uk.gov.gds.awsam.contract.AwsErrorCodes}), so the domain decides what to do (back
 * off and retry, wait, look something up, give up) without knowing the SDK.
 */
public final class AwsCallFailed extends RuntimeException {

    /** What the provisioner does about a failure of each {@link Kind}. */
    public enum Disposition {
        /** It may pass in seconds: back off and call again, a bounded number of times. */
        RETRY,
        /** AWS is still settling (propagation, an entity being changed): wait longer, up to a bound. */
        WAIT,
        /** Retrying the same call will not help: the domain handles it or the request fails. */
        PERMANENT
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

    /**
     * Retry what the contract calls retryable; wait while AWS settles (a principal propagating, an entity
     * temporarily unmodifiable); anything else is permanent.
     */
    public Disposition disposition() {
        if (kind.retryable()) {
            return Disposition.RETRY;
        }
        return kind == Kind.PRINCIPAL_PROPAGATING || kind == Kind.TEMPORARILY_UNMODIFIABLE ? Disposition.WAIT : Disposition.PERMANENT;
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
