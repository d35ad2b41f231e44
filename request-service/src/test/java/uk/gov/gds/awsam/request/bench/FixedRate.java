package uk.gov.gds.awsam.request.bench;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;

/**
 * An open-loop load at a fixed rate: operation i is due at start + i / rate and its latency is measured
 * from when it was due, not from when it was sent, so a slow answer cannot hide the queue behind it
 * (no coordinated omission).
 */
final class FixedRate {

    /** What one run did. */
    record Result(int sent, int succeeded, int failed, Duration elapsed, Latencies latencies) {
        double throughputPerSecond() {
            return succeeded / (elapsed.toNanos() / 1e9);
        }
    }

    private FixedRate() {
    }

    /** Runs {@code operation} (true when it succeeded) at {@code rate} per second for {@code duration}. */
    static Result run(int rate, Duration duration, LongFunction<CompletionStage<Boolean>> operation) {
        int total = (int) (rate * duration.toSeconds());
        Latencies latencies = new Latencies(total);
        AtomicInteger succeeded = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            operation.apply(i).whenComplete((ok, failure) -> {
                latencies.record(System.nanoTime() - due);
                if (failure == null && Boolean.TRUE.equals(ok)) {
                    succeeded.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
                done.incrementAndGet();
            });
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (done.get() < total && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        return new Result(total, succeeded.get(), failed.get() + (total - done.get()), Duration.ofNanos(System.nanoTime() - start),
                latencies);
    }
}
