package uk.gov.gds.awsam.provisioner.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.micrometer.core.instrument.MeterRegistry;
import uk.gov.gds.awsam.events.Envelope;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.RequestFailed;
import uk.gov.gds.awsam.provisioner.domain.Stage;
import uk.gov.gds.awsam.provisioner.domain.StepFailed;
import uk.gov.gds.awsam.provisioner.domain.Stopping;

/**
 * What every handler does around its one call into the domain: the request's id in the log context, one
 * handler at a time per request, the published events read back first, and a failure turned into a
 * RequestFailed. A failure that may pass (retryable) is then thrown, so the record goes to the dead-letter
 * topic for a replay; one that needs a change is not (replaying it would fail the same way).
 */
@ApplicationScoped
public class Handling {

    private static final Logger LOG = Logger.getLogger(Handling.class);
    private static final Duration READ_BACK_TIMEOUT = Duration.ofMinutes(5);

    private final RequestLocks locks = new RequestLocks();
    private final PublishedEvents published;
    private final ProvisionerEvents events;
    private final MeterRegistry metrics;

    public Handling(PublishedEvents published, ProvisionerEvents events, MeterRegistry metrics) {
        this.published = published;
        this.events = events;
        this.metrics = metrics;
    }

    /**
     * Runs a handler for a request's event and settles the message: acknowledged when done (the offset may be
     * committed), negatively acknowledged when it failed in a way a replay may get over (dead-letter topic),
     * and neither when the provisioner is stopping, so that the event is delivered again after the restart.
     */
    public <T> CompletionStage<Void> handle(Message<T> message, String requestId, Runnable handler) {
        MDC.put("requestId", requestId);
        try {
            return settle(message, () -> {
                published.awaitCaughtUp(READ_BACK_TIMEOUT);
                locks.withLock(requestId, () -> {
                    handler.run();
                    return null;
                });
            });
        } finally {
            MDC.remove("requestId");
        }
    }

    static <T> CompletionStage<Void> settle(Message<T> message, Runnable work) {
        try {
            work.run();
            return message.ack();
        } catch (Stopping stopping) {
            LOG.warnf("%s: the event is left unacknowledged, to be delivered again after the restart", stopping.getMessage());
            return new CompletableFuture<>();
        } catch (RuntimeException failed) {
            return message.nack(failed);
        }
    }

    /**
     * Runs one step; when it fails, publishes RequestFailed (once per cause, stage and subject) and returns the
     * failure (null on success) for the caller to {@link #rethrowIfRetryable} when its other steps are done.
     */
    public StepFailed attempt(String requestId, String causeId, Stage stageOfUnexpected, String subject, Runnable step) {
        try {
            step.run();
            return null;
        } catch (StepFailed failed) {
            report(requestId, causeId, subject, failed);
            return failed;
        } catch (Stopping stopping) {
            throw stopping;
        } catch (RuntimeException unexpected) {
            LOG.errorf(unexpected, "Unexpected failure at %s for %s", stageOfUnexpected, subject);
            StepFailed failed = new StepFailed(stageOfUnexpected, "unexpected failure: " + unexpected, true, 1, unexpected);
            report(requestId, causeId, subject, failed);
            return failed;
        }
    }

    /** Throws (sending the record to the dead-letter topic) when the failure may pass on a replay. */
    public static void rethrowIfRetryable(StepFailed failed) {
        if (failed != null && failed.retryable()) {
            throw failed;
        }
    }

    public boolean published(String eventId) {
        return events.published(eventId);
    }

    public <T> T timed(String name, Supplier<T> work) {
        return metrics.timer(name).record(work);
    }

    public void count(String name, String... tags) {
        metrics.counter(name, tags).increment();
    }

    private void report(String requestId, String causeId, String subject, StepFailed failed) {
        LOG.errorf("%s failed for %s (retryable: %s, attempt %d): %s", failed.stage(), subject, failed.retryable(), failed.attempt(),
                failed.reason());
        count("provisioner.request.failures", "stage", failed.stage().name(), "retryable", Boolean.toString(failed.retryable()));
        events.publishOnce(RequestFailed.newBuilder()
                .setEventId(Envelope.derivedEventId(causeId, EventType.REQUEST_FAILED, failed.stage().name(), subject))
                .setRequestId(requestId)
                .setOccurredAt(Instant.now())
                .setCausationId(causeId)
                .setStage(failed.stage().name())
                .setReason(failed.reason())
                .setRetryable(failed.retryable())
                .setAttempt(failed.attempt())
                .build());
    }
}
