package uk.gov.gds.awsam.pr.messaging;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.micrometer.core.instrument.MeterRegistry;
import uk.gov.gds.awsam.pr.domain.Facts.Opened;

/** What a consumer says and counts once a request's pull request is open, or could not be: the one handler shape. */
final class Outcomes {

    private Outcomes() {
    }

    /**
     * Counts and logs the outcome ({@code pr_service_pull_requests_opened_total}, {@code pr_service_open_failures_total},
     * {@code pr_service_pull_request_warnings_total}) and passes it on: the stage completes when the work is done.
     */
    static CompletionStage<Void> opened(CompletionStage<Opened> work, MeterRegistry metrics, Logger log, String requestId) {
        return work.handle((opened, failure) -> {
            MDC.put("requestId", requestId);
            try {
                if (failure != null) {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                    metrics.counter("pr_service_open_failures_total").increment();
                    log.errorf("could not open the pull request for request %s: %s", requestId, cause.getMessage());
                    throw failure instanceof CompletionException c ? c : new CompletionException(cause);
                }
                metrics.counter("pr_service_pull_requests_opened_total", "repository", opened.repository()).increment();
                for (String warning : opened.warnings()) {
                    metrics.counter("pr_service_pull_request_warnings_total", "repository", opened.repository()).increment();
                    log.warnf("pull request %s#%d: %s", opened.repository(), opened.number(), warning);
                }
                log.infof("pull request %s#%d is open for request %s", opened.repository(), opened.number(), requestId);
                return null;
            } finally {
                MDC.remove("requestId");
            }
        });
    }
}
