package uk.gov.gds.awsam.request.domain;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every dead letter of the system's topics, as read from the dead-letter topics (Kafka is the record; this is
 * rebuilt at start-up). Only where each record is and what its headers say are kept, never its content: a replay
 * reads the record itself again.
 */
public final class DeadLetterIndex {

    private final Map<String, DeadLetter> letters = new ConcurrentHashMap<>();
    private volatile boolean caughtUp;

    public void add(DeadLetter letter) {
        letters.put(letter.position(), letter);
    }

    public void markCaughtUp() {
        caughtUp = true;
    }

    /** Whether every dead letter written before start-up has been read. */
    public boolean isCaughtUp() {
        return caughtUp;
    }

    public Optional<DeadLetter> find(String deadLetterTopic, int partition, long offset) {
        return Optional.ofNullable(letters.get(deadLetterTopic + "/" + partition + "/" + offset));
    }

    /** The dead letters of one dead-letter topic (every one when null), oldest first. */
    public List<DeadLetter> of(String deadLetterTopic) {
        return letters.values().stream().filter(letter -> deadLetterTopic == null || letter.deadLetterTopic().equals(deadLetterTopic))
                .sorted(Comparator.comparing(DeadLetter::deadLetteredAt).thenComparing(DeadLetter::deadLetterTopic)
                        .thenComparingInt(DeadLetter::partition).thenComparingLong(DeadLetter::offset))
                .toList();
    }

    public int size() {
        return letters.size();
    }
}
