package uk.gov.gds.awsam.pr.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class RetryingTest {

    final List<Duration> waits = new ArrayList<>();
    final Clock clock = Clock.fixed(Instant.parse("2026-11-22T09:00:00Z"), ZoneOffset.UTC);
    final Retrying retrying = new Retrying(4, Duration.ofMillis(100), Duration.ofSeconds(60), waits::add, clock);

    @Test
    void waitsAsLongAsGitHubAskedThenSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        String result = retrying.call("x", () -> {
            if (calls.incrementAndGet() == 1) {
                throw GitHubFailure.rateLimited("limited", Duration.ofSeconds(42));
            }
            return "ok";
        });
        assertThat(result).isEqualTo("ok");
        assertThat(waits).containsExactly(Duration.ofSeconds(42));
    }

    @Test
    void backsOffExponentiallyOnOutagesAndGivesUpAfterTheAttempts() {
        assertThatThrownBy(() -> retrying.call("x", () -> {
            throw new GitHubFailure(GitHubFailure.Kind.UNAVAILABLE, "502", null, null);
        })).isInstanceOfSatisfying(Retrying.Exhausted.class, e -> {
            assertThat(e.attempts()).isEqualTo(4);
            assertThat(e.last().retryable()).isTrue();
        });
        assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
    }

    @Test
    void aRefusalIsNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retrying.call("x", () -> {
            calls.incrementAndGet();
            throw new GitHubFailure(GitHubFailure.Kind.REFUSED, "403 forbidden", null, null);
        })).isInstanceOf(GitHubFailure.class);
        assertThat(calls).hasValue(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void aResetFurtherAwayThanTheLongestWaitEndsTheRetries() {
        assertThatThrownBy(() -> retrying.call("x", () -> {
            throw GitHubFailure.rateLimited("limited", Duration.ofMinutes(40));
        })).isInstanceOfSatisfying(Retrying.Exhausted.class, e -> assertThat(e.attempts()).isEqualTo(1));
        assertThat(waits).isEmpty();
    }

    @Test
    void noWaitPassesTheDeadline() {
        assertThatThrownBy(() -> retrying.call("x", () -> {
            throw GitHubFailure.rateLimited("limited", Duration.ofSeconds(5));
        }, clock.instant().plusSeconds(3))).isInstanceOf(Retrying.Exhausted.class);
        assertThat(waits).isEmpty();
    }
}
