package uk.gov.gds.awsam.request.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class RecentViewBarrierTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final List<CompletableFuture<Void>> asked = new ArrayList<>();
    private final RecentViewBarrier barrier = new RecentViewBarrier(this::sync, Duration.ofSeconds(2), Duration.ofMillis(500), nanos::get);

    private CompletionStage<Void> sync() {
        CompletableFuture<Void> one = new CompletableFuture<>();
        asked.add(one);
        return one;
    }

    private void pass(Duration time) {
        nanos.addAndGet(time.toNanos());
    }

    @Test
    void theFirstDecisionsWaitForOneSharedBarrierAndTheNextOnesDoNotWait() {
        CompletableFuture<Void> first = barrier.recentEnough();
        CompletableFuture<Void> second = barrier.recentEnough();

        assertThat(asked).hasSize(1);
        assertThat(first).isNotDone();
        assertThat(second).isNotDone();
        asked.get(0).complete(null);
        assertThat(first).isCompleted();
        assertThat(second).isCompleted();

        pass(Duration.ofMillis(400));
        assertThat(barrier.recentEnough()).isCompleted();
        assertThat(asked).hasSize(1);
    }

    @Test
    void aReachedBarrierPastItsRefreshIsStillUsedWhileANewOneIsAskedForOnce() {
        barrier.recentEnough();
        asked.get(0).complete(null);

        pass(Duration.ofMillis(600));
        assertThat(barrier.recentEnough()).isCompleted();
        assertThat(barrier.recentEnough()).isCompleted();
        assertThat(asked).hasSize(2);

        asked.get(1).complete(null);
        pass(Duration.ofMillis(1_900)); // 2.5 s after the first, 1.9 s after the second was asked for
        assertThat(barrier.recentEnough()).isCompleted();
    }

    @Test
    void withNoReachedBarrierRecentEnoughADecisionWaitsForOneAskedForWithinTheUsableAge() {
        barrier.recentEnough();
        asked.get(0).complete(null);
        pass(Duration.ofMillis(600));
        barrier.recentEnough(); // asks for a second, which the view is slow to reach

        pass(Duration.ofMillis(1_500)); // the first is 2.1 s old: no longer usable; the second, 1.5 s, is in flight
        CompletableFuture<Void> waiting = barrier.recentEnough();
        assertThat(waiting).isNotDone();
        assertThat(asked).hasSize(2);

        pass(Duration.ofSeconds(1)); // the one in flight is now asked 2.5 s ago: not enough either; a new one
        CompletableFuture<Void> later = barrier.recentEnough();
        assertThat(asked).hasSize(3);
        asked.get(1).complete(null);
        assertThat(waiting).isCompleted();
        assertThat(later).isNotDone();
        asked.get(2).complete(null);
        assertThat(later).isCompleted();
    }

    @Test
    void aFailedBarrierFailsItsWaitersAndTheNextDecisionAsksAgain() {
        CompletableFuture<Void> waiting = barrier.recentEnough();
        asked.get(0).completeExceptionally(new IllegalStateException("the broker is away"));
        assertThat(waiting).isCompletedExceptionally();

        CompletableFuture<Void> again = barrier.recentEnough();
        assertThat(asked).hasSize(2);
        asked.get(1).complete(null);
        assertThat(again).isCompleted();
    }

    @Test
    void aRefreshMustComeBeforeTheBarrierStopsBeingUsable() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> new RecentViewBarrier(this::sync, Duration.ofSeconds(1), Duration.ofSeconds(1), nanos::get))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
