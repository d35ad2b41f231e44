package uk.gov.gds.awsam.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Backoff QUICK = Backoff.exponential(Duration.ofMillis(1), Duration.ofMillis(4));

    @Test
    void doublesFromInitialUpToMax() {
        Backoff backoff = Backoff.exponential(Duration.ofMillis(100), Duration.ofMillis(1000));
        assertThat(backoff.after(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.after(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.after(4)).isEqualTo(Duration.ofMillis(800));
        assertThat(backoff.after(5)).isEqualTo(Duration.ofMillis(1000));
        assertThat(backoff.after(10_000)).isEqualTo(Duration.ofMillis(1000));
        assertThat(Backoff.exponential(Duration.ofSeconds(5), Duration.ofSeconds(1)).after(1)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void jitterShortensADelayByAtMostItsShare() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(300), 20);
        for (int i = 0; i < 200; i++) {
            assertThat(backoff.after(1)).isBetween(Duration.ofMillis(80), Duration.ofMillis(100));
            assertThat(backoff.after(3)).isBetween(Duration.ofMillis(240), Duration.ofMillis(300));
        }
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ZERO, 100)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void retriesWhatMayPassAtMostMaxAttemptsTimes() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> QUICK.retry(e -> true, 3, null, Clock.systemUTC(), () -> {
            calls.incrementAndGet();
            throw new IllegalStateException("down");
        })).hasMessage("down");
        assertThat(calls).hasValue(3);

        calls.set(0);
        assertThat(QUICK.retry(e -> true, 0, null, Clock.systemUTC(), () -> {
            if (calls.incrementAndGet() < 5) {
                throw new IllegalStateException("down");
            }
            return "up";
        })).isEqualTo("up");
    }

    @Test
    void throwsAtOnceWhatWillNotPassOrWhatWouldWaitPastTheDeadline() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> QUICK.retry(e -> e instanceof IllegalStateException, 0, null, Clock.systemUTC(), () -> {
            calls.incrementAndGet();
            throw new IllegalArgumentException("refused");
        })).hasMessage("refused");
        assertThat(calls).hasValue(1);

        calls.set(0);
        assertThatThrownBy(() -> QUICK.retry(e -> true, 0, Instant.now(), Clock.systemUTC(), () -> {
            calls.incrementAndGet();
            throw new IllegalStateException("down");
        })).hasMessage("down");
        assertThat(calls).hasValue(1);
    }
}
