package uk.gov.gds.awsam.pr.domain;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The GitHub webhook delivery ids already processed, rebuilt at start from the compacted internal topic. */
public final class ProcessedDeliveries {

    private final Set<String> ids = ConcurrentHashMap.newKeySet();

    public boolean seen(String deliveryId) {
        return ids.contains(deliveryId);
    }

    public void add(String deliveryId) {
        ids.add(deliveryId);
    }

    public int size() {
        return ids.size();
    }
}
