package uk.gov.gds.awsam.provisioner.client;

import java.util.function.Supplier;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import uk.gov.gds.awsam.contract.AwsErrorCodes;
import uk.gov.gds.awsam.contract.AwsErrorCodes.Kind;
import uk.gov.gds.awsam.provisioner.domain.AwsCallFailed;
import uk.gov.gds.awsam.provisioner.domain.Stopping;

/**
 * Turns the SDK's exceptions into {@link AwsCallFailed}, classified once for every call (retry, wait or
 * permanent: {@link AwsCallFailed.Disposition}) by the one classification of AWS error codes in schemas,
 * {@link AwsErrorCodes}, from the error code, HTTP status and, where AWS uses one code for two things, the message.
 */
final class AwsErrors {

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
        String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        return AwsErrorCodes.classify(code, e.statusCode(), message);
    }
}
