package uk.gov.gds.awsam.events;

import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Makes the catalogue's topic names available to every service's configuration, so channel definitions
 * name topics without spelling them:
 *
 * <pre>
 * mp.messaging.incoming.requests.topic=${aws-accounts.topic.request-submitted}
 * mp.messaging.incoming.requests.dead-letter-queue.topic=${aws-accounts.topic.request-submitted}.dlq
 * notifier.sent-log-topic=${aws-accounts.topic.internal.notifier-sent-log}
 * </pre>
 *
 * Its ordinal is low, so a deployment may still override a topic name (e.g. to share a cluster).
 */
public class EventTopicsConfigSource implements ConfigSource {

    /** Prefix of the configuration keys this source provides. */
    public static final String KEY_PREFIX = "aws-accounts.topic.";

    private static final Map<String, String> TOPICS = topics();

    private static Map<String, String> topics() {
        Map<String, String> topics = new java.util.HashMap<>();
        for (EventType type : EventType.values()) {
            topics.put(KEY_PREFIX + type.slug(), type.topic());
        }
        for (InternalTopic topic : InternalTopic.values()) {
            topics.put(KEY_PREFIX + "internal." + topic.slug(), topic.topic());
        }
        return Map.copyOf(topics);
    }

    @Override
    public Map<String, String> getProperties() {
        return TOPICS;
    }

    @Override
    public Set<String> getPropertyNames() {
        return TOPICS.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return TOPICS.get(propertyName);
    }

    @Override
    public String getName() {
        return "aws-accounts event catalogue";
    }

    @Override
    public int getOrdinal() {
        return 50;
    }
}
