package uk.gov.gds.awsam.pr.domain;

import java.time.Duration;

/** Waiting between attempts; the service parks the calling worker thread, tests record the waits. */
@FunctionalInterface
public interface Pause {
    void pause(Duration duration) throws InterruptedException;
}
