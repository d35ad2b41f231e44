package uk.gov.gds.awsam.agent.messaging;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * How the agent reaches Kafka and the schema registry: the Kafka client properties (bootstrap servers and,
 * for production, TLS and SASL settings) and the Apicurio serde properties (registry URL, authentication),
 * with how long to wait for the broker.
 */
public record KafkaConnection(Map<String, Object> clientProperties, Map<String, Object> serdeProperties,
        Duration answerTimeout, Duration publishTimeout) {

    public KafkaConnection {
        clientProperties = Map.copyOf(clientProperties);
        serdeProperties = Map.copyOf(serdeProperties);
        if (!clientProperties.containsKey("bootstrap.servers")) {
            throw new IllegalArgumentException("bootstrap.servers: where Kafka is must be configured");
        }
    }

    public String bootstrapServers() {
        return String.valueOf(clientProperties.get("bootstrap.servers"));
    }

    /** The serde configuration, with the settings every reader and writer of the system's events uses. */
    Map<String, Object> serdeConfig() {
        Map<String, Object> config = new HashMap<>(serdeProperties);
        config.putIfAbsent("apicurio.registry.auto-register", true);
        config.put("apicurio.registry.use-specific-avro-reader", true);
        return config;
    }
}
