package uk.gov.gds.awsam.agent.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The engineer's configuration file ({@link AgentFiles#configFile()}): its {@code agent.*} properties, above
 * the defaults of application.properties and below the environment. A missing file is no error: the
 * defaults are the local run's. Also maps the local run's {@code KAFKA_BOOTSTRAP_SERVERS} and
 * {@code APICURIO_REGISTRY_URL} onto the agent's properties, above the file.
 */
public class AgentConfigSource implements ConfigSource {

    static final int FILE_ORDINAL = 270;
    static final int ENVIRONMENT_ORDINAL = 290;

    private final String name;
    private final int ordinal;
    private final Map<String, String> properties;

    public AgentConfigSource() {
        this(AgentFiles.configFile());
    }

    AgentConfigSource(Path file) {
        this("agent configuration " + file, FILE_ORDINAL, read(file));
    }

    AgentConfigSource(String name, int ordinal, Map<String, String> properties) {
        this.name = name;
        this.ordinal = ordinal;
        this.properties = Map.copyOf(properties);
    }

    /** KAFKA_BOOTSTRAP_SERVERS and APICURIO_REGISTRY_URL, the names the local run and the services use. */
    public static class LocalRunEnvironment extends AgentConfigSource {
        public LocalRunEnvironment() {
            super("KAFKA_BOOTSTRAP_SERVERS and APICURIO_REGISTRY_URL", ENVIRONMENT_ORDINAL, fromEnvironment(System.getenv()));
        }
    }

    static Map<String, String> fromEnvironment(Map<String, String> env) {
        Map<String, String> mapped = new HashMap<>();
        String bootstrap = env.get("KAFKA_BOOTSTRAP_SERVERS");
        if (bootstrap != null && !bootstrap.isBlank()) {
            mapped.put("agent.kafka.bootstrap.servers", bootstrap);
        }
        String registry = env.get("APICURIO_REGISTRY_URL");
        if (registry != null && !registry.isBlank()) {
            mapped.put("agent.apicurio.registry.url", registry);
        }
        return mapped;
    }

    static Map<String, String> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the agent configuration " + file, e);
        }
        Map<String, String> values = new HashMap<>();
        properties.stringPropertyNames().stream().filter(k -> k.startsWith("agent."))
                .forEach(k -> values.put(k, properties.getProperty(k).strip()));
        return values;
    }

    @Override
    public Map<String, String> getProperties() {
        return properties;
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public int getOrdinal() {
        return ordinal;
    }
}
