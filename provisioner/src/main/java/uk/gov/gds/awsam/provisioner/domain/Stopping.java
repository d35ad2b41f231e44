package uk.gov.gds.awsam.provisioner.domain;

/**
 * The provisioner is stopping (its worker was interrupted) in the middle of a step. Not a failure of the
 * request: the step is left undone and unacknowledged, so the event is delivered again after the restart and
 * the step resumes (every step is idempotent).
 */
public final class Stopping extends RuntimeException {

    public Stopping(String during, InterruptedException cause) {
        super("the provisioner is stopping; interrupted while " + during, cause);
    }

    /** Fails with {@link Stopping} when the current thread has been interrupted. */
    public static void checkNotInterrupted(String during) {
        if (Thread.currentThread().isInterrupted()) {
            throw new Stopping(during, new InterruptedException());
        }
    }
}
