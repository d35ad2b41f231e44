package uk.gov.gds.awsam.pr.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.pr.domain.GitHubFailure.Kind;
import uk.gov.gds.awsam.pr.domain.GitHubFailure.Limit;

/** The policy on real time with short waits: rate limits waited on a timer and told once, outages attempted again then given up. */
class GitHubPolicyTest {

    final GitHubBudget budget = new GitHubBudget(new GitHubBudget.Limits(0, 0, Duration.ofMinutes(1), Duration.ofHours(1), Duration.ZERO,
            Duration.ofSeconds(3), Duration.ofMillis(300), Duration.ofSeconds(1)));
    final GitHubPolicy policy = new GitHubPolicy(new GitHubPolicy.Settings(3, Duration.ofMillis(20), Duration.ofMillis(50),
            Duration.ofSeconds(30)), budget, Clock.systemUTC(), 1);
    final List<String> told = new CopyOnWriteArrayList<>();
    final GitHubPolicy.Waits waits = (ordinal, until, reason) -> {
        told.add(ordinal + " " + reason);
        return CompletableFuture.completedFuture(null);
    };

    @AfterEach
    void stop() {
        policy.close();
    }

    @Test
    void aRateLimitIsWaitedOnATimerWithTheThreadFreeAndToldOnce() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        long start = System.nanoTime();
        var limited = policy.run("r1", () -> {
            if (attempts.incrementAndGet() == 1) {
                throw GitHubFailure.rateLimited(Limit.SECONDARY, Instant.now().plusMillis(400), "GitHub's secondary rate limit");
            }
            return "opened";
        }, waits).toCompletableFuture();
        // the policy's only thread is free during the wait: another request's work runs meanwhile
        assertThat(policy.run("r2", () -> "other", GitHubPolicy.Waits.NONE).toCompletableFuture().get(300, TimeUnit.MILLISECONDS))
                .isEqualTo("other");

        assertThat(limited.get(5, TimeUnit.SECONDS)).isEqualTo("opened");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(380));
        assertThat(attempts).hasValue(2);
        assertThat(told).containsExactly("1 GitHub's secondary rate limit");
    }

    @Test
    void aSecondaryLimitThatNamesNoTimeWaitsTheBudgetsWait() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        String result = policy.run("r", () -> {
            if (attempts.incrementAndGet() < 3) {
                throw budget.limited(GitHubFailure.rateLimited(Limit.SECONDARY, null, "secondary, no time"), Instant.now());
            }
            return "done";
        }, waits).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(result).isEqualTo("done");
        assertThat(told).as("two waits, the second longer: two events").hasSize(2);
    }

    @Test
    void anOutageIsAttemptedAgainThenGivenUp() {
        AtomicInteger attempts = new AtomicInteger();
        var failed = policy.run("r", () -> {
            attempts.incrementAndGet();
            throw new GitHubFailure(Kind.UNAVAILABLE, "502", null);
        }, waits).toCompletableFuture();
        assertThatThrownBy(() -> failed.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(GitHubPolicy.GaveUp.class, gaveUp -> assertThat(gaveUp.attempts()).isEqualTo(3));
        assertThat(attempts).hasValue(3);
        assertThat(told).isEmpty();
    }

    @Test
    void aRefusalEndsTheWorkAtOnce() {
        AtomicInteger attempts = new AtomicInteger();
        var refused = policy.run("r", () -> {
            attempts.incrementAndGet();
            throw new GitHubFailure(Kind.RULESET, "Repository rule violations found", null);
        }, waits).toCompletableFuture();
        assertThatThrownBy(() -> refused.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(GitHubFailure.class);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void nowThrowsARateLimitAtOnceAndTriesAnOutageAFewTimes() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> policy.now(() -> {
            attempts.incrementAndGet();
            throw GitHubFailure.rateLimited(Limit.PRIMARY, Instant.now().plusSeconds(60), "primary");
        }, null)).isInstanceOf(GitHubFailure.class);
        assertThat(attempts).hasValue(1);
        assertThat(policy.now(() -> {
            if (attempts.incrementAndGet() < 3) {
                throw new GitHubFailure(Kind.UNAVAILABLE, "502", null);
            }
            return "read";
        }, null)).isEqualTo("read");
    }
}
