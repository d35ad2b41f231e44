package uk.gov.gds.awsam.events;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * Settings for a service's own state reader: a plain consumer that rebuilds state from topics (a projection,
 * a sent-log, a ledger), reading from the start, outside any consumer group, committing nothing.
 */
public final class StateReaders {

    /**
     * How long the broker may hold a fetch of a reader that a person's request waits on (its read barriers). A
     * barrier's end offsets are asked on the reader's own connection, behind its in-flight fetch, which an idle
     * broker answers only after {@code fetch.max.wait.ms} (Kafka's default 500 ms): with it, a request keyed by an
     * Idempotency-Key waited about a second at idle. Shorter costs the idle reader more fetches (request-service's
     * two: about 1 CPU s a minute more).
     */
    public static final java.time.Duration PROMPT_FETCH_WAIT = java.time.Duration.ofMillis(100);

    private StateReaders() {
    }

    /** {@link #consumerConfig}, for a reader whose barriers a person waits on: fetches held {@link #PROMPT_FETCH_WAIT} at most. */
    public static Map<String, Object> promptConsumerConfig(Map<String, Object> kafkaClient, String clientId) {
        Map<String, Object> config = consumerConfig(kafkaClient, clientId);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) PROMPT_FETCH_WAIT.toMillis());
        return config;
    }

    /**
     * @param kafkaClient the connector's client settings, {@code @Identifier("default-kafka-broker")}: the
     *        bootstrap servers and, in a cluster, the TLS and SASL settings a reader needs as much as a channel
     * @param clientId the reader's client id, as it shows in the broker's logs and metrics
     */
    public static Map<String, Object> consumerConfig(Map<String, Object> kafkaClient, String clientId) {
        Map<String, Object> config = new HashMap<>(kafkaClient);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return config;
    }
}
