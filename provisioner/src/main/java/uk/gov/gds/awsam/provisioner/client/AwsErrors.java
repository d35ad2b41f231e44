package uk.gov.gds.awsam.provisioner.client;

import java.util.Set;
import java.util.function.Supplier;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import uk.gov.gds.awsam.provisioner.domain.AwsCallFailed;
import uk.gov.gds.awsam.provisioner.domain.AwsCallFailed.Kind;
import uk.gov.gds.awsam.provisioner.domain.Stopping;

/**
 * Turns the SDK's exceptions into {@link AwsCallFailed}, classified once for every call (retry, wait or
 * permanent: {@link AwsCallFailed.Disposition}) from AWS's error codes, HTTP status and, where AWS uses one code
 * for two things, its message: MalformedPolicyDocument "Invalid principal" is a principal still propagating.
 */
final class AwsErrors {

    private static final Set<String> THROTTLING = Set.of("Throttling", "ThrottlingException", "TooManyRequestsException",
            "RequestLimitExceeded", "RequestThrottled", "RequestThrottledException", "SlowDown", "PriorRequestNotComplete");
    private static final Set<String> TRANSIENT = Set.of("ServiceUnavailable", "ServiceUnavailableException", "InternalFailure",
            "InternalError", "ServiceException", "ServiceFailure", "RequestTimeout", "RequestTimeoutException",
            "IDPCommunicationError", "FinalizingOrganizationException");
    private static final Set<String> CONCURRENT = Set.of("ConcurrentModificationException", "ConcurrentModification");
    private static final Set<String> ACCESS_DENIED = Set.of("AccessDenied", "AccessDeniedException", "AccessDeniedForDependencyException");
    private static final Set<String> ALREADY_EXISTS = Set.of("EntityAlreadyExists", "EntityAlreadyExistsException");
    private static final Set<String> DELETE_CONFLICT = Set.of("DeleteConflict", "DeleteConflictException");
    /** A session AWS does not know yet (just after AssumeRole) or no longer honours (expired: the provider renews it). */
    private static final Set<String> FRESH_CREDENTIALS = Set.of("InvalidClientTokenId", "UnrecognizedClientException", "ExpiredToken",
            "ExpiredTokenException");
    private static final Set<String> UNMODIFIABLE = Set.of("EntityTemporarilyUnmodifiable", "EntityTemporarilyUnmodifiableException");

    private AwsErrors() {
    }

    /** Calls the SDK; its failures come out as {@link AwsCallFailed} naming {@code operation}. */
    static <T> T call(String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (AwsServiceException e) {
            throw classify(operation, e);
        } catch (AbortedException e) {
            Thread.currentThread().interrupt();
            throw new Stopping(operation, new InterruptedException(e.getMessage()));
        } catch (SdkClientException e) {
            throw new AwsCallFailed(Kind.TRANSIENT, operation, e.getClass().getSimpleName(), e.getMessage(), e);
        } catch (SdkException e) {
            throw new AwsCallFailed(e.retryable() ? Kind.TRANSIENT : Kind.REFUSED, operation, e.getClass().getSimpleName(), e.getMessage(), e);
        }
    }

    static void run(String operation, Runnable call) {
        call(operation, () -> {
            call.run();
            return null;
        });
    }

    static AwsCallFailed classify(String operation, AwsServiceException e) {
        String code = e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
                ? "HTTP " + e.statusCode() : e.awsErrorDetails().errorCode();
        String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
        return new AwsCallFailed(kind(code, e), operation, code, message, e);
    }

    private static Kind kind(String code, AwsServiceException e) {
        String message = e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null ? "" : e.awsErrorDetails().errorMessage();
        if (FRESH_CREDENTIALS.contains(code)) {
            return Kind.FRESH_CREDENTIALS;
        }
        if (UNMODIFIABLE.contains(code)) {
            return Kind.TEMPORARILY_UNMODIFIABLE;
        }
        if ((code.equals("MalformedPolicyDocument") || code.equals("MalformedPolicyDocumentException")) && message.contains("Invalid principal")) {
            return Kind.PRINCIPAL_PROPAGATING;
        }
        if (THROTTLING.contains(code) || e.isThrottlingException()) {
            return Kind.THROTTLED;
        }
        if (CONCURRENT.contains(code)) {
            return Kind.CONCURRENT_MODIFICATION;
        }
        if (TRANSIENT.contains(code) || e.statusCode() >= 500) {
            return Kind.TRANSIENT;
        }
        if (ACCESS_DENIED.contains(code)) {
            return Kind.ACCESS_DENIED;
        }
        if (code.equals("NoSuchEntity") || code.endsWith("NotFoundException") || code.equals("NotFound")) {
            return Kind.NOT_FOUND;
        }
        if (ALREADY_EXISTS.contains(code)) {
            return Kind.ALREADY_EXISTS;
        }
        if (DELETE_CONFLICT.contains(code)) {
            return Kind.DELETE_CONFLICT;
        }
        return Kind.REFUSED;
    }
}
