package uk.gov.gds.awsam.agent.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The agent's configuration: application.properties (the local run's defaults), the engineer's
 * {@code agent.properties} ({@link AgentFiles}), then the environment.
 *
 * <pre>
 * agent.engineer=jane.doe@digital.cabinet-office.gov.uk
 * agent.kafka.bootstrap.servers=kafka.example:9093
 * agent.kafka.security.protocol=SASL_SSL
 * agent.kafka.sasl.mechanism=SCRAM-SHA-512
 * agent.kafka.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="jane" password="…";
 * agent.kafka.ssl.truststore.location=/home/jane/.config/aws-accounts/kafka-ca.p12
 * agent.apicurio.registry.url=https://registry.example/apis/registry/v3
 * </pre>
 */
@ConfigMapping(prefix = "agent")
public interface AgentConfig {

    /** Who the engineer is, recorded in RootMfaSeeded and YubikeysReturned (an email address). */
    Optional<String> engineer();

    /** The ykman command: a name looked up on the PATH, or a path. */
    @WithDefault("ykman")
    String ykman();

    /** How long one ykman call may take. */
    @WithDefault("60s")
    Duration ykmanTimeout();

    /** Where the registered keys are kept (default: yubikeys.properties beside the configuration file). */
    Optional<String> keysFile();

    /** How long to wait for Kafka to answer when reading the topics. */
    @WithDefault("15s")
    Duration kafkaTimeout();

    /** How long to wait for Kafka to acknowledge a published event. */
    @WithDefault("30s")
    Duration publishTimeout();

    /** Kafka client properties, passed as they are: bootstrap.servers, security.protocol, sasl.*, ssl.*. */
    Map<String, String> kafka();

    /** Apicurio serde properties without their "apicurio." prefix: registry.url, auth.*. */
    Map<String, String> apicurio();
}
