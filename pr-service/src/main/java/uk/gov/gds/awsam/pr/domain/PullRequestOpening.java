package uk.gov.gds.awsam.pr.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import uk.gov.gds.awsam.events.ResumableStage;
import uk.gov.gds.awsam.pr.domain.Facts.Failed;
import uk.gov.gds.awsam.pr.domain.Facts.Opened;
import uk.gov.gds.awsam.pr.domain.Facts.Waiting;
import uk.gov.gds.awsam.pr.domain.PullRequestExtras.Warning;
import uk.gov.gds.awsam.pr.domain.PullRequestWriter.NothingToReview;
import uk.gov.gds.awsam.pr.domain.PullRequestWriter.Proposal;
import uk.gov.gds.awsam.pr.domain.RepositorySettings.Repositories;

/**
 * TerraformGenerated (or an engineer's retry) → the request's pull request on GitHub (branch, one commit,
 * pull request, then labels, assignees and reviewers as best effort) → PrOpened, its warnings naming any
 * extra that could not be added. Run through the {@link GitHubPolicy}: rate limits are waited out (each wait
 * published as RequestWaiting) and never fail the request. When GitHub refuses for good, or stays
 * unavailable, RequestFailed is published with what a person does next, and {@link OpenFailed} completes the
 * stage, so the record goes to the dead-letter topic.
 */
public final class PullRequestOpening {

    public static final String STAGE = ResumableStage.OPEN_PR.name();
    /** The stage a merge into another branch than the base fails at; its retry opens the pull request again. */
    public static final String MERGE_STAGE = ResumableStage.PR_MERGE.name();

    /** The pull request could not be opened; RequestFailed has been published. */
    public static final class OpenFailed extends RuntimeException {
        OpenFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** An engineer's retry: its event id (the cause of what it publishes) and the stage it resumes. */
    public record Retry(String eventId, String stage) {
    }

    private final PullRequestWriter writer;
    private final PullRequestExtras extras;
    private final GitHubPolicy policy;
    private final Repositories repositories;
    private final RequestLedger ledger;
    private final Publisher publisher;
    private final Clock clock;
    private final Duration publishTimeout;

    public PullRequestOpening(GitHubPort github, GitHubPolicy policy, Repositories repositories, RequestLedger ledger, Publisher publisher,
            Clock clock, Duration publishTimeout) {
        this.writer = new PullRequestWriter(github);
        this.extras = new PullRequestExtras(github);
        this.policy = policy;
        this.repositories = repositories;
        this.ledger = ledger;
        this.publisher = publisher;
        this.clock = clock;
        this.publishTimeout = publishTimeout;
    }

    /** The request's TerraformGenerated: opens its pull request. */
    public CompletionStage<Opened> open(ChangeRequest change) {
        return open(change, change.eventId(), STAGE, EventIds.opened(change.eventId()), false);
    }

    /**
     * An engineer's retry of {@link #STAGE} (opens the pull request as the TerraformGenerated would have) or of
     * {@link #MERGE_STAGE} (the pull request was merged into another branch: a new one is opened from the same
     * branch into the base, and the request waits for its review). What it publishes derives from the retry.
     */
    public CompletionStage<Opened> retry(ChangeRequest change, Retry retry) {
        boolean reopen = retry.stage().equals(MERGE_STAGE);
        return open(change, retry.eventId(), retry.stage(), reopen ? EventIds.reopened(retry.eventId()) : EventIds.opened(change.eventId()),
                reopen);
    }

    private record Outcome(PullRequestState pr, List<Warning> warnings, String nothingToReview) {
    }

    /** The request names a repository pr-service does not write to. */
    private static final class NotConfigured extends RuntimeException {
        NotConfigured(String message) {
            super(message);
        }
    }

    private CompletionStage<Opened> open(ChangeRequest change, String cause, String stage, String openedEventId, boolean reopen) {
        ledger.generated(change);
        Proposal proposal = new Proposal(change.repository(), change.baseBranch(), change.branch(), change.commitMessage(), change.title(),
                change.body(), change.changes());
        GitHubPolicy.Waits waits = (ordinal, until, reason) -> publisher.publish(new Waiting(EventIds.waiting(cause, stage, ordinal),
                change.requestId(), cause, clock.instant(), stage, "GitHub", reason, until));
        // everything, the refusals' RequestFailed included, runs on the policy's threads: the caller may be an event loop
        PullRequestWriter.Progress progress = new PullRequestWriter.Progress();
        return policy.run(change.requestId(), () -> attempt(proposal, progress), waits, (outcome, failure) -> {
            if (failure != null) {
                throw failed(change, cause, stage, unwrap(failure));
            }
            if (outcome.nothingToReview() != null) {
                throw fail(change, cause, stage, change.repository() + "'s " + change.baseBranch() + " already holds every commit of "
                        + change.branch() + " (" + outcome.nothingToReview() + "): there is nothing to review", false, 1, "Compare "
                        + change.branch() + " with " + change.baseBranch() + " on GitHub. If " + change.baseBranch() + " already has the"
                        + " request's changes, nothing is needed. If not, delete the branch so that pr-service makes it again, then an"
                        + " engineer retries " + stage + ".", null);
            }
            return published(change, cause, openedEventId, reopen, outcome);
        });
    }

    private Outcome attempt(Proposal proposal, PullRequestWriter.Progress progress) {
        RepositorySettings settings = repositories.find(proposal.repository()).orElseThrow(() -> new NotConfigured("repository "
                + proposal.repository() + " is not one pr-service writes to (billing: " + repositories.billing().name() + ", users: "
                + repositories.users().name() + ")"));
        PullRequestWriter.Result result = writer.ensure(proposal, progress);
        if (result instanceof NothingToReview nothing) {
            return new Outcome(null, List.of(), nothing.detail());
        }
        PullRequestWriter.Opened opened = (PullRequestWriter.Opened) result;
        PullRequestState pr = opened.pullRequest();
        List<Warning> warnings = pr.open() ? extras.add(settings, pr, opened.created()) : List.of();
        return new Outcome(pr, warnings, null);
    }

    private Opened published(ChangeRequest change, String cause, String openedEventId, boolean reopen, Outcome outcome) {
        PullRequestState pr = outcome.pr();
        if (reopen) {
            ledger.reopened(change.requestId(), pr.number(), openedEventId);
        } else {
            ledger.opened(change.requestId(), pr.number(), openedEventId);
        }
        Opened opened = new Opened(openedEventId, change.requestId(), reopen ? cause : change.eventId(),
                pr.createdAt() != null ? pr.createdAt() : clock.instant(), pr.repository(), pr.number(), pr.url(), pr.headSha(),
                outcome.warnings().stream().map(Warning::text).toList());
        Publisher.await(publisher.publish(opened), publishTimeout);
        return opened;
    }

    private OpenFailed failed(ChangeRequest change, String cause, String stage, Throwable failure) {
        String repository = change.repository();
        if (failure instanceof NotConfigured notConfigured) {
            return fail(change, cause, stage, notConfigured.getMessage(), false, 1, "If the request names the wrong repository,"
                    + " terraform-generator's configuration is wrong; if pr-service's list is, set PR_BILLING_NAME / PR_USERS_NAME. Then"
                    + " an engineer retries " + stage + ".", notConfigured);
        }
        if (failure instanceof GitHubPolicy.GaveUp gaveUp) {
            return fail(change, cause, stage, gaveUp.getMessage(), true, gaveUp.attempts(), "GitHub did not answer (see"
                    + " https://www.githubstatus.com). Nothing needs changing: once GitHub answers, an engineer retries " + stage + ".",
                    gaveUp);
        }
        if (failure instanceof GitHubFailure refused) {
            String next = switch (refused.kind()) {
                case RULESET -> "A repository admin of " + repository + " changes the ruleset that refused it (Settings → Rules →"
                        + " Rulesets): add pr-service's GitHub App as a bypass actor, or leave refs/heads/aws-accounts/** out of the"
                        + " rule. Then an engineer retries " + stage + ".";
                case REFUSED -> "Give pr-service's GitHub App (or token) Contents: write and Pull requests: write on " + repository
                        + " (and install the App on it); if GitHub answered 401, check PR_GITHUB_TOKEN or the App's id,"
                        + " installation id and private key. Then an engineer retries " + stage + ".";
                case NOT_FOUND -> "Check that " + repository + " and its branch " + change.baseBranch() + " exist and that"
                        + " pr-service's GitHub App is installed on the repository (GitHub answers 404 for a repository it may not"
                        + " see). Then an engineer retries " + stage + ".";
                default -> "An engineer reads GitHub's reason above, corrects what it names, then retries " + stage + ".";
            };
            return fail(change, cause, stage, "GitHub refused: " + refused.getMessage(), false, 1, next, refused);
        }
        return fail(change, cause, stage, "pr-service failed: " + failure, false, 1,
                "An engineer reads pr-service's log for request " + change.requestId() + ", fixes the cause, then retries " + stage + ".",
                failure);
    }

    private OpenFailed fail(ChangeRequest change, String cause, String stage, String reason, boolean retryable, int attempts,
            String whatNext, Throwable failure) {
        Instant now = clock.instant();
        Publisher.await(publisher.publish(new Failed(EventIds.failed(cause, stage), change.requestId(), cause, now, stage, reason, retryable,
                attempts, whatNext)), publishTimeout);
        return new OpenFailed(reason, failure);
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
