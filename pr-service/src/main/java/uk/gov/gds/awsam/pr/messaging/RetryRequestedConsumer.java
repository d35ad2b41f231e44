package uk.gov.gds.awsam.pr.messaging;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import uk.gov.gds.awsam.events.RetryRequested;
import uk.gov.gds.awsam.logging.RequestMdc;
import uk.gov.gds.awsam.pr.domain.Retries;

/**
 * RetryRequested → resumes the stages pr-service owns (OPEN_PR, PR_MERGE) from the request's TerraformGenerated,
 * as Kafka holds it; other services' stages are acknowledged and ignored. Group {@code pr-service}, dead letters
 * to the RetryRequested dead-letter topic; the offset is committed when the resumed work is done (or has
 * failed again, with RequestFailed published).
 */
@ApplicationScoped
public class RetryRequestedConsumer {

    private static final Logger LOG = Logger.getLogger(RetryRequestedConsumer.class);
    private final Retries retries;
    private final MeterRegistry metrics;

    public RetryRequestedConsumer(Retries retries, MeterRegistry metrics) {
        this.retries = retries;
        this.metrics = metrics;
    }

    @Incoming("retries")
    public CompletionStage<Void> onRetry(RetryRequested retry) {
        if (!Retries.ours(retry.getStage())) {
            return CompletableFuture.completedFuture(null);
        }
        String requestId = retry.getRequestId();
        metrics.counter("pr_service_retries_total", "stage", retry.getStage()).increment();
        RequestMdc.log(requestId, () -> LOG.infof("%s asked for %s to be retried: %s", retry.getEngineer(), retry.getStage(), retry.getReason()));
        return retries.resume(new Retries.Retry(retry.getEventId(), requestId, retry.getStage(), retry.getEngineer(), retry.getReason()))
                .handle((done, failure) -> {
                    if (failure != null) {
                        RequestMdc.log(requestId, () -> LOG.errorf("the retry of %s failed again: %s", retry.getStage(), failure.getMessage()));
                        throw failure instanceof java.util.concurrent.CompletionException c ? c
                                : new java.util.concurrent.CompletionException(failure);
                    }
                    RequestMdc.log(requestId, () -> LOG.infof("retry of %s: %s", retry.getStage(), done));
                    return null;
                });
    }

}
