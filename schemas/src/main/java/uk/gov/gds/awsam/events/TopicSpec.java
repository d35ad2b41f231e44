package uk.gov.gds.awsam.events;

import java.util.Map;

/**
 * One topic of the system and the settings it must have wherever it runs (the local run, tests, production): how
 * many partitions at least, and the topic configuration the system relies on. Declared once, in {@link Topics};
 * test-support creates topics from it, the Kubernetes descriptor is held to it, and the preflight checks a broker
 * against it.
 *
 * @param name the topic
 * @param partitions the partitions it is created with (a broker may have more; fewer limits how far consumers scale)
 * @param configs topic configuration the system relies on, e.g. {@code retention.ms=-1}, {@code cleanup.policy=compact}
 * @param why what the settings are for, in words, for a person reading a failure
 */
public record TopicSpec(String name, int partitions, Map<String, String> configs, String why) {

    public static final String CLEANUP_POLICY = "cleanup.policy";
    public static final String MIN_COMPACTION_LAG_MS = "min.compaction.lag.ms";
    public static final String RETENTION_MS = "retention.ms";

    public TopicSpec {
        configs = Map.copyOf(configs);
    }
}
