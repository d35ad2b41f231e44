package uk.gov.gds.awsam.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every topic of the system with the settings it needs, from the catalogue ({@link EventType}, {@link InternalTopic}):
 *
 * <ul>
 * <li>each event's topic and its dead-letter topic keep every record forever (DESIGN §4: Kafka is the system of
 * record; the views are rebuilt from the topics): {@code cleanup.policy=delete} with {@code retention.ms=-1}. A
 * compacted event topic would keep only a request's latest event (records are keyed by request id);</li>
 * <li>each internal topic is compacted: the latest record per key is the state; every record stays at least an hour
 * ({@code min.compaction.lag.ms}) before compaction may drop it, so request-service's claims on one key are all seen
 * in order for the whole of a claim's hold, even once a later record on the key (a loser's release) exists.</li>
 * </ul>
 *
 * Production adds replication (three replicas, {@code min.insync.replicas=2}: deploy/k8s/kafka/topics.yaml), which a
 * single-broker local run cannot have.
 */
public final class Topics {

    /** Partitions of every topic: the most consumers of one group that work at once. */
    public static final int PARTITIONS = 3;

    private static final Map<String, String> KEPT_FOREVER = Map.of(TopicSpec.CLEANUP_POLICY, "delete", TopicSpec.RETENTION_MS, "-1");
    private static final Map<String, String> COMPACTED = Map.of(TopicSpec.CLEANUP_POLICY, "compact", TopicSpec.MIN_COMPACTION_LAG_MS,
            String.valueOf(java.time.Duration.ofHours(1).toMillis()));

    private static final List<TopicSpec> ALL = declare();

    private Topics() {
    }

    private static List<TopicSpec> declare() {
        List<TopicSpec> all = new ArrayList<>();
        for (EventType type : EventType.values()) {
            all.add(new TopicSpec(type.topic(), PARTITIONS, KEPT_FOREVER, "events are the system of record: kept forever"));
            all.add(new TopicSpec(type.deadLetterTopic(), PARTITIONS, KEPT_FOREVER,
                    "dead letters are kept until an engineer replays them: kept forever"));
        }
        for (InternalTopic topic : InternalTopic.values()) {
            all.add(new TopicSpec(topic.topic(), PARTITIONS, COMPACTED, "internal state: the latest record per key, each kept an hour before compaction"));
        }
        return List.copyOf(all);
    }

    /** Every topic the system uses: each event's topic and its {@code .dlq}, then the internal topics. */
    public static List<TopicSpec> all() {
        return ALL;
    }

    /** The names of {@link #all()}. */
    public static List<String> names() {
        return ALL.stream().map(TopicSpec::name).toList();
    }
}
