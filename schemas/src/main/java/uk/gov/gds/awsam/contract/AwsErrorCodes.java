package uk.gov.gds.awsam.contract;

import java.util.Set;

/**
 * The one classification of AWS's error answers (issue 19: one way to do each thing), from the error code, the HTTP
 * status and, where AWS uses one code for two things, the message. Every service that calls AWS asks this class what a
 * failure is; each keeps its own retry mechanics (request-service the SDK's retry strategy, the provisioner its
 * AwsPolicy). Pure Java, so it needs no AWS SDK: the throttling codes include those the SDK itself treats as
 * throttling, so a service that asks here loses none of the SDK's.
 */
public final class AwsErrorCodes {

    /** What an AWS error answer means. */
    public enum Kind {
        /** Throttling or a request rate limit (a throttling code, or HTTP 429). */
        THROTTLED(true),
        /** A 5xx answer or a timeout on AWS's side. */
        TRANSIENT(true),
        /** ConcurrentModificationException: someone else is changing the same thing. */
        CONCURRENT_MODIFICATION(true),
        /** A session AWS does not know yet (just after AssumeRole) or no longer honours (expired: the provider renews it). */
        FRESH_CREDENTIALS(true),
        /** MalformedPolicyDocument "Invalid principal" for a principal that has not propagated yet. */
        PRINCIPAL_PROPAGATING(false),
        /** EntityTemporarilyUnmodifiable: "likely to succeed if you try again after waiting several minutes". */
        TEMPORARILY_UNMODIFIABLE(false),
        ACCESS_DENIED(false),
        NOT_FOUND(false),
        ALREADY_EXISTS(false),
        DELETE_CONFLICT(false),
        /** Any other refusal: the request itself is wrong, or the account's state forbids it. */
        REFUSED(false);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }

        /** It may pass in seconds, so the same call may be made again after a short back-off. */
        public boolean retryable() {
            return retryable;
        }
    }

    private static final Set<String> THROTTLING = Set.of("Throttling", "ThrottlingException", "ThrottledException", "TooManyRequestsException",
            "RequestLimitExceeded", "RequestThrottled", "RequestThrottledException", "SlowDown", "PriorRequestNotComplete",
            "ProvisionedThroughputExceededException", "BandwidthLimitExceeded", "EC2ThrottledException", "TransactionInProgressException");
    private static final Set<String> TRANSIENT = Set.of("ServiceUnavailable", "ServiceUnavailableException", "InternalFailure",
            "InternalError", "ServiceException", "ServiceFailure", "RequestTimeout", "RequestTimeoutException",
            "IDPCommunicationError", "FinalizingOrganizationException");
    private static final Set<String> CONCURRENT = Set.of("ConcurrentModificationException", "ConcurrentModification");
    private static final Set<String> ACCESS_DENIED = Set.of("AccessDenied", "AccessDeniedException", "AccessDeniedForDependencyException");
    private static final Set<String> ALREADY_EXISTS = Set.of("EntityAlreadyExists", "EntityAlreadyExistsException");
    private static final Set<String> DELETE_CONFLICT = Set.of("DeleteConflict", "DeleteConflictException");
    private static final Set<String> FRESH_CREDENTIALS = Set.of("InvalidClientTokenId", "UnrecognizedClientException", "ExpiredToken",
            "ExpiredTokenException");
    private static final Set<String> UNMODIFIABLE = Set.of("EntityTemporarilyUnmodifiable", "EntityTemporarilyUnmodifiableException");
    private static final Set<String> MALFORMED_POLICY = Set.of("MalformedPolicyDocument", "MalformedPolicyDocumentException");

    private AwsErrorCodes() {
    }

    /** What AWS's answer {@code code} (may be null) with HTTP {@code status} means. */
    public static Kind classify(String code, int status) {
        return classify(code, status, "");
    }

    /** As {@link #classify(String, int)}, and {@code message} (may be null) tells the codes AWS uses for two things apart. */
    public static Kind classify(String code, int status, String message) {
        String c = code == null ? "" : code;
        String m = message == null ? "" : message;
        if (FRESH_CREDENTIALS.contains(c)) {
            return Kind.FRESH_CREDENTIALS;
        }
        if (UNMODIFIABLE.contains(c)) {
            return Kind.TEMPORARILY_UNMODIFIABLE;
        }
        if (MALFORMED_POLICY.contains(c) && m.contains("Invalid principal")) {
            return Kind.PRINCIPAL_PROPAGATING;
        }
        if (THROTTLING.contains(c) || status == 429) {
            return Kind.THROTTLED;
        }
        if (CONCURRENT.contains(c)) {
            return Kind.CONCURRENT_MODIFICATION;
        }
        if (TRANSIENT.contains(c) || status >= 500) {
            return Kind.TRANSIENT;
        }
        if (ACCESS_DENIED.contains(c)) {
            return Kind.ACCESS_DENIED;
        }
        if (c.equals("NoSuchEntity") || c.endsWith("NotFoundException") || c.equals("NotFound")) {
            return Kind.NOT_FOUND;
        }
        if (ALREADY_EXISTS.contains(c)) {
            return Kind.ALREADY_EXISTS;
        }
        if (DELETE_CONFLICT.contains(c)) {
            return Kind.DELETE_CONFLICT;
        }
        return Kind.REFUSED;
    }
}
