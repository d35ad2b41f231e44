package uk.gov.gds.awsam.events;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * Settings for a service's own state reader: a plain consumer that rebuilds state from topics (a projection,
 * a sent-log, a ledger), reading from the start, outside any consumer group, committing nothing.
 */
public final class StateReaders {

    private StateReaders() {
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
