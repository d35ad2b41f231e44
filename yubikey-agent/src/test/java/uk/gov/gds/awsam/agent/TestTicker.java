package uk.gov.gds.awsam.agent;

import java.time.Duration;
import java.time.Instant;

import uk.gov.gds.awsam.agent.domain.Ticker;
import uk.gov.gds.awsam.testsupport.yubikey.FakeYkman;

/**
 * Test time: waiting moves the clock on at once, and the fake keys' clock with it, so that a countdown to
 * the next 30-second window takes no real time.
 */
final class TestTicker implements Ticker {

    private final FakeYkman keys;
    private Instant now;
    private Duration slept = Duration.ZERO;

    TestTicker(FakeYkman keys, Instant start) {
        this.keys = keys;
        set(start);
    }

    synchronized void set(Instant at) {
        now = at;
        keys.setTime(at);
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    @Override
    public synchronized void sleep(Duration duration) {
        slept = slept.plus(duration);
        set(now.plus(duration));
    }

    synchronized Duration slept() {
        return slept;
    }
}
