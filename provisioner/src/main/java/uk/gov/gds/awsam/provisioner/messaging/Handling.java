package uk.gov.gds.awsam.provisioner.messaging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.micrometer.core.instrument.MeterRegistry;
import uk.gov.gds.awsam.events.Envelope;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.RequestFailed;
import uk.gov.gds.awsam.events.RequestWaiting;
import uk.gov.gds.awsam.events.ResumableStage;
import uk.gov.gds.awsam.provisioner.config.ProvisionerConfig;
import uk.gov.gds.awsam.provisioner.domain.Run;
import uk.gov.gds.awsam.provisioner.domain.StepFailed;
import uk.gov.gds.awsam.provisioner.domain.Stopping;
import uk.gov.gds.awsam.provisioner.domain.Waiting;

/**
 * What every handler does around its one call into the domain: the request's id in the log context, one
 * handling at a time per request, the published events read back first, passes that give their thread back while
 * they wait on AWS (announced on the request's timeline when the wait lasts), and a failure turned into a
 * RequestFailed. A failure that may pass (retryable) is then thrown, so the record goes to the dead-letter topic
 * for a replay; one that needs a change is not (replaying it would fail the same way).
 */
@ApplicationScoped
public class Handling {

    private static final Logger LOG = Logger.getLogger(Handling.class);
    private static final Duration READ_BACK_LOOK = Duration.ofMillis(200);

    private final RequestQueue queue = new RequestQueue();
    private final PublishedEvents published;
    private final ProvisionerEvents events;
    private final MeterRegistry metrics;
    private final Passes passes;
    private final Duration announceAfter;
    private final Clock clock = Clock.systemUTC();

    public Handling(PublishedEvents published, ProvisionerEvents events, MeterRegistry metrics, Passes passes, ProvisionerConfig config) {
        this.published = published;
        this.events = events;
        this.metrics = metrics;
        this.passes = passes;
        this.announceAfter = config.waiting().announceAfter();
    }

    /**
     * Runs a handler for a request's event over as many passes as it takes and settles the message: acknowledged
     * when done (the offset may be committed), negatively acknowledged when it failed in a way a replay may get
     * over (dead-letter topic), and neither when the provisioner is stopping, so that the event is delivered again.
     *
     * @param causeId the event being handled: RequestFailed and RequestWaiting derive their ids from it
     */
    public <T> CompletionStage<Void> handle(Message<T> message, String requestId, String causeId, Consumer<Run> handler) {
        CompletionStage<Void> handled = queue.enqueue(requestId, () -> passes.run(new Run(requestId, causeId, clock), run -> {
            MDC.put("requestId", requestId);
            try {
                if (!published.caughtUp()) {
                    throw Waiting.briefly(READ_BACK_LOOK, null, "the provisioner's published events are still being read back");
                }
                handler.accept(run);
            } catch (Waiting waiting) {
                announce(run, waiting);
                LOG.debugf("%s", waiting.getMessage());
                throw waiting;
            } finally {
                MDC.remove("requestId");
            }
        }));
        return handled.handle((done, failure) -> settle(message, failure)).thenCompose(settled -> settled);
    }

    static <T> CompletionStage<Void> settle(Message<T> message, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause == null) {
            return message.ack();
        }
        if (cause instanceof Stopping stopping) {
            LOG.warnf("%s: the event is left unacknowledged, to be delivered again after the restart", stopping.getMessage());
            return new CompletableFuture<>();
        }
        return message.nack(cause);
    }

    /**
     * Runs one step; when it fails, publishes RequestFailed (once per cause, stage and subject) and returns the
     * failure (null on success) for the caller to {@link #rethrowIfRetryable} when its other steps are done. A
     * wait or a stop goes through.
     */
    public StepFailed attempt(Run run, ResumableStage stageOfUnexpected, String subject, Runnable step) {
        try {
            step.run();
            return null;
        } catch (StepFailed failed) {
            report(run, subject, failed);
            return failed;
        } catch (Stopping | Waiting passing) {
            throw passing;
        } catch (RuntimeException unexpected) {
            LOG.errorf(unexpected, "Unexpected failure at %s for %s", stageOfUnexpected, subject);
            StepFailed failed = StepFailed.retryable(stageOfUnexpected, "unexpected failure: " + unexpected, 1, unexpected);
            report(run, subject, failed);
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

    public void timed(String name, Duration duration) {
        metrics.timer(name).record(duration);
    }

    public void count(String name, String... tags) {
        metrics.counter(name, tags).increment();
    }

    private void report(Run run, String subject, StepFailed failed) {
        LOG.errorf("%s failed for %s (retryable: %s, attempt %d): %s", failed.stage(), subject, failed.retryable(), failed.attempt(),
                failed.reason());
        count("provisioner.request.failures", "stage", failed.stage().name(), "retryable", Boolean.toString(failed.retryable()));
        events.publishOnce(RequestFailed.newBuilder()
                .setEventId(Envelope.derivedEventId(run.causeId(), EventType.REQUEST_FAILED, failed.stage().name(), subject))
                .setRequestId(run.requestId())
                .setOccurredAt(Instant.now())
                .setCausationId(run.causeId())
                .setStage(failed.stage().name())
                .setReason(failed.reason())
                .setRetryable(failed.retryable())
                .setAttempt(failed.attempt())
                .setWhatNext(failed.whatNext())
                .build());
    }

    /** A wait that has lasted long enough for a person to wonder is said on the request's timeline, once. */
    private void announce(Run run, Waiting waiting) {
        if (!waiting.announce() || waiting.stage() == null || run.waited(waiting.key()).compareTo(announceAfter) < 0) {
            return;
        }
        String id = Envelope.derivedEventId(run.causeId(), EventType.REQUEST_WAITING, waiting.stage().name(), waiting.key());
        if (events.published(id)) {
            return;
        }
        events.publishOnce(RequestWaiting.newBuilder()
                .setEventId(id).setRequestId(run.requestId()).setOccurredAt(Instant.now()).setCausationId(run.causeId())
                .setStage(waiting.stage().name()).setWaitingFor(waiting.waitingFor())
                .setReason(waiting.reason() + " (waiting since " + run.waitingSince(waiting.key()) + ")")
                .setUntil(Instant.now().plus(waiting.delay()))
                .build());
    }
}
