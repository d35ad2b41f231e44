package uk.gov.gds.awsam.request.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.ReplicaHealth;
import uk.gov.gds.awsam.events.StateReaders;
import uk.gov.gds.awsam.events.TopicReplica;
import uk.gov.gds.awsam.request.domain.DeadLetter;
import uk.gov.gds.awsam.request.domain.DeadLetterIndex;

/**
 * Reads every dead-letter topic of the catalogue from its beginning into the {@link DeadLetterIndex} and keeps
 * following them: where each record is, its key, the consumer's reason and when, from the headers the
 * connector's dead-letter queue writes. A {@link TopicReplica}, like the lifecycle feed, waiting for the topics to exist.
 */
@ApplicationScoped
public class DeadLetterFeed {

    /** Headers of a dead letter (SmallRye's dead-letter queue). */
    static final String REASON = "dead-letter-reason";
    static final String CAUSE = "dead-letter-cause";
    static final String TOPIC = "dead-letter-topic";
    static final String HEADER_PREFIX = "dead-letter-";

    private static final Logger LOG = Logger.getLogger(DeadLetterFeed.class);

    private final TopicReplica<byte[]> replica;

    public DeadLetterFeed(DeadLetterIndex index, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.replica = TopicReplica.<byte[]>builder("dead-letter-feed", StateReaders.consumerConfig(kafkaConfig, "request-service-dead-letter-feed"),
                topics(), () -> (topic, headers, value) -> value, record -> index.add(letter(record)))
                .waitForTopics()
                .pollTimeout(Duration.ofMillis(500))
                .onCaughtUp(() -> {
                    index.markCaughtUp();
                    LOG.infof("Dead letters read: %d", index.size());
                })
                .build();
    }

    /** The dead-letter topics: one per event type. */
    public static List<String> topics() {
        return java.util.Arrays.stream(EventType.values()).map(EventType::deadLetterTopic).toList();
    }

    void onStart(@Observes StartupEvent started) {
        replica.start();
    }

    @PreDestroy
    void stop() {
        replica.close();
    }

    /** The liveness check of the dead letters' reader, named {@code name}: DOWN once its thread has stopped ({@link ReplicaHealth}). */
    public HealthCheckResponse liveness(String name) {
        return ReplicaHealth.liveness(name, replica);
    }

    static DeadLetter letter(TopicReplica.Entry<byte[]> record) {
        String topic = header(record.headers(), TOPIC);
        if (topic == null) {
            topic = record.topic().endsWith(".dlq") ? record.topic().substring(0, record.topic().length() - ".dlq".length()) : record.topic();
        }
        String reason = header(record.headers(), REASON);
        String cause = header(record.headers(), CAUSE);
        String error = reason == null ? cause : cause == null || reason.contains(cause) ? reason : reason + " (" + cause + ")";
        String key = record.key() == null || record.key().isBlank() ? null : record.key();
        return new DeadLetter(record.topic(), record.partition(), record.offset(), topic, key,
                header(record.headers(), uk.gov.gds.awsam.events.CloudEventHeaders.ID), error,
                Instant.ofEpochMilli(record.timestamp()));
    }

    static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
