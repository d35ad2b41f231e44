package uk.gov.gds.awsam.agent.domain;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** The event topics, read from the beginning: the only record of the tasks (there is no database). */
public interface TaskLog {

    /** Every task as of now: the topics read from their beginning up to their current end. */
    TaskBoard rebuild() throws Unavailable;

    /**
     * Rebuilds the board, hands it to {@code caughtUp}, then hands every later change to {@code changed}
     * until {@code keepGoing} says stop.
     */
    void follow(Consumer<TaskBoard> caughtUp, Consumer<RootMfaTask> changed, BooleanSupplier keepGoing) throws Unavailable;

    /** The topics could not be read (the broker is down or unreachable). */
    class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
