package uk.gov.gds.awsam.provisioner.domain;

import java.time.Duration;
import java.util.function.Supplier;

import uk.gov.gds.awsam.events.ResumableStage;
import uk.gov.gds.awsam.provisioner.domain.CrashPoints.Write;
import uk.gov.gds.awsam.retry.Backoff;

/**
 * The provisioner's one policy for AWS: every call goes through {@link #call} (every write through
 * {@link #write}), and what happens after a failure follows the one classification of AWS errors
 * ({@link AwsCallFailed.Disposition}): a failure that may pass in seconds is called again after a jittered,
 * growing back-off, at most {@code maxAttempts} times in a row; AWS still settling (a new principal, an entity
 * being changed) is waited for up to the propagation timeout; anything else goes to the caller.
 *
 * <p>No wait ever holds a thread: a wait ends the pass ({@link Waiting}) and the handling runs again later.
 * A pass that has held its worker thread for longer than {@code passBudget} hands it back before its next call,
 * so no pass comes near Quarkus' blocked-thread warning (60 s): the budget plus one call's timeout stay under it.
 */
public final class AwsPolicy {

    /**
     * Exponential back-off: {@code initial}, doubling up to {@code max}, each delay shortened by up to a fifth at
     * random so that many waiting requests do not come back at once ({@link Backoff}).
     */
    public record Schedule(Duration initial, Duration max) {

        public Schedule {
            if (initial.isNegative() || max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("back-off needs 0 <= initial <= max, got " + initial + ", " + max);
            }
        }

        /** The delay after the {@code n}th failure or look (from 1). */
        public Duration after(int n) {
            return new Backoff(initial, max, 20).after(n);
        }
    }

    private final int maxAttempts;
    private final Schedule retry;
    private final PollPolicy settling;
    private final Duration passBudget;
    private final CrashPoints crashPoints;

    /**
     * @param retry back-off between attempts of a call that may pass (throttling, 5xx, fresh credentials)
     * @param settling how long to wait for AWS to settle (principal propagation, EntityTemporarilyUnmodifiable)
     */
    public AwsPolicy(int maxAttempts, Schedule retry, PollPolicy settling, Duration passBudget, CrashPoints crashPoints) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max attempts must be at least 1, got " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
        this.retry = retry;
        this.settling = settling;
        this.passBudget = passBudget;
        this.crashPoints = crashPoints;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Schedule retry() {
        return retry;
    }

    /** Calls AWS under the policy; a failure the policy does not handle is thrown as it is. */
    public <T> T call(Run run, ResumableStage stage, Supplier<T> call) {
        if (run.passElapsed().compareTo(passBudget) > 0) {
            throw Waiting.briefly(Duration.ZERO, stage, "handing the worker thread back after " + run.passElapsed().toMillis() + " ms");
        }
        try {
            return call.get();
        } catch (AwsCallFailed failed) {
            Stopping.checkNotInterrupted(failed.operation());
            switch (failed.disposition()) {
                case RETRY -> {
                    int inARow = run.failedAgain(failed.operation(), retry.max().multipliedBy(3));
                    if (inARow >= maxAttempts) {
                        throw StepFailed.retryable(stage, failed.getMessage() + " (gave up after " + inARow + " attempts)", inARow, failed);
                    }
                    throw Waiting.briefly(retry.after(inARow), stage, failed.getMessage() + " (attempt " + inARow + " of " + maxAttempts + ")");
                }
                case WAIT -> {
                    String key = "settling:" + failed.code() + ":" + failed.operation();
                    throw poll(run, stage, key, settling, "AWS to settle", failed.getMessage(),
                            () -> StepFailed.retryable(stage, failed.getMessage() + " (AWS did not settle within " + settling.timeout() + ")",
                                    looks(run, key), failed));
                }
                default -> throw failed;
            }
        }
    }

    public void call(Run run, ResumableStage stage, Runnable call) {
        call(run, stage, () -> {
            call.run();
            return null;
        });
    }

    /** An AWS write under the policy, then its crash point. */
    public <T> T write(Run run, ResumableStage stage, Write write, String subject, Supplier<T> call) {
        T result = call(run, stage, call);
        crashPoints.after(write, subject);
        return result;
    }

    public void write(Run run, ResumableStage stage, Write write, String subject, Runnable call) {
        write(run, stage, write, subject, () -> {
            call.run();
            return null;
        });
    }

    /** What AWS did by itself has been seen (a closure SUSPENDED): the crash point before it is announced. */
    public void seen(Write point, String subject) {
        crashPoints.after(point, subject);
    }

    /**
     * Something is not there yet (an account being created, a role propagating, root MFA not shown): returns the
     * {@link Waiting} for the caller to throw, announced to the request's timeline if it lasts; or throws the
     * failure {@code timedOut} gives once it has waited longer than {@code policy} allows.
     *
     * @param key what is awaited, stable across passes
     */
    public Waiting poll(Run run, ResumableStage stage, String key, PollPolicy policy, String waitingFor, String seen,
            Supplier<StepFailed> timedOut) {
        Duration waited = run.waited(key);
        if (waited.compareTo(policy.timeout()) > 0) {
            run.doneWaiting(key);
            throw timedOut.get();
        }
        int look = run.progress("looks:" + key, () -> new int[1])[0]++ + 1;
        return new Waiting(policy.schedule().after(look), stage, key, waitingFor, seen, true);
    }

    /** Whatever was awaited under {@code key} has come: a later wait for it starts afresh. */
    public void arrived(Run run, String key) {
        run.doneWaiting(key);
        run.progress("looks:" + key, () -> new int[1])[0] = 0;
    }

    private static int looks(Run run, String key) {
        return run.progress("looks:" + key, () -> new int[1])[0];
    }
}
