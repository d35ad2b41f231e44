package uk.gov.gds.awsam.pr.domain;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import uk.gov.gds.awsam.events.ResumableStage;
import uk.gov.gds.awsam.pr.domain.Facts.Failed;
import uk.gov.gds.awsam.pr.domain.TrackedRequest.Conclusion;
import uk.gov.gds.awsam.pr.domain.TrackedRequest.RecordLocation;

/**
 * An engineer's RetryRequested for a stage pr-service owns ({@link ResumableStage#OPEN_PR},
 * {@link ResumableStage#PR_MERGE}): the request's TerraformGenerated is read again from where Kafka holds it,
 * and the stage resumes from where it stopped, idempotently (what exists on GitHub is found, not made again).
 * Other services' stages are ignored. What the retry publishes derives from it, so a second failure is a new
 * RequestFailed.
 */
public final class Retries {

    /** A RetryRequested. */
    public record Retry(String eventId, String requestId, String stage, String engineer, String reason) {
    }

    /** Reads a TerraformGenerated back from its topic. */
    @FunctionalInterface
    public interface GeneratedRecords {
        /** The change of the record at {@code location}, if the topic still holds it (retention may have removed it). */
        Optional<ChangeRequest> read(RecordLocation location);
    }

    /** How long a retry waits for the state to be rebuilt at start. */
    private static final Duration STATE_WAIT = Duration.ofMinutes(2);
    /** How long, once rebuilt, it waits for the ledger to follow the topic up to the request. */
    private static final Duration FOLLOW_WAIT = Duration.ofSeconds(10);

    private final RequestLedger ledger;
    private final GeneratedRecords records;
    private final PullRequestOpening opening;
    private final Publisher publisher;
    private final Clock clock;
    private final Duration publishTimeout;
    private final Executor blocking;

    /** @param blocking where reading the topic and publishing may block (never the caller's event loop) */
    public Retries(RequestLedger ledger, GeneratedRecords records, PullRequestOpening opening, Publisher publisher, Clock clock,
            Duration publishTimeout, Executor blocking) {
        this.ledger = ledger;
        this.records = records;
        this.opening = opening;
        this.publisher = publisher;
        this.clock = clock;
        this.publishTimeout = publishTimeout;
        this.blocking = blocking;
    }

    /** Whether pr-service owns the stage a retry names. */
    public static boolean ours(String stage) {
        return ResumableStage.named(stage).map(s -> s.owner() == ResumableStage.Service.PR_SERVICE).orElse(false);
    }

    /** Completes with what was done (for the log); exceptionally when the stage failed again (RequestFailed published). */
    public CompletionStage<String> resume(Retry retry) {
        if (!ours(retry.stage())) {
            return CompletableFuture.completedFuture("stage " + retry.stage() + " is not pr-service's");
        }
        return CompletableFuture.supplyAsync(() -> change(retry), blocking).thenCompose(change -> {
            if (change.isEmpty()) {
                return CompletableFuture.completedFuture("nothing to resume");
            }
            return opening.retry(change.get(), new PullRequestOpening.Retry(retry.eventId(), retry.stage()))
                    .thenApply(opened -> "resumed " + retry.stage() + ": pull request " + opened.repository() + "#" + opened.number());
        });
    }

    /** The request's TerraformGenerated, or empty when there is nothing pr-service may resume (said in the log or a RequestFailed). */
    private Optional<ChangeRequest> change(Retry retry) {
        awaitKnown(retry.requestId());
        Optional<TrackedRequest> tracked = ledger.get(retry.requestId()).filter(TrackedRequest::generated);
        if (tracked.isEmpty() || tracked.get().generatedAt() == null) {
            throw fail(retry, "pr-service has no TerraformGenerated for request " + retry.requestId() + ": the request failed before"
                    + " pull requests", "Retry the stage that failed first (see the request's timeline).");
        }
        Conclusion conclusion = tracked.get().conclusion();
        if (retry.stage().equals(PullRequestOpening.MERGE_STAGE) && (conclusion == Conclusion.MERGED || conclusion == Conclusion.CLOSED)) {
            // merged into its base since, or rejected: there is no failed merge to retry
            return Optional.empty();
        }
        RecordLocation at = tracked.get().generatedAt();
        ChangeRequest change = records.read(at).filter(c -> c.requestId().equals(retry.requestId())).orElseThrow(() -> fail(retry,
                "the request's TerraformGenerated is no longer on its topic (partition " + at.partition() + ", offset " + at.offset()
                        + "; the topic's retention removed it)", "Retry GENERATE_TERRAFORM, so that terraform-generator publishes it again."));
        return Optional.of(change);
    }

    /** Until the ledger is rebuilt (a retry at start) and, briefly, until it has followed the topic up to the request. */
    private void awaitKnown(String requestId) {
        long start = System.nanoTime();
        long loadedAt = -1;
        while (true) {
            boolean loaded = ledger.loaded();
            if (loaded && ledger.get(requestId).map(r -> r.generatedAt() != null).orElse(false)) {
                return;
            }
            long now = System.nanoTime();
            if (loaded && loadedAt < 0) {
                loadedAt = now;
            }
            if (loadedAt >= 0 && now - loadedAt > FOLLOW_WAIT.toNanos() || now - start > STATE_WAIT.toNanos()) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private PullRequestOpening.OpenFailed fail(Retry retry, String reason, String whatNext) {
        Publisher.await(publisher.publish(new Failed(EventIds.failed(retry.eventId(), retry.stage()), retry.requestId(), retry.eventId(),
                clock.instant(), retry.stage(), reason, false, 1, whatNext)), publishTimeout);
        return new PullRequestOpening.OpenFailed(reason, null);
    }
}
