package uk.gov.gds.awsam.pr.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Calls GitHub again after a retryable failure: after the wait GitHub asked for (rate limits), or with
 * exponential back-off (5xx, timeouts) capped at {@code maxBackoff}, until {@code maxAttempts}, a wait
 * longer than {@code maxBackoff}, or a deadline. A failure that cannot succeed on retry (not found, refused) is rethrown at once.
 */
public final class Retrying {

    /** Every attempt failed, or the next wait would pass the deadline. */
    public static final class Exhausted extends RuntimeException {
        private final int attempts;
        private final GitHubFailure last;

        Exhausted(String what, int attempts, GitHubFailure last) {
            super(what + " failed after " + attempts + " attempt" + (attempts == 1 ? "" : "s") + ": " + last.getMessage(), last);
            this.attempts = attempts;
            this.last = last;
        }

        public int attempts() {
            return attempts;
        }

        public GitHubFailure last() {
            return last;
        }
    }

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Pause pause;
    private final Clock clock;

    public Retrying(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Pause pause, Clock clock) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.pause = pause;
        this.clock = clock;
    }

    /** Runs {@code call} with no deadline other than the attempts. */
    public <T> T call(String what, Supplier<T> call) {
        return call(what, call, null);
    }

    /** Runs {@code call}; gives up rather than wait past {@code deadline} (null: no deadline). */
    public <T> T call(String what, Supplier<T> call, Instant deadline) {
        for (int attempt = 1;; attempt++) {
            try {
                return call.get();
            } catch (GitHubFailure failure) {
                if (!failure.retryable()) {
                    throw failure;
                }
                Duration wait = waitAfter(failure, attempt);
                if (attempt >= maxAttempts || wait.compareTo(maxBackoff) > 0
                        || deadline != null && clock.instant().plus(wait).isAfter(deadline)) {
                    throw new Exhausted(what, attempt, failure);
                }
                try {
                    pause.pause(wait);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new Exhausted(what, attempt, failure);
                }
            }
        }
    }

    public void run(String what, Runnable call) {
        call(what, () -> {
            call.run();
            return null;
        });
    }

    /**
     * The wait GitHub asked for, in full (retrying earlier only meets the limit again); otherwise exponential
     * back-off capped at {@code maxBackoff}. A requested wait longer than {@code maxBackoff} ends the retries
     * (the caller reports a retryable failure rather than hold its consumer for an hour).
     */
    Duration waitAfter(GitHubFailure failure, int attempt) {
        return failure.retryAfter().orElseGet(() -> {
            Duration backoff = initialBackoff.multipliedBy(1L << Math.min(attempt - 1, 20));
            return backoff.compareTo(maxBackoff) > 0 ? maxBackoff : backoff;
        });
    }
}
