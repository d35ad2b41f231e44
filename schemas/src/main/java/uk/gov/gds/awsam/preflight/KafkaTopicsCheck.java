package uk.gov.gds.awsam.preflight;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import uk.gov.gds.awsam.events.TopicSpec;
import uk.gov.gds.awsam.events.Topics;

/**
 * The preflight of the Kafka topics a service depends on: every topic of the catalogue ({@link Topics}) exists on
 * the broker with at least its partitions and the configuration the system relies on (event topics keep every
 * record, internal topics are compacted). Read-only: Describe and DescribeConfigs, with the service's own client
 * settings (so its credentials and TLS), each call bounded by the timeout. A failure names the topic, the setting
 * and the value to set; nothing it says carries a secret.
 */
public final class KafkaTopicsCheck {

    public static final String SYSTEM = "kafka";

    private final Map<String, Object> clientConfig;
    private final Duration timeout;
    private final List<TopicSpec> topics;

    /**
     * @param clientConfig the service's Kafka client settings ({@code bootstrap.servers}, security settings...);
     *        settings an admin client does not know are left out
     * @param timeout how long the whole check may wait for the broker
     */
    public KafkaTopicsCheck(Map<String, ?> clientConfig, Duration timeout) {
        this(clientConfig, timeout, Topics.all());
    }

    public KafkaTopicsCheck(Map<String, ?> clientConfig, Duration timeout, List<TopicSpec> topics) {
        Map<String, Object> admin = new HashMap<>();
        clientConfig.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key) && value != null) {
                admin.put(key, value);
            }
        });
        int millis = (int) Math.max(1000, timeout.toMillis());
        admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        admin.put(AdminClientConfig.CLIENT_ID_CONFIG, "preflight");
        this.clientConfig = Map.copyOf(admin);
        this.timeout = timeout;
        this.topics = List.copyOf(topics);
    }

    public List<Finding> run() {
        String bootstrap = String.valueOf(clientConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Finding> findings = new ArrayList<>();
        try (Admin admin = Admin.create(clientConfig)) {
            Map<String, KafkaFuture<TopicDescription>> described = admin
                    .describeTopics(topics.stream().map(TopicSpec::name).toList()).topicNameValues();
            Map<TopicSpec, TopicDescription> present = new LinkedHashMap<>();
            for (TopicSpec topic : topics) {
                try {
                    present.put(topic, described.get(topic.name()).get(remaining(deadline), TimeUnit.NANOSECONDS));
                } catch (ExecutionException failed) {
                    Finding finding = topicFailure(topic, failed.getCause(), bootstrap);
                    if (finding == null) {
                        return List.of(unreachable(bootstrap, failed.getCause()));
                    }
                    findings.add(finding);
                }
            }
            Map<ConfigResource, Config> configs = present.isEmpty() ? Map.of() : admin.describeConfigs(present.keySet().stream()
                    .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic.name())).toList())
                    .all().get(remaining(deadline), TimeUnit.NANOSECONDS);
            int asDeclared = 0;
            for (Map.Entry<TopicSpec, TopicDescription> entry : present.entrySet()) {
                List<Finding> wrong = settings(entry.getKey(), entry.getValue(),
                        configs.get(new ConfigResource(ConfigResource.Type.TOPIC, entry.getKey().name())));
                findings.addAll(wrong);
                asDeclared += wrong.isEmpty() ? 1 : 0;
            }
            if (asDeclared > 0) {
                findings.add(0, Finding.pass(SYSTEM, "the catalogue's topics exist with their settings",
                        asDeclared + " of " + topics.size() + " topics on " + bootstrap
                                + " as declared (event topics and .dlq kept forever, internal topics compacted)"));
            }
            return findings;
        } catch (TimeoutException slow) {
            return List.of(Finding.fail(SYSTEM, "reach the broker", "no answer from " + bootstrap + " within "
                    + timeout.toSeconds() + " s: check KAFKA_BOOTSTRAP_SERVERS, the network between them and the service's Kafka credentials"));
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause();
            if (cause instanceof org.apache.kafka.common.errors.AuthorizationException) {
                return List.of(Finding.fail(SYSTEM, "read the topics' configuration",
                        "the broker refused DescribeConfigs on the catalogue's topics: grant this service's principal DescribeConfigs on topics aws-accounts.*"));
            }
            return List.of(unreachable(bootstrap, cause));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return List.of(Finding.cannotCheck(SYSTEM, "the catalogue's topics", "interrupted"));
        } catch (RuntimeException broken) {
            return List.of(Finding.fail(SYSTEM, "reach the broker", "could not make a Kafka client from the service's settings ("
                    + broken.getClass().getSimpleName() + "): check the kafka.* settings (bootstrap servers, security protocol)"));
        }
    }

    private static long remaining(long deadline) throws TimeoutException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new TimeoutException();
        }
        return left;
    }

    /** A finding about one topic, or null when the failure is the broker's, not the topic's. */
    private static Finding topicFailure(TopicSpec topic, Throwable cause, String bootstrap) {
        if (cause instanceof UnknownTopicOrPartitionException) {
            return Finding.fail(SYSTEM, "topic " + topic.name() + " exists", "missing on " + bootstrap + ": create it with partitions="
                    + topic.partitions() + " and " + settings(topic) + " (" + topic.why() + "; deploy/k8s/kafka/topics.yaml declares it)");
        }
        if (cause instanceof TopicAuthorizationException) {
            return Finding.fail(SYSTEM, "topic " + topic.name() + " exists",
                    "the broker refused Describe on it: grant this service's principal Describe on topic " + topic.name());
        }
        return null;
    }

    private static Finding unreachable(String bootstrap, Throwable cause) {
        if (cause instanceof AuthenticationException) {
            return Finding.fail(SYSTEM, "reach the broker", "the broker at " + bootstrap
                    + " refused the service's credentials: check the service's Kafka credentials (kafka.sasl.* / kafka.ssl.*)");
        }
        return Finding.fail(SYSTEM, "reach the broker", "the broker at " + bootstrap + " did not answer ("
                + cause.getClass().getSimpleName() + "): check KAFKA_BOOTSTRAP_SERVERS and that the broker is up");
    }

    private static List<Finding> settings(TopicSpec topic, TopicDescription description, Config config) {
        List<Finding> wrong = new ArrayList<>();
        int partitions = description.partitions().size();
        if (partitions < topic.partitions()) {
            wrong.add(Finding.fail(SYSTEM, "topic " + topic.name() + " partitions", "it has " + partitions + ": add partitions to "
                    + topic.partitions() + " (kafka-topics.sh --alter --partitions " + topic.partitions() + ")"));
        }
        topic.configs().forEach((key, expected) -> {
            ConfigEntry entry = config == null ? null : config.get(key);
            String actual = entry == null ? null : entry.value();
            if (!expected.equals(actual)) {
                wrong.add(Finding.fail(SYSTEM, "topic " + topic.name() + " " + key, "it is " + (actual == null ? "not set" : actual)
                        + ": set " + key + "=" + expected + " (" + topic.why() + ")"));
            }
        });
        return wrong;
    }

    private static String settings(TopicSpec topic) {
        return topic.configs().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(entry -> entry.getKey() + "=" + entry.getValue()).collect(Collectors.joining(", "));
    }
}
