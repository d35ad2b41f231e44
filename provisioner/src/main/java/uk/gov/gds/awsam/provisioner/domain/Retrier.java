package uk.gov.gds.awsam.provisioner.domain;

import java.util.function.Supplier;

import org.jboss.logging.Logger;

/**
 * Calls AWS, backing off and retrying while the failure may pass (throttling, 5xx, timeouts, concurrent
 * modification); a failure that will not pass is thrown as it is, for the caller to handle or report. When
 * retries run out the request fails with {@code retryable} true.
 */
public final class Retrier {

    private static final Logger LOG = Logger.getLogger(Retrier.class);

    private final int maxAttempts;
    private final Backoff backoff;
    private final Pause pause;

    public Retrier(int maxAttempts, Backoff backoff, Pause pause) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max attempts must be at least 1, got " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
        this.pause = pause;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Backoff backoff() {
        return backoff;
    }

    public Pause pause() {
        return pause;
    }

    public <T> T call(Stage stage, Supplier<T> call) {
        for (int attempt = 1;; attempt++) {
            try {
                return call.get();
            } catch (AwsCallFailed failed) {
                Stopping.checkNotInterrupted(failed.operation());
                if (!failed.retryable()) {
                    throw failed;
                }
                if (attempt >= maxAttempts) {
                    throw new StepFailed(stage, failed.getMessage() + " (gave up after " + attempt + " attempts)", true, attempt, failed);
                }
                java.time.Duration delay = backoff.after(attempt);
                LOG.warnf("%s (attempt %d of %d); retrying in %d ms", failed.getMessage(), attempt, maxAttempts, delay.toMillis());
                pauseOrFail(stage, delay, attempt);
            }
        }
    }

    public void run(Stage stage, Runnable call) {
        call(stage, () -> {
            call.run();
            return null;
        });
    }

    /** Pauses; an interrupted pause means the provisioner is stopping: {@link Stopping}, not a failure. */
    void pauseOrFail(Stage stage, java.time.Duration delay, int attempt) {
        try {
            pause.pause(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopping("waiting before attempt " + (attempt + 1) + " at " + stage, e);
        }
    }
}
