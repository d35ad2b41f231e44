package uk.gov.gds.awsam.provisioner.messaging;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One request's events are handled one at a time (a redelivered PrMerged may arrive while the first copy is
 * still being applied; handlers run concurrently across requests). Locks are dropped when no one holds or
 * waits for them.
 */
final class RequestLocks {

    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock();
        int users;
    }

    private final Map<String, Entry> locks = new ConcurrentHashMap<>();

    <T> T withLock(String requestId, Supplier<T> work) {
        Entry entry = locks.compute(requestId, (id, existing) -> {
            Entry e = existing == null ? new Entry() : existing;
            e.users++;
            return e;
        });
        entry.lock.lock();
        try {
            return work.get();
        } finally {
            entry.lock.unlock();
            locks.compute(requestId, (id, e) -> --e.users == 0 ? null : e);
        }
    }

    int held() {
        return locks.size();
    }
}
