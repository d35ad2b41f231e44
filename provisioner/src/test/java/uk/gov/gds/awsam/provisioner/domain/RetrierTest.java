package uk.gov.gds.awsam.provisioner.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.provisioner.domain.AwsCallFailed.Kind;

class RetrierTest {

    private final List<Duration> pauses = new ArrayList<>();
    private final Retrier retrier = new Retrier(4, new Backoff(Duration.ofMillis(100), Duration.ofMillis(300)), pauses::add);

    @Test
    void failuresThatMayPassAreRetriedWithGrowingPausesUpToTheLimit() {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> retrier.call(Stage.CREATE_USER, () -> {
            calls.incrementAndGet();
            throw new AwsCallFailed(Kind.THROTTLED, "GetUser", "Throttling", "Rate exceeded");
        })).isInstanceOfSatisfying(StepFailed.class, failed -> {
            assertThat(failed.retryable()).isTrue();
            assertThat(failed.attempt()).isEqualTo(4);
            assertThat(failed.stage()).isEqualTo(Stage.CREATE_USER);
        });
        assertThat(calls).hasValue(4);
        assertThat(pauses).hasSize(3);
        assertThat(pauses.get(0)).isBetween(Duration.ofMillis(80), Duration.ofMillis(100));
        assertThat(pauses.get(1)).isBetween(Duration.ofMillis(160), Duration.ofMillis(200));
        assertThat(pauses.get(2)).isBetween(Duration.ofMillis(240), Duration.ofMillis(300));
    }

    @Test
    void aFailureThatWillNotPassIsNotRetried() {
        AwsCallFailed refused = new AwsCallFailed(Kind.REFUSED, "CreateUser", "ValidationError", "bad name");

        assertThatThrownBy(() -> retrier.call(Stage.CREATE_USER, () -> {
            throw refused;
        })).isSameAs(refused);
        assertThat(pauses).isEmpty();
    }

    @Test
    void anInterruptedPauseMeansStoppingNotFailing() {
        Retrier interrupted = new Retrier(3, new Backoff(Duration.ZERO, Duration.ZERO), d -> {
            throw new InterruptedException();
        });

        assertThatThrownBy(() -> interrupted.call(Stage.CREATE_ACCOUNT, () -> {
            throw new AwsCallFailed(Kind.TRANSIENT, "CreateAccount", "HTTP 503", "unavailable");
        })).isInstanceOf(Stopping.class);
        assertThat(Thread.interrupted()).isTrue();
    }
}
