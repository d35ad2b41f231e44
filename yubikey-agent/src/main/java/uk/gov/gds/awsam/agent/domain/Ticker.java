package uk.gov.gds.awsam.agent.domain;

import java.time.Duration;
import java.time.Instant;

/** The time the runbooks see, and waiting for it to pass; tests move it on without waiting. */
public interface Ticker {

    Instant now();

    void sleep(Duration duration) throws InterruptedException;

    static Ticker system() {
        return new Ticker() {
            @Override
            public Instant now() {
                return Instant.now();
            }

            @Override
            public void sleep(Duration duration) throws InterruptedException {
                Thread.sleep(Math.max(0, duration.toMillis()));
            }
        };
    }
}
