package uk.gov.gds.awsam.pr.domain;

import java.time.Clock;
import java.time.Duration;

import uk.gov.gds.awsam.pr.domain.Facts.Failed;
import uk.gov.gds.awsam.pr.domain.Facts.Opened;
import uk.gov.gds.awsam.pr.domain.RepositorySettings.Repositories;

/**
 * TerraformGenerated → the request's pull request on GitHub (branch, one commit, pull request, labels,
 * reviewers) → PrOpened. Rate limits and outages are waited out; when the retries run out, or GitHub
 * refuses for good, RequestFailed (stage {@value #STAGE}) is published and {@link OpenFailed} thrown, so the
 * record goes to the dead-letter topic.
 */
public final class PullRequestOpening {

    public static final String STAGE = "OPEN_PR";

    /** The pull request could not be opened; RequestFailed has been published. */
    public static final class OpenFailed extends RuntimeException {
        OpenFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final GitHubPort github;
    private final PullRequestWriter writer;
    private final Retrying retrying;
    private final Repositories repositories;
    private final RequestLedger ledger;
    private final Publisher publisher;
    private final Clock clock;
    private final Duration publishTimeout;

    public PullRequestOpening(GitHubPort github, Retrying retrying, Repositories repositories, RequestLedger ledger, Publisher publisher,
            Clock clock, Duration publishTimeout) {
        this.github = github;
        this.writer = new PullRequestWriter(github);
        this.retrying = retrying;
        this.repositories = repositories;
        this.ledger = ledger;
        this.publisher = publisher;
        this.clock = clock;
        this.publishTimeout = publishTimeout;
    }

    public Opened open(ChangeRequest change) {
        RepositorySettings settings = repositories.find(change.repository()).orElse(null);
        if (settings == null) {
            throw fail(change, "repository " + change.repository() + " is not one pr-service writes to (billing: "
                    + repositories.billing().name() + ", users: " + repositories.users().name() + ")", false, 1, null);
        }
        ledger.generated(change);
        PullRequestState pr;
        try {
            pr = retrying.call("opening the pull request for " + change.requestId(), () -> writer.ensure(new PullRequestWriter.Proposal(
                    change.repository(), change.baseBranch(), change.branch(), change.commitMessage(), change.title(), change.body(),
                    change.changes())));
            if (pr.open()) {
                int number = pr.number();
                if (!settings.labels().isEmpty()) {
                    retrying.run("labelling pull request " + number, () -> github.addLabels(change.repository(), number, settings.labels()));
                }
                if (!settings.reviewers().isEmpty() || !settings.teamReviewers().isEmpty()) {
                    retrying.run("requesting reviews on pull request " + number, () -> github.requestReviews(change.repository(), number,
                            settings.reviewers(), settings.teamReviewers()));
                }
            }
        } catch (Retrying.Exhausted exhausted) {
            throw fail(change, exhausted.getMessage(), exhausted.last().retryable(), exhausted.attempts(), exhausted);
        } catch (GitHubFailure refused) {
            throw fail(change, "GitHub refused: " + refused.getMessage(), false, 1, refused);
        }
        ledger.opened(change.requestId(), pr.number());
        Opened opened = new Opened(EventIds.opened(change.eventId()), change.requestId(), change.eventId(),
                pr.createdAt() != null ? pr.createdAt() : clock.instant(), pr.repository(), pr.number(), pr.url(), pr.headSha());
        Publisher.await(publisher.publish(opened), publishTimeout);
        return opened;
    }

    private OpenFailed fail(ChangeRequest change, String reason, boolean retryable, int attempts, Throwable cause) {
        Publisher.await(publisher.publish(new Failed(EventIds.failed(change.eventId(), STAGE), change.requestId(), change.eventId(),
                clock.instant(), STAGE, reason, retryable, attempts)), publishTimeout);
        return new OpenFailed(reason, cause);
    }
}
