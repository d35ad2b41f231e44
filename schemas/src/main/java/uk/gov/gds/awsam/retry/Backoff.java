package uk.gov.gds.awsam.retry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one exponential back-off of the services' own retries and waits (issue 19): {@code initial}, doubling after
 * each failure up to {@code max}, each delay shortened at random by up to {@code jitterPercent} per cent so that
 * many waiting requests do not come back at once. Plain Java, so a service's domain uses it.
 *
 * <p>How long to wait is this record's; where the wait happens is the caller's, by the thread it runs on. Work that
 * may wait long ends its attempt and is scheduled again on a timer (pr-service's {@code GitHubPolicy}, the
 * provisioner's {@code AwsPolicy} passes), so no thread waits. Only a few quick attempts of one call, bounded by a
 * deadline, wait where they are ({@link #retry}), and only on a worker thread. A retry that is a step of a Mutiny
 * pipeline (publishing to Kafka, sending mail) uses Mutiny's own {@code onFailure().retry().withBackOff(…)}, which
 * waits on a timer too.
 */
public record Backoff(Duration initial, Duration max, int jitterPercent) {

    public Backoff {
        if (initial.isNegative() || max.isNegative() || jitterPercent < 0 || jitterPercent >= 100) {
            throw new IllegalArgumentException("back-off needs initial >= 0, max >= 0 and 0 <= jitter < 100 %, got " + initial + ", "
                    + max + ", " + jitterPercent + " %");
        }
    }

    /** No jitter: the same delays every time. */
    public static Backoff exponential(Duration initial, Duration max) {
        return new Backoff(initial, max, 0);
    }

    /** The delay after the {@code n}th failure or look (from 1): {@code initial} doubled {@code n - 1} times, at most {@code max}. */
    public Duration after(int n) {
        long delay = initial.toMillis();
        for (int i = 1; i < n && delay < max.toMillis(); i++) {
            delay *= 2;
        }
        delay = Math.min(delay, max.toMillis());
        long spread = delay * jitterPercent / 100;
        return Duration.ofMillis(spread == 0 ? delay : delay - ThreadLocalRandom.current().nextLong(spread + 1));
    }

    /**
     * Calls {@code call} on this thread and again, {@link #after} each failure {@code retryable} accepts, until it
     * succeeds; at most {@code maxAttempts} attempts (0: no bound), and no wait that would end past {@code deadline}
     * (null: none). Any other failure, or the last, is thrown as it is; so is a failure when the thread is
     * interrupted while waiting (the interrupt stays set). It sleeps between attempts: a worker thread's only.
     */
    public <T> T retry(Predicate<? super RuntimeException> retryable, int maxAttempts, Instant deadline, Clock clock, Supplier<T> call) {
        for (int attempt = 1;; attempt++) {
            try {
                return call.get();
            } catch (RuntimeException failure) {
                Duration wait = after(attempt);
                if (!retryable.test(failure) || maxAttempts > 0 && attempt >= maxAttempts
                        || deadline != null && clock.instant().plus(wait).isAfter(deadline)) {
                    throw failure;
                }
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw failure;
                }
            }
        }
    }
}
