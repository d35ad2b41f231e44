package uk.gov.gds.awsam.request.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A record a consumer could not handle, as its dead-letter topic holds it: where it is, the topic it came from,
 * its request (the record key; null when it had none), why it was dead-lettered, and when.
 *
 * @param eventId the id of the event it holds (its CloudEvents ce_id), null when it has none (an undecodable record)
 * @param error   the consumer's reason (the dead-letter headers), null when it gave none
 */
public record DeadLetter(String deadLetterTopic, int partition, long offset, String topic, String requestId, String eventId,
        String error, Instant deadLetteredAt) {

    public DeadLetter {
        Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(deadLetteredAt, "deadLetteredAt");
    }

    /** Where it is, as one word: {@code <dead-letter topic>/<partition>/<offset>}. */
    public String position() {
        return deadLetterTopic + "/" + partition + "/" + offset;
    }

    /** Whether this is the dead letter a replay recorded on a timeline names. */
    public boolean isAt(String topic, int partition, long offset) {
        return deadLetterTopic.equals(topic) && this.partition == partition && this.offset == offset;
    }
}
