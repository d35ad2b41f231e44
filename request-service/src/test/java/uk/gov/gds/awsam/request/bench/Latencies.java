package uk.gov.gds.awsam.request.bench;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/** Latencies recorded from many threads into a fixed array, summarised as percentiles in milliseconds. */
final class Latencies {

    private final AtomicLongArray nanos;
    private final AtomicInteger count = new AtomicInteger();

    Latencies(int capacity) {
        this.nanos = new AtomicLongArray(capacity);
    }

    void record(long latencyNanos) {
        int index = count.getAndIncrement();
        if (index < nanos.length()) {
            nanos.set(index, latencyNanos);
        }
    }

    int count() {
        return Math.min(count.get(), nanos.length());
    }

    /** p50, p90, p99, p99.9 and max, in milliseconds. */
    String summary() {
        long[] sorted = new long[count()];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = nanos.get(i);
        }
        Arrays.sort(sorted);
        if (sorted.length == 0) {
            return "no samples";
        }
        return String.format("p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms (%d samples)",
                ms(percentile(sorted, 50)), ms(percentile(sorted, 90)), ms(percentile(sorted, 99)), ms(percentile(sorted, 99.9)),
                ms(sorted[sorted.length - 1]), sorted.length);
    }

    double percentileMillis(double percentile) {
        long[] sorted = new long[count()];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = nanos.get(i);
        }
        Arrays.sort(sorted);
        return sorted.length == 0 ? Double.NaN : ms(percentile(sorted, percentile));
    }

    private static long percentile(long[] sorted, double percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }
}
