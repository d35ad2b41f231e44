package uk.gov.gds.awsam.agent.domain;

import java.util.List;

/**
 * Publishing the agent's events. Each call returns only once the broker has acknowledged the record
 * (acks=all), with the event's id; ids derive from the task's RootMfaRequested, so publishing again after a
 * crash repeats the same event rather than making a second one.
 */
public interface EventSink {

    String publishSeeded(RootMfaTask task, List<String> serials, String engineer, boolean signInTested) throws Failed;

    String publishReturned(RootMfaTask task, List<String> serials, String engineer) throws Failed;

    /**
     * RetryRequested of the failure that stops the task, once the engineer fixed its cause; the id derives from the
     * failure, so publishing again (or a retry from the request's page) is the same retry.
     */
    String publishRetry(RootMfaTask task, String engineer, String reason) throws Failed;

    /** RootMfaRemoved of a closed account: its id derives from the AccountClosed, so publishing again is the same event. */
    String publishRemoved(ClosureTask task, List<String> serials, String engineer) throws Failed;

    /** The broker (or the schema registry) did not acknowledge the record. */
    class Failed extends RuntimeException {
        public Failed(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
