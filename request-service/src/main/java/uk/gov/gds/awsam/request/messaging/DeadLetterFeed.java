package uk.gov.gds.awsam.request.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.StateReaders;
import uk.gov.gds.awsam.request.domain.DeadLetter;
import uk.gov.gds.awsam.request.domain.DeadLetterIndex;

/**
 * Reads every dead-letter topic of the catalogue from its beginning into the {@link DeadLetterIndex} and keeps
 * following them: where each record is, its key, the consumer's reason and when, from the headers the
 * connector's dead-letter queue writes. Like the lifecycle feed: no consumer group, nothing committed.
 */
@ApplicationScoped
public class DeadLetterFeed {

    /** Headers of a dead letter (SmallRye's dead-letter queue). */
    static final String REASON = "dead-letter-reason";
    static final String CAUSE = "dead-letter-cause";
    static final String TOPIC = "dead-letter-topic";
    static final String HEADER_PREFIX = "dead-letter-";

    private static final Logger LOG = Logger.getLogger(DeadLetterFeed.class);
    private static final Duration API_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration POLL = Duration.ofMillis(500);

    private final DeadLetterIndex index;
    private final Map<String, Object> consumerConfig;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running = true;
    private Thread thread;

    public DeadLetterFeed(DeadLetterIndex index, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.index = index;
        this.consumerConfig = StateReaders.consumerConfig(kafkaConfig, "request-service-dead-letter-feed");
    }

    /** The dead-letter topics: one per event type. */
    public static List<String> topics() {
        return java.util.Arrays.stream(EventType.values()).map(EventType::deadLetterTopic).toList();
    }

    void onStart(@Observes StartupEvent started) {
        thread = new Thread(this::run, "dead-letter-feed");
        thread.setDaemon(true);
        thread.start();
    }

    @PreDestroy
    void stop() throws InterruptedException {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            thread.join(Duration.ofSeconds(5).toMillis());
        }
    }

    private void run() {
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer = kafka;
            Map<TopicPartition, Long> ends = null;
            while (running) {
                try {
                    if (ends == null) {
                        List<TopicPartition> partitions = partitions(kafka);
                        if (partitions.isEmpty()) {
                            java.util.concurrent.locks.LockSupport.parkNanos(POLL.toNanos());
                            continue;
                        }
                        kafka.assign(partitions);
                        kafka.seekToBeginning(partitions);
                        ends = new HashMap<>(kafka.endOffsets(partitions, API_TIMEOUT));
                    }
                    for (ConsumerRecord<String, byte[]> record : kafka.poll(POLL)) {
                        index.add(letter(record));
                    }
                    if (!index.isCaughtUp()) {
                        Map<TopicPartition, Long> until = ends;
                        if (until.keySet().stream().allMatch(p -> kafka.position(p, API_TIMEOUT) >= until.get(p))) {
                            index.markCaughtUp();
                            LOG.infof("Dead letters read: %d", index.size());
                        }
                    }
                } catch (WakeupException stopping) {
                    // stop() woke the consumer up; the loop ends when running is false
                } catch (RuntimeException unavailable) {
                    LOG.warnf("Reading the dead-letter topics failed, retrying: %s", unavailable.toString());
                    java.util.concurrent.locks.LockSupport.parkNanos(POLL.toNanos());
                }
            }
        }
    }

    /** Every partition of the dead-letter topics that exist (all of them once the topics are created). */
    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> kafka) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics()) {
            List<PartitionInfo> infos = kafka.partitionsFor(topic, API_TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                return List.of();
            }
            infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        return partitions;
    }

    static DeadLetter letter(ConsumerRecord<String, byte[]> record) {
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
