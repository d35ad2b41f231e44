package uk.gov.gds.awsam.pr.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.pr.domain.GitHubFailure.Limit;

/** The shared budget, on a clock the test moves: GitHub's windows, a second apart, reservations, the gate. */
class GitHubBudgetTest {

    static final Instant T0 = Instant.parse("2026-11-22T09:00:00Z");

    final GitHubBudget github = new GitHubBudget(GitHubBudget.Limits.github());

    /** Takes slots as a caller would (waiting for inline slots; coming back at a reserved one) and returns when each call went out. */
    private List<Instant> calls(GitHubBudget budget, int count, String key) {
        List<Instant> sent = new ArrayList<>();
        Instant now = T0;
        while (sent.size() < count) {
            try {
                Duration wait = budget.acquire(key, now).waitFirst();
                now = now.plus(wait);
                sent.add(now);
            } catch (GitHubFailure paced) {
                assertThat(paced.limit()).contains(Limit.PACED);
                now = paced.until().orElseThrow();
            }
        }
        return sent;
    }

    @Test
    void contentCreatingCallsGoOutASecondApartAndNeverMoreThanGitHubsLimitsInAnyWindow() {
        List<Instant> sent = calls(github, 1200, "r");

        for (int i = 1; i < sent.size(); i++) {
            assertThat(Duration.between(sent.get(i - 1), sent.get(i))).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }
        for (Instant end : sent) {
            assertThat(sent.stream().filter(t -> t.isAfter(end.minusSeconds(60)) && !t.isAfter(end))).hasSizeLessThanOrEqualTo(80);
            assertThat(sent.stream().filter(t -> t.isAfter(end.minusSeconds(3600)) && !t.isAfter(end))).hasSizeLessThanOrEqualTo(500);
        }
        // 500 in the first 500 s, then the hour's window holds the rest back: 1,200 calls take about 2 hours and 3 minutes
        assertThat(Duration.between(T0, sent.get(499))).isEqualTo(Duration.ofSeconds(499));
        assertThat(Duration.between(T0, sent.get(500))).isBetween(Duration.ofSeconds(3600), Duration.ofSeconds(3603));
    }

    @Test
    void aSlotFurtherAwayThanTheInlineWaitIsReservedForTheRequestAndHeldForItsReturn() {
        GitHubBudget budget = new GitHubBudget(new GitHubBudget.Limits(2, 0, Duration.ofSeconds(10), Duration.ofHours(1), Duration.ZERO,
                Duration.ofSeconds(3), Duration.ofMinutes(1), Duration.ofMinutes(15)));
        budget.acquire("a", T0);
        budget.acquire("b", T0);
        GitHubFailure deferred = catchPaced(() -> budget.acquire("c", T0));
        Instant slot = deferred.until().orElseThrow();
        assertThat(slot).isAfter(T0.plusSeconds(10));
        assertThat(deferred.getMessage()).contains("2 per 10 s");

        // someone else asking now gets no earlier slot: c's is held
        GitHubFailure other = catchPaced(() -> budget.acquire("d", T0.plusSeconds(1)));
        assertThat(other.until().orElseThrow()).isAfterOrEqualTo(slot);
        // c coming back early is told again; on time, it goes
        assertThat(catchPaced(() -> budget.acquire("c", T0.plusSeconds(2))).until()).contains(slot);
        assertThat(budget.acquire("c", slot).waitFirst()).isZero();
        assertThat(budget.pacing()[1]).isEqualTo(3);
    }

    @Test
    void aRateLimitGitHubAnsweredClosesTheGateForEveryCallUntilItsTime() {
        Instant reset = T0.plusSeconds(90);
        GitHubFailure limited = github.limited(GitHubFailure.rateLimited(Limit.PRIMARY, reset, "primary"), T0);
        assertThat(limited.until()).contains(reset);

        assertThatThrownBy(() -> github.checkOpen(T0.plusSeconds(89))).isInstanceOfSatisfying(GitHubFailure.class,
                f -> assertThat(f.until()).contains(reset));
        assertThat(catchPaced(() -> github.acquire("x", T0.plusSeconds(1))).until().orElseThrow()).isAfterOrEqualTo(reset);
        github.checkOpen(reset);
    }

    @Test
    void aSecondaryLimitWithoutATimeWaitsAMinuteDoublingWhileItRepeatsUntilACallGoesThrough() {
        GitHubFailure unnamed = GitHubFailure.rateLimited(Limit.SECONDARY, null, "secondary");
        assertThat(github.limited(unnamed, T0).until()).contains(T0.plusSeconds(60));
        assertThat(github.limited(unnamed, T0).until()).contains(T0.plusSeconds(120));
        assertThat(github.limited(unnamed, T0).until()).contains(T0.plusSeconds(240));
        for (int i = 0; i < 10; i++) {
            github.limited(unnamed, T0);
        }
        assertThat(github.limited(unnamed, T0).until()).as("at most 15 minutes").contains(T0.plusSeconds(900));
        github.succeeded();
        assertThat(github.limited(unnamed, T0.plusSeconds(1000)).until()).contains(T0.plusSeconds(1060));
    }

    @Test
    void withNoLimitsCallsGoAtOnce() {
        GitHubBudget none = new GitHubBudget(new GitHubBudget.Limits(0, 0, Duration.ofMinutes(1), Duration.ofHours(1), Duration.ZERO,
                Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ofSeconds(2)));
        for (int i = 0; i < 1000; i++) {
            assertThat(none.acquire("k", T0).waitFirst()).isZero();
        }
        assertThat(none.describe()).isEqualTo("no limit");
        assertThat(github.describe()).isEqualTo("80 per minute, 500 per hour, 1 s apart");
    }

    private static GitHubFailure catchPaced(Runnable call) {
        try {
            call.run();
        } catch (GitHubFailure failure) {
            return failure;
        }
        throw new AssertionError("expected a deferral");
    }
}
