package uk.gov.gds.awsam.agent.domain;

import java.util.List;

/** The engineer's registered YubiKeys, in the order they were added. */
public interface KnownKeys {

    List<KnownKey> list();

    /** Adds or relabels a key. */
    void add(KnownKey key);

    /** Forgets a key; false when it was not registered. */
    boolean remove(String serial);
}
