package uk.gov.gds.awsam.agent.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import uk.gov.gds.awsam.agent.client.YkmanCli;
import uk.gov.gds.awsam.agent.client.YkmanPreflight;
import uk.gov.gds.awsam.agent.config.AgentConfig;
import uk.gov.gds.awsam.agent.config.AgentFiles;
import uk.gov.gds.awsam.agent.config.KnownKeysFile;
import uk.gov.gds.awsam.agent.domain.EventSink;
import uk.gov.gds.awsam.agent.domain.TaskLog;
import uk.gov.gds.awsam.agent.domain.Terminal;
import uk.gov.gds.awsam.agent.domain.Ticker;
import uk.gov.gds.awsam.agent.domain.YubiKeys;
import uk.gov.gds.awsam.agent.messaging.KafkaConnection;
import uk.gov.gds.awsam.agent.messaging.KafkaEventSink;
import uk.gov.gds.awsam.agent.messaging.KafkaPreflight;
import uk.gov.gds.awsam.agent.messaging.KafkaTaskLog;
import uk.gov.gds.awsam.agent.messaging.RegistryPreflight;

/** The agent's parts, built from its configuration. */
@Singleton
public class AgentWiring {

    private final AgentConfig config;

    public AgentWiring(AgentConfig config) {
        this.config = config;
    }

    /** The Kafka client and serde properties: agent.kafka.* as they are, agent.apicurio.* as apicurio.*. */
    public static KafkaConnection connection(AgentConfig config) {
        Map<String, Object> client = new HashMap<>(config.kafka());
        Map<String, Object> serde = new HashMap<>();
        config.apicurio().forEach((key, value) -> serde.put("apicurio." + key, value));
        return new KafkaConnection(client, serde, config.kafkaTimeout(), config.publishTimeout());
    }

    @Produces
    @Singleton
    KafkaConnection connection() {
        return connection(config);
    }

    @Produces
    @Singleton
    TaskLog taskLog(KafkaConnection connection) {
        return new KafkaTaskLog(connection);
    }

    @Produces
    @Singleton
    EventSink eventSink(KafkaConnection connection) {
        return new KafkaEventSink(connection, Clock.systemUTC());
    }

    @Produces
    @Singleton
    YubiKeys yubiKeys() {
        return new YkmanCli(config.ykman(), System.getenv(), config.ykmanTimeout());
    }

    @Produces
    @Singleton
    YkmanPreflight ykmanPreflight(YubiKeys yubiKeys) {
        return new YkmanPreflight(yubiKeys, config.ykman());
    }

    @Produces
    @Singleton
    KafkaPreflight kafkaPreflight(KafkaConnection connection) {
        return new KafkaPreflight(connection);
    }

    @Produces
    @Singleton
    RegistryPreflight registryPreflight(KafkaConnection connection) {
        return new RegistryPreflight(connection);
    }

    /** Also the {@link uk.gov.gds.awsam.agent.domain.KnownKeys} of the runbooks. */
    @Produces
    @Singleton
    KnownKeysFile knownKeysFile() {
        return new KnownKeysFile(AgentFiles.keysFile(config.keysFile()));
    }

    @Produces
    @Singleton
    RunbookParts runbookParts(TaskLog taskLog, EventSink sink, YubiKeys yubiKeys, KnownKeysFile knownKeys, Terminal terminal, Ticker ticker) {
        return new RunbookParts(config, taskLog, sink, yubiKeys, knownKeys, terminal, ticker);
    }

    @Produces
    @Singleton
    Terminal terminal() {
        java.io.Console console = System.console();
        return console != null ? new ConsoleTerminal(console)
                : new StreamTerminal(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), System.out);
    }

    @Produces
    @Singleton
    Ticker ticker() {
        return Ticker.system();
    }
}
