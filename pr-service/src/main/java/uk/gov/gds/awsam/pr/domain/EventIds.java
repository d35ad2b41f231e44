package uk.gov.gds.awsam.pr.domain;

import uk.gov.gds.awsam.events.Envelope;
import uk.gov.gds.awsam.events.EventType;

/**
 * The ids of the events pr-service publishes, derived from their causes so that publishing again (a
 * redelivered event, a webhook and the reconciler seeing the same merge) yields the same id: PrOpened from
 * the TerraformGenerated (or, when an engineer's retry opens a pull request again, from the RetryRequested),
 * PrMerged and PrClosed from the PrOpened, RequestFailed and RequestWaiting from what was being worked on (the
 * TerraformGenerated, or the RetryRequested of a retry, so a second failure after a retry is a new event).
 */
public final class EventIds {

    private EventIds() {
    }

    public static String opened(String generatedEventId) {
        return Envelope.derivedEventId(generatedEventId, EventType.PR_OPENED);
    }

    /** The pull request an engineer's retry of {@code PR_MERGE} opened again. */
    public static String reopened(String retryEventId) {
        return Envelope.derivedEventId(retryEventId, EventType.PR_OPENED);
    }

    public static String merged(String openedEventId) {
        return Envelope.derivedEventId(openedEventId, EventType.PR_MERGED);
    }

    public static String closed(String openedEventId) {
        return Envelope.derivedEventId(openedEventId, EventType.PR_CLOSED);
    }

    public static String failed(String causationId, String stage) {
        return Envelope.derivedEventId(causationId, EventType.REQUEST_FAILED, stage);
    }

    /** The {@code ordinal}-th wait of the work {@code causationId} caused. */
    public static String waiting(String causationId, String stage, int ordinal) {
        return Envelope.derivedEventId(causationId, EventType.REQUEST_WAITING, stage, Integer.toString(ordinal));
    }
}
