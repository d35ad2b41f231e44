package uk.gov.gds.awsam.request.messaging;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * "The view has read at least up to a moment no older than {@code usable}", shared by every claim decided meanwhile.
 * The claims need the view only to hold requests whose claims are older than the hold, and such a request was
 * published a publish timeout before at least, less the clocks' disagreement ({@link ClaimsTopic}): a barrier reached
 * that was asked for up to {@code usable} ago proves it, so an attempt waits for the view only when none is that
 * recent. Once the newest reached barrier is {@code refresh} old, the next attempt asks for a new one and goes on
 * without waiting for it.
 * One barrier per attempt (fetching 40 topics' end offsets and waking the view's reader each time) was what slowed
 * the intake most under load (README, "Measured").
 */
final class RecentViewBarrier {

    private record Barrier(long askedAt, CompletableFuture<Void> reached) {
    }

    private static final CompletableFuture<Void> NOW = CompletableFuture.completedFuture(null);

    private final Supplier<CompletionStage<Void>> sync;
    private final LongSupplier nanoTime;
    private final long usable;
    private final long refresh;
    private final AtomicReference<Barrier> asked = new AtomicReference<>();
    private final AtomicReference<Barrier> reached = new AtomicReference<>();

    /**
     * @param sync the view's read barrier
     * @param usable how old a reached barrier may be and still prove what the claims need (well inside a publish timeout)
     * @param refresh how old the newest reached barrier may grow before a new one is asked for
     */
    RecentViewBarrier(Supplier<CompletionStage<Void>> sync, Duration usable, Duration refresh, LongSupplier nanoTime) {
        if (refresh.compareTo(usable) >= 0) {
            throw new IllegalArgumentException("a barrier must be renewed before it stops being usable");
        }
        this.sync = sync;
        this.nanoTime = nanoTime;
        this.usable = usable.toNanos();
        this.refresh = refresh.toNanos();
    }

    /** Completes once the view has read up to a moment no older than {@code usable}: at once, mostly. */
    CompletableFuture<Void> recentEnough() {
        long now = nanoTime.getAsLong();
        Barrier newest = reached.get();
        long age = newest == null ? Long.MAX_VALUE : now - newest.askedAt();
        if (age < refresh) {
            return NOW;
        }
        CompletableFuture<Void> renewal = ask(now);
        return age < usable ? NOW : renewal;
    }

    /** The barrier asked for less than {@code usable} ago and not yet reached (or failed), or else a new one. */
    private CompletableFuture<Void> ask(long now) {
        Barrier current = asked.get();
        if (current != null && !current.reached().isDone() && now - current.askedAt() < usable) {
            return current.reached();
        }
        Barrier fresh = new Barrier(now, new CompletableFuture<>());
        if (!asked.compareAndSet(current, fresh)) {
            return asked.get().reached();
        }
        sync.get().whenComplete((done, failure) -> {
            if (failure == null) {
                reached.accumulateAndGet(fresh, (was, it) -> was == null || it.askedAt() - was.askedAt() > 0 ? it : was);
                fresh.reached().complete(null);
            } else {
                fresh.reached().completeExceptionally(failure);
            }
        });
        return fresh.reached();
    }
}
