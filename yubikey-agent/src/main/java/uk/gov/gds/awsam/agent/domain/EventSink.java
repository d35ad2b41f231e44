package uk.gov.gds.awsam.agent.domain;

import java.util.List;

/**
 * Publishing the agent's two events. Each call returns only once the broker has acknowledged the record
 * (acks=all), with the event's id; ids derive from the task's RootMfaRequested, so publishing again after a
 * crash repeats the same event rather than making a second one.
 */
public interface EventSink {

    String publishSeeded(RootMfaTask task, List<String> serials, String engineer, boolean signInTested) throws Failed;

    String publishReturned(RootMfaTask task, List<String> serials, String engineer) throws Failed;

    /** The broker (or the schema registry) did not acknowledge the record. */
    class Failed extends RuntimeException {
        public Failed(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
