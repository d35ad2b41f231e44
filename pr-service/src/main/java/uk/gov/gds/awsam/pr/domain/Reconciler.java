package uk.gov.gds.awsam.pr.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * Catches up with what the webhooks missed (pr-service down, a delivery lost, a delivery answered 503): for
 * every pull request pr-service opened and has not seen concluded, asks GitHub for its state and concludes
 * it if it was merged or closed. Safe to run at any time: concluding is once per request. A rate limit ends
 * the pass (the next one carries on); nothing here waits for GitHub.
 */
public final class Reconciler {

    public record Report(int checked, int concluded, List<String> failures) {
    }

    private final GitHubPort github;
    private final GitHubPolicy policy;
    private final RequestLedger ledger;
    private final Concluding concluding;

    public Reconciler(GitHubPort github, GitHubPolicy policy, RequestLedger ledger, Concluding concluding) {
        this.github = github;
        this.policy = policy;
        this.ledger = ledger;
        this.concluding = concluding;
    }

    public Report reconcile() {
        if (!ledger.loaded()) {
            return new Report(0, 0, List.of("not yet rebuilt from the topics"));
        }
        int checked = 0;
        int concluded = 0;
        List<String> failures = new ArrayList<>();
        for (TrackedRequest tracked : ledger.openPullRequests()) {
            checked++;
            try {
                PullRequestState pr = policy.now(() -> github.pullRequest(tracked.repository(), tracked.number()), null);
                Concluding.Outcome outcome = concluding.conclude(tracked, pr, null, null);
                if (outcome != Concluding.Outcome.STILL_OPEN && outcome != Concluding.Outcome.ALREADY_CONCLUDED) {
                    concluded++;
                }
            } catch (GitHubFailure limited) {
                failures.add(tracked.requestId() + ": " + limited.getMessage());
                if (limited.rateLimited()) {
                    // asking again now would only meet the limit again: the next pass goes on
                    break;
                }
            } catch (RuntimeException failure) {
                failures.add(tracked.requestId() + ": " + failure.getMessage());
            }
        }
        return new Report(checked, concluded, List.copyOf(failures));
    }
}
