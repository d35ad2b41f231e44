package uk.gov.gds.awsam.provisioner.domain;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The cap on account creations in flight: AWS allows only a few concurrent CreateAccount requests per
 * organisation. A request holds a slot from its CreateAccount until the creation is SUCCEEDED or FAILED (or its
 * handling ends); another request finds none free and waits (without a thread) until one is.
 */
public final class CreationSlots {

    private final int capacity;
    private final Set<String> holders = new LinkedHashSet<>();

    public CreationSlots(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("at least one account creation must be allowed in flight, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** Takes a slot for the request (true at once if it holds one already); false when all are taken. */
    public synchronized boolean tryTake(String requestId) {
        if (holders.contains(requestId)) {
            return true;
        }
        if (holders.size() >= capacity) {
            return false;
        }
        holders.add(requestId);
        return true;
    }

    public synchronized void release(String requestId) {
        holders.remove(requestId);
    }

    public synchronized int inFlight() {
        return holders.size();
    }

    public int capacity() {
        return capacity;
    }
}
