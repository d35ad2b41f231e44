package uk.gov.gds.awsam.request.domain;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * An engineer resuming a FAILED request from its failed stage, once the cause is fixed: a RetryRequested for
 * the stage of the latest failure, offered only when a service owns that stage (it resumes the request; every
 * other service ignores the retry). One retry per failure: asking again for the same failure gives the same
 * event, so a double click or a retry from the YubiKey agent as well is one retry.
 */
public final class Retries {

    /** Publishes a RetryRequested and completes when the broker has acknowledged it. */
    public interface Publisher {
        CompletionStage<Void> publish(Retry retry);
    }

    /**
     * A retry to publish.
     *
     * @param failedEventId the RequestFailed retried (the event id derives from it)
     * @param owner         the service that resumes the stage
     */
    public record Retry(String requestId, String stage, String owner, String engineer, String reason, String failedEventId,
            java.time.Instant at) {
    }

    /** Why a request cannot be retried, or the retry asked for. */
    public sealed interface Outcome {
        record Requested(Retry retry) implements Outcome {
        }

        /** Not FAILED now (never failed, or already retried, resumed or done). */
        record NotFailed(Stage stage) implements Outcome {
        }

        /** Failed at a stage no service resumes. */
        record NoOwner(String stage) implements Outcome {
        }
    }

    private final Function<String, Optional<String>> ownerOfStage;
    private final Publisher publisher;
    private final Clock clock;

    /** @param ownerOfStage the service that resumes a stage, as RequestFailed names the stage; empty when none does */
    public Retries(Function<String, Optional<String>> ownerOfStage, Publisher publisher, Clock clock) {
        this.ownerOfStage = ownerOfStage;
        this.publisher = publisher;
        this.clock = clock;
    }

    /** What a retry of this request would resume, or why there is none; publishes nothing. */
    public Outcome check(RequestView view) {
        if (view.stage() != Stage.FAILED) {
            return new Outcome.NotFailed(view.stage());
        }
        LifecycleEvent failure = latestFailure(view);
        String stage = ((LifecycleEvent.Failed) failure.detail()).stage();
        return ownerOfStage.apply(stage)
                .<Outcome>map(owner -> new Outcome.Requested(new Retry(view.requestId(), stage, owner, null, null, failure.eventId(),
                        clock.instant())))
                .orElseGet(() -> new Outcome.NoOwner(stage));
    }

    /** Publishes the retry of a FAILED request's latest failure, by an engineer, for a reason (what was fixed). */
    public CompletionStage<Outcome> request(RequestView view, String engineer, String reason) {
        Outcome outcome = check(view);
        if (!(outcome instanceof Outcome.Requested offered)) {
            return CompletableFuture.completedFuture(outcome);
        }
        Retry retry = new Retry(offered.retry().requestId(), offered.retry().stage(), offered.retry().owner(), engineer, reason,
                offered.retry().failedEventId(), clock.instant());
        return publisher.publish(retry).thenApply(published -> new Outcome.Requested(retry));
    }

    private static LifecycleEvent latestFailure(RequestView view) {
        for (int i = view.timeline().size() - 1; i >= 0; i--) {
            LifecycleEvent event = view.timeline().get(i);
            if (event.type() == LifecycleEvent.Type.REQUEST_FAILED) {
                return event;
            }
        }
        throw new IllegalStateException("a FAILED request has a failure");
    }
}
