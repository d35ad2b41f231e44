package uk.gov.gds.awsam.provisioner.domain;

import java.time.Duration;

/** Waits between attempts. The domain never sleeps by itself, so tests can count pauses instead of waiting. */
@FunctionalInterface
public interface Pause {

    void pause(Duration duration) throws InterruptedException;

    /** Pauses the calling thread (a worker of the provisioner's own pool, never an event loop). */
    Pause THREAD = duration -> Thread.sleep(duration.toMillis());
}
