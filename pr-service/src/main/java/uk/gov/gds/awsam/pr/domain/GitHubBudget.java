package uk.gov.gds.awsam.pr.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

import uk.gov.gds.awsam.pr.domain.GitHubFailure.Limit;
import uk.gov.gds.awsam.retry.Backoff;

/**
 * What pr-service may still ask of GitHub, shared by every request of the service:
 * <ul>
 * <li><b>Content-creating calls</b> (POST, PATCH, PUT, DELETE) are paced under GitHub's documented secondary
 * limits: no more than {@code perMinute} in any minute and {@code perHour} in any hour, at least
 * {@code minInterval} apart (GitHub asks for a second between mutating calls). Each call takes a slot; a
 * slot a few seconds away is waited for where the call is made, a slot further away is <i>reserved</i> for
 * the request and the call fails as {@link Limit#PACED} until then, so its thread is released and the
 * request resumes in its turn.</li>
 * <li><b>A rate limit GitHub answered</b> closes the gate for every call until GitHub's time (its
 * {@code Retry-After} or {@code X-RateLimit-Reset}); for a secondary limit that names no time, at least
 * {@code secondaryWait}, doubling while GitHub keeps answering so, up to {@code maxSecondaryWait}, as
 * GitHub's documentation asks. Nothing is sent while the gate is closed.</li>
 * </ul>
 * Windows are counted a little wider than GitHub's ({@link #MARGIN}), so that a call sent a moment after
 * its slot still falls within the count GitHub keeps. Thread-safe; pure Java, the clock is the caller's.
 */
public final class GitHubBudget {

    /** Counting windows this much wider than GitHub's covers the time between a slot and its call reaching GitHub. */
    static final Duration MARGIN = Duration.ofSeconds(2);

    /**
     * @param perMinute content-creating calls in any {@code minuteWindow} (0: no limit)
     * @param perHour content-creating calls in any {@code hourWindow} (0: no limit)
     * @param minuteWindow 1 minute on GitHub; shorter only in tests
     * @param hourWindow 1 hour on GitHub; shorter only in tests
     * @param minInterval between two content-creating calls
     * @param inlineWait the longest wait for a slot done where the call is made; longer waits release the thread
     * @param secondaryWait the wait after a secondary limit that names no time
     * @param maxSecondaryWait the longest such wait, however often GitHub repeats it
     */
    public record Limits(int perMinute, int perHour, Duration minuteWindow, Duration hourWindow, Duration minInterval,
            Duration inlineWait, Duration secondaryWait, Duration maxSecondaryWait) {

        /** GitHub's documented limits for content-creating requests: 80 a minute, 500 an hour, a second apart. */
        public static Limits github() {
            return new Limits(80, 500, Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofSeconds(1), Duration.ofSeconds(3),
                    Duration.ofMinutes(1), Duration.ofMinutes(15));
        }
    }

    /** What the gate says of a call about to be sent. */
    public record Slot(Duration waitFirst) {
    }

    private final Limits limits;
    private final Deque<Instant> slots = new ArrayDeque<>();
    private final Map<String, Instant> reservations = new HashMap<>();
    private Instant closedUntil = Instant.MIN;
    private String closedBecause = "";
    private int secondaryStreak;
    private long callsPaced;
    private long callsDeferred;

    public GitHubBudget(Limits limits) {
        this.limits = limits;
    }

    public Limits limits() {
        return limits;
    }

    /**
     * Before any call: fails as a rate limit while GitHub has asked pr-service to wait (nothing is sent
     * while the gate is closed).
     */
    public synchronized void checkOpen(Instant now) {
        if (now.isBefore(closedUntil)) {
            throw GitHubFailure.rateLimited(Limit.SECONDARY, closedUntil, closedBecause);
        }
    }

    /** Until when the gate is closed, if it is. */
    public synchronized Optional<Instant> closedUntil(Instant now) {
        return now.isBefore(closedUntil) ? Optional.of(closedUntil) : Optional.empty();
    }

    /**
     * Before a content-creating call for {@code key} (the request): the slot to wait for, a few seconds at most;
     * a slot further away is reserved for the key and {@link Limit#PACED} thrown, to come back then.
     */
    public synchronized Slot acquire(String key, Instant now) {
        checkOpen(now);
        Instant reserved = key == null ? null : reservations.get(key);
        if (reserved != null) {
            if (reserved.isAfter(now.plus(limits.inlineWait()))) {
                callsDeferred++;
                throw paced(reserved);
            }
            reservations.remove(key);
            if (!reserved.isBefore(now.minus(MARGIN))) {
                return new Slot(positive(Duration.between(now, reserved)));
            }
            // came back too late for its slot (which stays counted): take the next one
        }
        Instant slot = nextSlot(now);
        slots.addLast(slot);
        prune(now);
        Duration wait = Duration.between(now, slot);
        if (wait.compareTo(limits.inlineWait()) <= 0) {
            if (!wait.isZero() && !wait.isNegative()) {
                callsPaced++;
            }
            return new Slot(positive(wait));
        }
        callsDeferred++;
        if (key != null) {
            reservations.put(key, slot);
        }
        throw paced(slot);
    }

    /** A content-creating call went through: GitHub is not limiting any more. */
    public synchronized void succeeded() {
        secondaryStreak = 0;
    }

    /**
     * GitHub answered with a rate limit: closes the gate until GitHub's time, or for a secondary limit without
     * one, for {@code secondaryWait} doubling with each repeat. Returns the failure with the time it waits until.
     */
    public synchronized GitHubFailure limited(GitHubFailure failure, Instant now) {
        Instant until = failure.until().orElse(null);
        if (until == null) {
            until = now.plus(Backoff.exponential(limits.secondaryWait(), limits.maxSecondaryWait()).after(secondaryStreak + 1));
        }
        if (failure.limit().orElse(Limit.SECONDARY) == Limit.SECONDARY) {
            secondaryStreak++;
        }
        if (until.isAfter(closedUntil)) {
            closedUntil = until;
            closedBecause = failure.getMessage();
        }
        return failure.until(until);
    }

    /** Calls that waited a moment for their slot, and calls deferred to a later slot, since start. */
    public synchronized long[] pacing() {
        return new long[] {callsPaced, callsDeferred};
    }

    private GitHubFailure paced(Instant slot) {
        return GitHubFailure.rateLimited(Limit.PACED, slot, "pr-service paces content-creating calls under GitHub's limits ("
                + describe() + "); this request's next call is due at " + slot);
    }

    /** GitHub's limits as pr-service paces them, in words. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        if (limits.perMinute() > 0) {
            text.append(limits.perMinute()).append(" per ").append(human(limits.minuteWindow()));
        }
        if (limits.perHour() > 0) {
            text.append(text.length() > 0 ? ", " : "").append(limits.perHour()).append(" per ").append(human(limits.hourWindow()));
        }
        if (!limits.minInterval().isZero()) {
            text.append(text.length() > 0 ? ", " : "").append(human(limits.minInterval())).append(" apart");
        }
        return text.length() == 0 ? "no limit" : text.toString();
    }

    private static String human(Duration d) {
        if (d.equals(Duration.ofHours(1))) {
            return "hour";
        }
        if (d.equals(Duration.ofMinutes(1))) {
            return "minute";
        }
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** The earliest time at or after {@code now} at which one more call keeps every window within its limit. */
    private Instant nextSlot(Instant now) {
        Instant t = now.isAfter(closedUntil) ? now : closedUntil;
        if (!slots.isEmpty() && !limits.minInterval().isZero()) {
            Instant spaced = slots.peekLast().plus(limits.minInterval());
            if (spaced.isAfter(t)) {
                t = spaced;
            }
        }
        boolean moved = true;
        while (moved) {
            moved = false;
            Instant byMinute = roomAt(t, limits.perMinute(), limits.minuteWindow().plus(MARGIN));
            Instant byHour = roomAt(t, limits.perHour(), limits.hourWindow().plus(MARGIN));
            Instant later = byMinute.isAfter(byHour) ? byMinute : byHour;
            if (later.isAfter(t)) {
                t = later;
                moved = true;
            }
        }
        return t;
    }

    /** The earliest time ≥ t at which fewer than {@code limit} slots fall within the {@code window} ending then. */
    private Instant roomAt(Instant t, int limit, Duration window) {
        if (limit <= 0) {
            return t;
        }
        int within = 0;
        Instant oldestCounted = null;
        Iterator<Instant> newestFirst = slots.descendingIterator();
        while (newestFirst.hasNext()) {
            Instant slot = newestFirst.next();
            if (!slot.isAfter(t.minus(window))) {
                break;
            }
            within++;
            if (within == limit) {
                oldestCounted = slot;
                break;
            }
        }
        if (within < limit) {
            return t;
        }
        // the limit-th newest slot must leave the window first
        Instant free = oldestCounted.plus(window).plusMillis(1);
        return free.isAfter(t) ? free : t;
    }

    private void prune(Instant now) {
        Instant horizon = now.minus(limits.hourWindow().plus(limits.minuteWindow()).plus(MARGIN).plus(MARGIN));
        while (!slots.isEmpty() && slots.peekFirst().isBefore(horizon)) {
            slots.removeFirst();
        }
    }

    private static Duration positive(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
