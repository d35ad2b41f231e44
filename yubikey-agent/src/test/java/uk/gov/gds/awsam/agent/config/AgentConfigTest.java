package uk.gov.gds.awsam.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import uk.gov.gds.awsam.agent.cli.AgentWiring;
import uk.gov.gds.awsam.agent.domain.KnownKey;
import uk.gov.gds.awsam.agent.messaging.KafkaConnection;

/** Where the agent's settings come from, in which order, and how they reach the Kafka clients. */
class AgentConfigTest {

    @TempDir
    Path dir;

    @Test
    void theEngineersFileOverridesTheDefaultsAndTheEnvironmentOverridesTheFile() throws Exception {
        Path file = dir.resolve("agent.properties");
        Files.writeString(file, """
                agent.engineer=jane.doe@digital.cabinet-office.gov.uk
                agent.kafka.bootstrap.servers=kafka.prod.example:9093
                agent.kafka.security.protocol=SASL_SSL
                agent.kafka.sasl.mechanism=SCRAM-SHA-512
                agent.kafka.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="jane" password="x";
                agent.kafka.ssl.truststore.location=/home/jane/ca.p12
                agent.apicurio.registry.url=https://registry.prod.example/apis/registry/v3
                not.the.agents=ignored
                """);
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(Map.of(
                        "agent.kafka.bootstrap.servers", "127.0.0.1:9092",
                        "agent.apicurio.registry.url", "http://127.0.0.1:8081/apis/registry/v3"), "application.properties", 250))
                .withSources(new AgentConfigSource(file))
                .withConverter(java.time.Duration.class, 100, new io.quarkus.runtime.configuration.DurationConverter())
                .withMapping(AgentConfig.class)
                .build();
        AgentConfig agent = config.getConfigMapping(AgentConfig.class);

        assertThat(agent.engineer()).hasValue("jane.doe@digital.cabinet-office.gov.uk");
        KafkaConnection connection = AgentWiring.connection(agent);
        assertThat(connection.clientProperties()).containsEntry("bootstrap.servers", "kafka.prod.example:9093")
                .containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.location", "/home/jane/ca.p12")
                .hasEntrySatisfying("sasl.jaas.config", v -> assertThat((String) v).endsWith("password=\"x\";"));
        assertThat(connection.serdeProperties()).containsEntry("apicurio.registry.url", "https://registry.prod.example/apis/registry/v3");
        assertThat(config.getOptionalValue("not.the.agents", String.class)).isEmpty();

        SmallRyeConfig withEnvironment = new SmallRyeConfigBuilder()
                .withSources(new AgentConfigSource(file))
                .withSources(new AgentConfigSource("env", AgentConfigSource.ENVIRONMENT_ORDINAL, AgentConfigSource.fromEnvironment(Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092", "APICURIO_REGISTRY_URL", "http://127.0.0.1:18081/apis/registry/v3"))))
                .withConverter(java.time.Duration.class, 100, new io.quarkus.runtime.configuration.DurationConverter())
                .withMapping(AgentConfig.class)
                .build();
        KafkaConnection local = AgentWiring.connection(withEnvironment.getConfigMapping(AgentConfig.class));
        assertThat(local.bootstrapServers()).isEqualTo("127.0.0.1:19092");
        assertThat(local.serdeProperties()).containsEntry("apicurio.registry.url", "http://127.0.0.1:18081/apis/registry/v3");
        assertThat(local.clientProperties()).containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void theFileLivesInTheHomeDirectoryUnlessNamed() {
        assertThat(AgentFiles.configFile(null, Map.of(), "/home/jane")).isEqualTo(Path.of("/home/jane/.config/aws-accounts/agent.properties"));
        assertThat(AgentFiles.configFile(null, Map.of("XDG_CONFIG_HOME", "/xdg"), "/home/jane"))
                .isEqualTo(Path.of("/xdg/aws-accounts/agent.properties"));
        assertThat(AgentFiles.configFile(null, Map.of("YUBIKEY_AGENT_CONFIG", "/tmp/a.properties"), "/home/jane"))
                .isEqualTo(Path.of("/tmp/a.properties"));
        assertThat(AgentFiles.configFile("/flag.properties", Map.of("YUBIKEY_AGENT_CONFIG", "/tmp/a.properties"), "/home/jane"))
                .isEqualTo(Path.of("/flag.properties"));
        assertThat(AgentConfigSource.read(dir.resolve("missing.properties"))).isEmpty();
    }

    @Test
    void registeredKeysKeepTheirOrderAndLabels() {
        KnownKeysFile keys = new KnownKeysFile(dir.resolve("sub").resolve("yubikeys.properties"));
        keys.add(new KnownKey("22222222", "safe B"));
        keys.add(new KnownKey("11111111", ""));
        keys.add(new KnownKey("22222222", "safe B, top shelf"));
        assertThat(keys.list()).containsExactly(new KnownKey("22222222", "safe B, top shelf"), new KnownKey("11111111", ""));
        assertThat(keys.remove("11111111")).isTrue();
        assertThat(keys.remove("11111111")).isFalse();
        assertThat(keys.list()).extracting(KnownKey::serial).containsExactly("22222222");
    }
}
