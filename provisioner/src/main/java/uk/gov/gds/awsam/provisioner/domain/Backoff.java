package uk.gov.gds.awsam.provisioner.domain;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential back-off: {@code initial}, doubling up to {@code max}, each delay shortened by up to a fifth at
 * random so that many waiting requests do not come back at once.
 */
public record Backoff(Duration initial, Duration max) {

    public Backoff {
        if (initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("back-off needs 0 <= initial <= max, got " + initial + ", " + max);
        }
    }

    /** The delay before attempt {@code attempt + 1}, after attempt {@code attempt} (from 1) failed. */
    public Duration after(int attempt) {
        long initialMillis = initial.toMillis();
        long delay = initialMillis;
        for (int i = 1; i < attempt && delay < max.toMillis(); i++) {
            delay *= 2;
        }
        delay = Math.min(delay, max.toMillis());
        long jitter = delay / 5 == 0 ? 0 : ThreadLocalRandom.current().nextLong(delay / 5 + 1);
        return Duration.ofMillis(delay - jitter);
    }
}
