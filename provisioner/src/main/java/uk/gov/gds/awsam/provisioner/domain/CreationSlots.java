package uk.gov.gds.awsam.provisioner.domain;

import java.util.concurrent.Semaphore;

/**
 * The cap on account creations in flight: AWS allows only a few concurrent CreateAccount requests per
 * organisation. A creation holds a slot from CreateAccount until its status is SUCCEEDED or FAILED; other
 * creations wait for one.
 */
public final class CreationSlots {

    private final int capacity;
    private final Semaphore slots;

    public CreationSlots(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("at least one account creation must be allowed in flight, got " + capacity);
        }
        this.capacity = capacity;
        this.slots = new Semaphore(capacity, true);
    }

    /** Waits for a free slot; an interrupted wait means the provisioner is stopping ({@link Stopping}). */
    public Slot take() {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopping("waiting for an account creation slot", e);
        }
        return slots::release;
    }

    public int inFlight() {
        return capacity - slots.availablePermits();
    }

    public int capacity() {
        return capacity;
    }

    /** A taken slot; closing it frees it. */
    @FunctionalInterface
    public interface Slot extends AutoCloseable {
        @Override
        void close();
    }
}
