package uk.gov.gds.awsam.pr.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Catches up with what the webhooks missed (pr-service down, a delivery lost, a delivery answered 503): for
 * every pull request pr-service opened and has not seen concluded, asks GitHub for its state and concludes
 * it if it was merged or closed. Safe to run at any time: concluding is once per request. A rate limit ends
 * the pass (the next one carries on); nothing here waits for GitHub.
 *
 * <p>What it asks costs GitHub's hourly budget, which the pull requests themselves need. Until a pass has finished,
 * each pass reads every open pull request ({@code GET /pulls/{n}}); after one has, a pass lists per repository the
 * pull requests closed since the last finished pass began ({@link #OVERLAP} before, for the clocks) and reads only
 * those that are pr-service's and still open as far as it knows, and those whose read failed in an earlier pass.
 * Everything closed since then was either concluded by that pass, is in the listing, or is read again, so nothing is
 * missed, and a hundred pull requests waiting for review cost a listing a repository per pass instead of a hundred
 * reads. A pass finishes unless a listing failed or a rate limit ended it; a pull request whose read fails (one that
 * fails every time, say a repository the App no longer sees, included) is read again by the next pass, alone, rather
 * than holding every pass to reading them all.
 */
public final class Reconciler {

    /** How far before the last finished pass a listing reaches back: GitHub's clock and this one may differ. */
    static final Duration OVERLAP = Duration.ofMinutes(10);

    public record Report(int checked, int concluded, List<String> failures) {
    }

    private final GitHubPort github;
    private final GitHubPolicy policy;
    private final RequestLedger ledger;
    private final Concluding concluding;
    private final Clock clock;
    /** When the last pass that finished began; null until one has. */
    private volatile Instant finishedPassBegan;
    /** The pull requests ({@code repository#number}) whose last read failed: the next pass reads them whatever is listed. */
    private final Set<String> readFailed = ConcurrentHashMap.newKeySet();

    public Reconciler(GitHubPort github, GitHubPolicy policy, RequestLedger ledger, Concluding concluding, Clock clock) {
        this.github = github;
        this.policy = policy;
        this.ledger = ledger;
        this.concluding = concluding;
        this.clock = clock;
    }

    public Report reconcile() {
        if (!ledger.loaded()) {
            return new Report(0, 0, List.of("not yet rebuilt from the topics"));
        }
        Instant began = clock.instant();
        List<String> failures = new ArrayList<>();
        List<TrackedRequest> open = ledger.openPullRequests();
        readFailed.retainAll(open.stream().map(Reconciler::key).toList());
        boolean listed = true;
        List<TrackedRequest> toRead = open;
        if (finishedPassBegan != null) {
            Set<String> closed = closedSince(open, finishedPassBegan.minus(OVERLAP), failures);
            listed = closed != null;
            toRead = open.stream().filter(tracked -> readFailed.contains(key(tracked)) || closed != null && closed.contains(key(tracked)))
                    .toList();
        }
        int checked = 0;
        int concluded = 0;
        boolean limited = false;
        for (TrackedRequest tracked : toRead) {
            checked++;
            try {
                PullRequestState pr = policy.now(() -> github.pullRequest(tracked.repository(), tracked.number()), null);
                readFailed.remove(key(tracked));
                Concluding.Outcome outcome = concluding.conclude(tracked, pr, null, null);
                if (outcome != Concluding.Outcome.STILL_OPEN && outcome != Concluding.Outcome.ALREADY_CONCLUDED) {
                    concluded++;
                }
            } catch (GitHubFailure failure) {
                failures.add(tracked.requestId() + ": " + failure.getMessage());
                readFailed.add(key(tracked));
                if (failure.rateLimited()) {
                    // asking again now would only meet the limit again: the next pass goes on
                    limited = true;
                    break;
                }
            } catch (RuntimeException failure) {
                failures.add(tracked.requestId() + ": " + failure.getMessage());
                readFailed.add(key(tracked));
            }
        }
        if (listed && !limited) {
            finishedPassBegan = began;
        }
        return new Report(checked, concluded, List.copyOf(failures));
    }

    private static String key(TrackedRequest tracked) {
        return tracked.repository() + "#" + tracked.number();
    }

    /**
     * The pull requests ({@code repository#number}) of the repositories of {@code open} that GitHub lists as closed
     * since {@code since}; null, and a failure added, when a listing fails.
     */
    private Set<String> closedSince(List<TrackedRequest> open, Instant since, List<String> failures) {
        Set<String> repositories = new LinkedHashSet<>();
        open.forEach(tracked -> repositories.add(tracked.repository()));
        Set<String> closed = new HashSet<>();
        for (String repository : repositories) {
            try {
                policy.now(() -> github.closedSince(repository, since), null).forEach(number -> closed.add(repository + "#" + number));
            } catch (GitHubFailure | IllegalStateException failure) {
                failures.add(repository + ": listing closed pull requests: " + failure.getMessage());
                return null;
            }
        }
        return closed;
    }
}
