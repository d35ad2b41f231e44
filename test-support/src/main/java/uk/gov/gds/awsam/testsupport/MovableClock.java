package uk.gov.gds.awsam.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock some way ahead of another, moved on when a test says: "after the hold", "after the token's hour", a
 * wait's delay, without waiting for it. Ahead of a fixed instant ({@link #at}) it moves only when told.
 */
public final class MovableClock extends Clock {

    private final Clock base;
    private Duration ahead = Duration.ZERO;

    public MovableClock(Clock base) {
        this.base = base;
    }

    /** A clock that stands at {@code start} until moved on. */
    public static MovableClock at(Instant start) {
        return new MovableClock(Clock.fixed(start, ZoneOffset.UTC));
    }

    public synchronized void moveOn(Duration by) {
        ahead = ahead.plus(by);
    }

    /** Back to its base clock's time. */
    public synchronized void reset() {
        ahead = Duration.ZERO;
    }

    @Override
    public synchronized Instant instant() {
        return base.instant().plus(ahead);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
