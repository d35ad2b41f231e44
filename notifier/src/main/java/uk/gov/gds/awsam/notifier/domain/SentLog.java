package uk.gov.gds.awsam.notifier.domain;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Message-IDs already sent, so that an event handled again sends nothing twice. Filled from the
 * compacted sent-log topic at start and by every email sent since. Thread-safe.
 */
public final class SentLog {

    private final Set<String> sent = ConcurrentHashMap.newKeySet();

    public boolean contains(String messageId) {
        return sent.contains(messageId);
    }

    public void add(String messageId) {
        sent.add(messageId);
    }

    /** A tombstone on the topic: the Message-ID may be sent again. */
    public void remove(String messageId) {
        sent.remove(messageId);
    }

    public int size() {
        return sent.size();
    }
}
