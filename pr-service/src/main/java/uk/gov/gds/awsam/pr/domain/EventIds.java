package uk.gov.gds.awsam.pr.domain;

import uk.gov.gds.awsam.events.Envelope;
import uk.gov.gds.awsam.events.EventType;

/**
 * The ids of the events pr-service publishes, derived from their causes so that publishing again (a
 * redelivered event, a webhook and the reconciler seeing the same merge) yields the same id:
 * PrOpened from the TerraformGenerated, PrMerged and PrClosed from the PrOpened.
 */
public final class EventIds {

    private EventIds() {
    }

    public static String opened(String generatedEventId) {
        return Envelope.derivedEventId(generatedEventId, EventType.PR_OPENED);
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
}
