package uk.gov.gds.awsam.provisioner.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One handling of an event, across the passes it takes. A pass runs on a worker thread until the work is done
 * or has to wait on AWS ({@link Waiting}); the next pass starts from the top of the handler, which redoes only
 * idempotent reads and finds what earlier passes established in {@link #progress}. Nothing here outlives the
 * handling: after a crash the event is delivered again and the work starts over, safe to redo by construction.
 */
public final class Run {

    private final String requestId;
    private final String causeId;
    private final Clock clock;
    private final Map<String, Object> progress = new HashMap<>();
    private final Map<String, Instant> waitingSince = new HashMap<>();
    private final List<Runnable> atEnd = new ArrayList<>();
    private Instant passStarted;
    private int passes;
    private final Map<String, Instant> lastFailure = new HashMap<>();
    private final Map<String, Integer> failuresInARow = new HashMap<>();
    private boolean ended;

    /**
     * @param causeId the event being handled now: the PrMerged or RootMfaSeeded, or the RetryRequested of an
     *        engineer's retry (failures and waits derive their ids from it, so a retry's failure is a new event)
     */
    public Run(String requestId, String causeId, Clock clock) {
        this.requestId = requestId;
        this.causeId = causeId;
        this.clock = clock;
        this.passStarted = clock.instant();
    }

    public String requestId() {
        return requestId;
    }

    public String causeId() {
        return causeId;
    }

    public synchronized Instant now() {
        return clock.instant();
    }

    /** Marks the start of a pass (the runner calls it). */
    public synchronized void startPass() {
        passStarted = clock.instant();
        passes++;
    }

    public synchronized int passes() {
        return passes;
    }

    /** How long the current pass has held its worker thread. */
    public synchronized Duration passElapsed() {
        return Duration.between(passStarted, clock.instant());
    }

    /** What earlier passes of this handling established under {@code key}; {@code initial} the first time. */
    @SuppressWarnings("unchecked")
    public synchronized <T> T progress(String key, Supplier<T> initial) {
        return (T) progress.computeIfAbsent(key, k -> initial.get());
    }

    /** When this handling first waited for {@code key} (now, the first time it asks). */
    public synchronized Instant waitingSince(String key) {
        return waitingSince.computeIfAbsent(key, k -> clock.instant());
    }

    /** How long it has waited for {@code key} so far. */
    public synchronized Duration waited(String key) {
        return Duration.between(waitingSince(key), clock.instant());
    }

    public synchronized void doneWaiting(String key) {
        waitingSince.remove(key);
    }

    /**
     * Counts one more failure of {@code operation} that may pass; returns how many in a row: failures further apart
     * than {@code forgetAfter} (the call succeeded in between, or the trouble passed) start the count again.
     */
    synchronized int failedAgain(String operation, java.time.Duration forgetAfter) {
        Instant now = clock.instant();
        Instant last = lastFailure.put(operation, now);
        int inARow = last == null || Duration.between(last, now).compareTo(forgetAfter) > 0 ? 1 : failuresInARow.getOrDefault(operation, 0) + 1;
        failuresInARow.put(operation, inARow);
        return inARow;
    }

    /** Something to do when the handling ends, however it ends (a creation slot to give back). */
    public synchronized void atEnd(Runnable cleanUp) {
        atEnd.add(cleanUp);
    }

    /** Ends the handling: runs what {@link #atEnd} registered, once. */
    public void end() {
        List<Runnable> cleanUps;
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            cleanUps = List.copyOf(atEnd);
        }
        cleanUps.forEach(Runnable::run);
    }
}
