package uk.gov.gds.awsam.e2e;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

import uk.gov.gds.awsam.events.EventTopicsConfigSource;

/**
 * A deployed service module (one whose application.properties sets {@code quarkus.http.port}) as its deployment
 * descriptors see it, read from its sources: the properties it defines, the environment variables it reads, its
 * port and the topics and consumer groups of its channels.
 */
final class ServiceModule {

    static final Path ROOT = DeploymentManifestsTest.DEPLOY.getParent();

    /**
     * Names that look like a secret: they must never have a value written in a descriptor. (A token endpoint is an
     * address, not a token.)
     */
    static final Pattern SECRET_NAME = Pattern.compile(".*(TOKEN(?!_ENDPOINT)|SECRET|PASSWORD|JAAS|PRIVATE_KEY|ACCESS_KEY).*");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-]+)");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^:}]+)(?::([^}]*))?}");
    private static final Map<String, String> CATALOGUE_TOPICS = new EventTopicsConfigSource().getProperties();

    /**
     * Quarkus runtime properties that every service has without naming them (quarkus-vertx-http serves health and
     * metrics in each), set by the image (deploy/docker/Dockerfile.jvm) rather than per service.
     */
    private static final Set<String> QUARKUS_HTTP_PROPERTIES = Set.of("quarkus.http.host", "quarkus.http.port");

    /**
     * Every property of the Kafka clients' own configuration: Quarkus hands each {@code kafka.*} property,
     * environment variables included ({@code KAFKA_SASL_JAAS_CONFIG} → {@code sasl.jaas.config}), to every Kafka
     * client of the application (KafkaRuntimeConfigProducer, the {@code default-kafka-broker} map).
     */
    private static final Set<String> KAFKA_CLIENT_PROPERTIES = kafkaClientProperties();

    final String name;
    final Path dir;
    /** The properties of application.properties outside any profile. */
    final Map<String, String> properties;
    /** The names its configuration reads through ${NAME...}, environment variables and properties alike. */
    final Set<String> placeholders;
    /** Every leaf property of its @ConfigMapping interfaces, e.g. {@code provisioner.aws.endpoint}. */
    final Set<String> mappedProperties;

    private ServiceModule(String name, Path dir) {
        this.name = name;
        this.dir = dir;
        String text = read(dir.resolve("src/main/resources/application.properties"));
        this.properties = properties(text);
        this.placeholders = new HashSet<>();
        Matcher placeholder = PLACEHOLDER.matcher(text);
        while (placeholder.find()) {
            placeholders.add(placeholder.group(1));
        }
        this.mappedProperties = new TreeSet<>();
        for (Path mapping : configMappings(dir)) {
            mappedProperties.addAll(ConfigMappingSource.leafProperties(read(mapping)));
        }
    }

    /** The modules of the root pom that are deployed services: they listen on HTTP (yubikey-agent does not). */
    static List<ServiceModule> all() {
        return configured().stream().filter(m -> m.properties.containsKey("quarkus.http.port")).toList();
    }

    /** The modules of the root pom that have a configuration of their own: the deployed services and yubikey-agent. */
    static List<ServiceModule> configured() {
        List<ServiceModule> modules = new ArrayList<>();
        Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(read(ROOT.resolve("pom.xml")));
        while (module.find()) {
            Path dir = ROOT.resolve(module.group(1));
            if (Files.isRegularFile(dir.resolve("src/main/resources/application.properties")) && !configMappings(dir).isEmpty()) {
                modules.add(new ServiceModule(module.group(1), dir));
            }
        }
        return modules;
    }

    static ServiceModule named(String name) {
        return all().stream().filter(s -> s.name.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no deployed service module " + name));
    }

    int httpPort() {
        return Integer.parseInt(resolve(properties.get("quarkus.http.port")));
    }

    /**
     * Whether this service reads the environment variable: its application.properties names it (${NAME...}), or
     * it is the environment form of a property the service has (SmallRye Config: every character other than a
     * letter or digit becomes {@code _}, upper case), or a Kafka client property passed through by Quarkus.
     */
    boolean readsEnvironmentVariable(String variable) {
        if (placeholders.contains(variable)) {
            return true;
        }
        for (String property : knownProperties()) {
            if (environmentName(property).equals(variable)) {
                return true;
            }
        }
        if (variable.startsWith("KAFKA_") && properties.containsKey("kafka.bootstrap.servers")) {
            String clientProperty = variable.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.');
            return KAFKA_CLIENT_PROPERTIES.contains(clientProperty);
        }
        return false;
    }

    private Set<String> knownProperties() {
        Set<String> known = new HashSet<>(properties.keySet());
        known.addAll(mappedProperties);
        known.addAll(QUARKUS_HTTP_PROPERTIES);
        return known;
    }

    static String environmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** A value with its ${key:default} references resolved, against the properties and then the catalogue. */
    String resolve(String value) {
        String resolved = value;
        for (int depth = 0; depth < 10 && resolved.contains("${"); depth++) {
            Matcher reference = REFERENCE.matcher(resolved);
            StringBuilder out = new StringBuilder();
            while (reference.find()) {
                String key = reference.group(1);
                String found = properties.containsKey(key) ? properties.get(key) : CATALOGUE_TOPICS.get(key);
                if (found == null) {
                    found = reference.group(2);
                }
                if (found == null) {
                    throw new IllegalStateException(name + ": cannot resolve ${" + key + "} (no default)");
                }
                reference.appendReplacement(out, Matcher.quoteReplacement(found));
            }
            reference.appendTail(out);
            resolved = out.toString();
        }
        return resolved;
    }

    /** The topics of its outgoing channels and the dead-letter topics of its incoming ones: what it writes. */
    Set<String> publishedTopics() {
        Set<String> topics = new TreeSet<>();
        channelValues("outgoing", "topic").values().forEach(t -> topics.add(resolve(t)));
        channelValues("incoming", "dead-letter-queue.topic").values().forEach(t -> topics.add(resolve(t)));
        if (name.equals("request-service")) {
            // an engineer's dead-letter replay sends a record back to the event topic it came from: any of them
            java.util.Arrays.stream(uk.gov.gds.awsam.events.EventType.values()).forEach(type -> topics.add(type.topic()));
        }
        return topics;
    }

    /** Incoming channel → topic. */
    Map<String, String> consumedTopics() {
        Map<String, String> topics = new LinkedHashMap<>();
        channelValues("incoming", "topic").forEach((channel, topic) -> topics.put(channel, resolve(topic)));
        return topics;
    }

    /** Incoming channel → value of the given attribute (absent where the channel does not set it). */
    Map<String, String> channelValues(String direction, String attribute) {
        Map<String, String> values = new LinkedHashMap<>();
        Pattern key = Pattern.compile("mp\\.messaging\\." + direction + "\\.([^.]+)\\." + Pattern.quote(attribute));
        properties.forEach((property, value) -> {
            Matcher matcher = key.matcher(property);
            if (matcher.matches()) {
                values.put(matcher.group(1), value);
            }
        });
        return values;
    }

    /**
     * The first path segments of the service's HTTP routes, as a proxy in front of it must name them: each JAX-RS
     * resource's class-level {@code @Path} in its {@code rest} package (for a class at {@code /}, its methods'
     * paths, and {@code ""} for the root itself), and each directory of static files (META-INF/resources).
     */
    Set<String> topLevelRoutes() {
        Set<String> routes = new TreeSet<>();
        Pattern path = Pattern.compile("@Path\\(\"([^\"]*)\"\\)");
        try (Stream<Path> files = Files.walk(dir.resolve("src/main/java"))) {
            for (Path file : files.filter(f -> f.getParent().endsWith("rest") && f.toString().endsWith(".java")).toList()) {
                String text = withConstantsInlined(read(file));
                Matcher classLevel = Pattern.compile("@Path\\(\"([^\"]*)\"\\)\\s*(?:@[\\w.]+(?:\\([^)]*\\))?\\s*)*public (?:final )?class ").matcher(text);
                if (!classLevel.find()) {
                    continue;
                }
                String classPath = classLevel.group(1).replaceAll("^/+", "");
                if (!classPath.isEmpty()) {
                    routes.add(classPath.split("/")[0]);
                    continue;
                }
                routes.add("");
                Matcher method = path.matcher(text.substring(classLevel.end()));
                while (method.find()) {
                    routes.add(method.group(1).replaceAll("^/+", "").split("/")[0]);
                }
            }
            Path statics = dir.resolve("src/main/resources/META-INF/resources");
            if (Files.isDirectory(statics)) {
                try (Stream<Path> entries = Files.list(statics)) {
                    entries.filter(Files::isDirectory).forEach(d -> routes.add(d.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return routes;
    }

    /**
     * The source with each {@code @Path(SomeClass.NAME)} or {@code @Path(NAME)} replaced by the string constant it
     * names in the same file, so a route named by a constant is not missed; one the file does not define fails.
     */
    private static String withConstantsInlined(String text) {
        Matcher byConstant = Pattern.compile("@Path\\((?:\\w+\\.)?(\\w+)\\)").matcher(text);
        StringBuilder inlined = new StringBuilder();
        while (byConstant.find()) {
            Matcher constant = Pattern.compile("static final String " + byConstant.group(1) + "\\s*=\\s*(\"[^\"]*\")").matcher(text);
            if (!constant.find()) {
                throw new IllegalStateException("a @Path names " + byConstant.group() + ", which is not a string constant of its file");
            }
            byConstant.appendReplacement(inlined, Matcher.quoteReplacement("@Path(" + constant.group(1) + ")"));
        }
        return byConstant.appendTail(inlined).toString();
    }

    Set<String> incomingChannels() {
        return channelValues("incoming", "topic").keySet();
    }

    @Override
    public String toString() {
        return name;
    }

    private static Map<String, String> properties(String text) {
        Properties loaded = new Properties();
        try (Reader reader = new java.io.StringReader(text)) {
            loaded.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> properties = new LinkedHashMap<>();
        for (String key : loaded.stringPropertyNames()) {
            if (!key.startsWith("%")) {
                properties.put(key, loaded.getProperty(key));
            }
        }
        return properties;
    }

    private static List<Path> configMappings(Path dir) {
        if (!Files.isDirectory(dir.resolve("src/main/java"))) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir.resolve("src/main/java"))) {
            return files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> read(f).contains("@ConfigMapping(")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> kafkaClientProperties() {
        Set<String> names = new HashSet<>(ConsumerConfig.configNames());
        names.addAll(ProducerConfig.configNames());
        names.addAll(AdminClientConfig.configNames());
        return Set.copyOf(names);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
