package uk.gov.gds.awsam.notifier.domain;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Message-IDs already sent, so that an event handled again sends nothing twice. Filled at start from this
 * machine's sent journal and from the compacted sent-log topic, and by every email sent since. It also knows which
 * journaled Message-IDs the topic has not shown ({@link #journaledOnly()}): sent by an earlier process that
 * could not record them. Thread-safe.
 */
public final class SentLog {

    private final Set<String> sent = ConcurrentHashMap.newKeySet();
    private final Set<String> journaledOnly = ConcurrentHashMap.newKeySet();

    public boolean contains(String messageId) {
        return sent.contains(messageId);
    }

    /** Recorded on the sent-log topic: read from it, or recorded there once sent. */
    public void add(String messageId) {
        sent.add(messageId);
        journaledOnly.remove(messageId);
    }

    /** Read from the sent journal at start: sent, but perhaps never recorded on the topic. */
    public void addJournaled(String messageId) {
        sent.add(messageId);
        journaledOnly.add(messageId);
    }

    /** A tombstone on the topic: the Message-ID may be sent again. */
    public void remove(String messageId) {
        sent.remove(messageId);
        journaledOnly.remove(messageId);
    }

    /** The journaled Message-IDs that the topic has neither shown nor tombstoned (yet). */
    public Set<String> journaledOnly() {
        return Set.copyOf(journaledOnly);
    }

    public int size() {
        return sent.size();
    }
}
