package uk.gov.gds.awsam.pr.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import uk.gov.gds.awsam.pr.domain.Facts.Closed;
import uk.gov.gds.awsam.pr.domain.Facts.Failed;
import uk.gov.gds.awsam.pr.domain.Facts.Merged;
import uk.gov.gds.awsam.pr.domain.TrackedRequest.Conclusion;

/**
 * A request's pull request was closed: PrMerged, carrying the request's files as they are at the merge
 * commit (a reviewer's edits included; content null where a file is absent), or PrClosed. Called by the
 * webhook and by the reconciler; one request at a time, and only once: a request already concluded
 * publishes nothing more.
 */
public final class Concluding {

    /** A merge into another branch than the request's base was not reviewed where it counts. */
    public static final String WRONG_BASE_STAGE = PullRequestOpening.MERGE_STAGE;

    public enum Outcome {
        MERGED, CLOSED, ALREADY_CONCLUDED, STILL_OPEN, MERGED_ELSEWHERE
    }

    private final GitHubPort github;
    private final GitHubPolicy policy;
    private final RequestLedger ledger;
    private final Publisher publisher;
    private final Clock clock;
    private final Duration publishTimeout;

    public Concluding(GitHubPort github, GitHubPolicy policy, RequestLedger ledger, Publisher publisher, Clock clock, Duration publishTimeout) {
        this.github = github;
        this.policy = policy;
        this.ledger = ledger;
        this.publisher = publisher;
        this.clock = clock;
        this.publishTimeout = publishTimeout;
    }

    /** Within the caller's deadline (a webhook's budget), else the configured publish timeout. */
    private Duration timeout(Instant deadline) {
        if (deadline == null) {
            return publishTimeout;
        }
        Duration left = Duration.between(clock.instant(), deadline);
        return left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
    }

    /**
     * @param actor who merged or closed it, as the webhook says (null: ask GitHub)
     * @param deadline when to give up waiting on GitHub (null: only the policy's quick attempts; a rate limit is thrown at once)
     */
    public Outcome conclude(TrackedRequest tracked, PullRequestState pr, String actor, Instant deadline) {
        if (pr.open()) {
            return Outcome.STILL_OPEN;
        }
        synchronized (ledger.lock(tracked.requestId())) {
            TrackedRequest current = ledger.get(tracked.requestId()).orElse(tracked);
            if (current.concluded()) {
                return Outcome.ALREADY_CONCLUDED;
            }
            String opened = tracked.openedEventId();
            if (pr.merged() && !pr.baseRef().equals(tracked.baseBranch())) {
                Publisher.await(publisher.publish(new Failed(EventIds.failed(opened, WRONG_BASE_STAGE), tracked.requestId(), opened,
                        clock.instant(), WRONG_BASE_STAGE, "pull request " + pr.repository() + "#" + pr.number() + " was merged into "
                                + pr.baseRef() + ", not " + tracked.baseBranch() + ": nothing is applied", false, 1,
                        "Nothing was applied. If the change should not be on " + pr.baseRef() + ", revert the merge there. Then an"
                                + " engineer retries " + WRONG_BASE_STAGE + ": pr-service opens a new pull request from "
                                + tracked.branch() + " into " + tracked.baseBranch() + ", to be reviewed and merged there.")),
                        timeout(deadline));
                ledger.concluded(tracked.requestId(), Conclusion.MERGED_ELSEWHERE);
                return Outcome.MERGED_ELSEWHERE;
            }
            if (pr.merged()) {
                List<FileContent> files = new ArrayList<>();
                for (String path : tracked.paths()) {
                    String content = policy.now(() -> github.file(pr.repository(), path, pr.mergeCommitSha()), deadline)
                            .map(GitHubPort.FileAt::content).orElse(null);
                    files.add(new FileContent(path, content));
                }
                String mergedBy = actor != null ? actor : pr.mergedBy();
                Instant mergedAt = pr.mergedAt() != null ? pr.mergedAt() : clock.instant();
                Publisher.await(publisher.publish(new Merged(EventIds.merged(opened), tracked.requestId(), opened, mergedAt,
                        pr.repository(), pr.number(), pr.mergeCommitSha(), mergedBy == null ? "unknown" : mergedBy, mergedAt,
                        tracked.journey(), tracked.subjects(), files)), timeout(deadline));
                ledger.concluded(tracked.requestId(), Conclusion.MERGED);
                return Outcome.MERGED;
            }
            String closedBy = actor != null ? actor
                    : policy.now(() -> github.closedBy(pr.repository(), pr.number()), deadline);
            Instant closedAt = pr.closedAt() != null ? pr.closedAt() : clock.instant();
            Publisher.await(publisher.publish(new Closed(EventIds.closed(opened), tracked.requestId(), opened, closedAt, pr.repository(),
                    pr.number(), closedBy == null ? "unknown" : closedBy)), timeout(deadline));
            ledger.concluded(tracked.requestId(), Conclusion.CLOSED);
            return Outcome.CLOSED;
        }
    }
}
