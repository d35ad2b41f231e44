package uk.gov.gds.awsam.request;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock some way ahead of another, moved on when a test says: "after the hold" without waiting for it. */
public final class MovableClock extends Clock {

    private final Clock base;
    private volatile Duration ahead = Duration.ZERO;

    public MovableClock(Clock base) {
        this.base = base;
    }

    public void moveOn(Duration by) {
        ahead = ahead.plus(by);
    }

    public void reset() {
        ahead = Duration.ZERO;
    }

    @Override
    public Instant instant() {
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
