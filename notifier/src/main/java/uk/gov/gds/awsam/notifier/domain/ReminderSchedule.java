package uk.gov.gds.awsam.notifier.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;

/**
 * When to remind an engineer that YubiKeys are out of the safe: a first time {@code after} root was
 * secured, then every {@code repeat} (never again when {@code repeat} is zero). Reminders are numbered from
 * 1; only the latest one due is sent, so a notifier that was down does not send a backlog.
 */
public record ReminderSchedule(Duration after, Duration repeat) {

    public ReminderSchedule {
        if (after.isNegative() || repeat.isNegative()) {
            throw new IllegalArgumentException("reminder durations must not be negative");
        }
    }

    /** The number of the latest reminder due at {@code now} for keys out since {@code securedAt}; empty if none yet. */
    public OptionalInt latestDue(Instant securedAt, Instant now) {
        Duration out = Duration.between(securedAt, now);
        if (out.compareTo(after) < 0) {
            return OptionalInt.empty();
        }
        if (repeat.isZero()) {
            return OptionalInt.of(1);
        }
        long more = out.minus(after).toMillis() / repeat.toMillis();
        return OptionalInt.of((int) Math.min(Integer.MAX_VALUE, 1 + more));
    }
}
