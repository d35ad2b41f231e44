package uk.gov.gds.awsam.request.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.RequestSubmitted;
import uk.gov.gds.awsam.request.config.RequestConfig;
import uk.gov.gds.awsam.request.domain.Projection;

/**
 * Reads the lifecycle topics from their beginning into the {@link Projection}, then keeps following
 * them. There is no consumer group and nothing is committed: every instance rebuilds its whole view at
 * start-up (Kafka is the system of record), and the view is caught up once every partition has been read
 * to the end offset it had at start-up. A record that cannot be decoded is counted, logged and stepped
 * over (the services that act on the topic dead-letter it); the reader never stops on one.
 */
@ApplicationScoped
public class LifecycleFeed {

    private static final Logger LOG = Logger.getLogger(LifecycleFeed.class);
    static final String APICURIO_PREFIX = "mp.messaging.connector.smallrye-kafka.";

    private final Projection projection;
    private final Map<String, Object> kafkaConfig;
    private final Map<String, Object> serdeConfig;
    private final Duration pollTimeout;
    private final List<String> topics;
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong undecodable = new AtomicLong();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Thread thread;
    private volatile boolean running = true;
    private volatile String state = "not started";
    private volatile long caughtUpMillis = -1;

    public LifecycleFeed(Projection projection, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            Config config, RequestConfig requestConfig) {
        this.projection = projection;
        this.kafkaConfig = kafkaConfig;
        this.serdeConfig = serdeConfig(config);
        this.pollTimeout = requestConfig.projection().pollTimeout();
        this.topics = List.of(EventType.REQUEST_SUBMITTED.topic());
    }

    void onStart(@Observes StartupEvent started) {
        thread = new Thread(this::run, "lifecycle-feed");
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
            thread.join(Duration.ofSeconds(10).toMillis());
        }
    }

    /** In words, for the readiness check: where the reader is. */
    public String state() {
        return state;
    }

    public long applied() {
        return applied.get();
    }

    public long undecodable() {
        return undecodable.get();
    }

    /** How long the rebuild took, in milliseconds; -1 until caught up. */
    public long caughtUpMillis() {
        return caughtUpMillis;
    }

    private void run() {
        long start = System.nanoTime();
        AvroKafkaDeserializer<SpecificRecord> deserializer = new AvroKafkaDeserializer<>();
        deserializer.configure(serdeConfig, false);
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerConfig(), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = kafka;
            List<TopicPartition> partitions = partitions(kafka);
            if (partitions == null) {
                return;
            }
            kafka.assign(partitions);
            kafka.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = new HashMap<>(kafka.endOffsets(partitions));
            Set<TopicPartition> behind = new HashSet<>(partitions);
            state = "reading " + partitions.size() + " partitions of " + topics.size() + " topics up to the offsets at start-up";
            LOG.infof("Rebuilding the request view from %d partitions of %s", partitions.size(), topics);
            while (running) {
                ConsumerRecords<String, byte[]> records = kafka.poll(pollTimeout);
                for (ConsumerRecord<String, byte[]> record : records) {
                    apply(deserializer, record);
                }
                if (!behind.isEmpty()) {
                    behind.removeIf(partition -> kafka.position(partition) >= ends.get(partition));
                    if (behind.isEmpty()) {
                        caughtUpMillis = (System.nanoTime() - start) / 1_000_000;
                        projection.markCaughtUp();
                        state = "caught up";
                        LOG.infof("Request view rebuilt in %d ms: %d events applied, %d undecodable records stepped over",
                                caughtUpMillis, applied.get(), undecodable.get());
                    }
                }
            }
        } catch (WakeupException stopping) {
            // stop() woke the consumer up
        } catch (RuntimeException unexpected) {
            state = "stopped: " + unexpected;
            LOG.error("The lifecycle feed stopped", unexpected);
        } finally {
            deserializer.close();
        }
    }

    private void apply(AvroKafkaDeserializer<SpecificRecord> deserializer, ConsumerRecord<String, byte[]> record) {
        SpecificRecord event;
        try {
            event = deserializer.deserialize(record.topic(), record.headers(), record.value());
        } catch (RuntimeException notAvro) {
            undecodable.incrementAndGet();
            LOG.warnf("Stepped over an undecodable record at %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                    notAvro.getMessage());
            return;
        }
        if (event instanceof RequestSubmitted submitted) {
            projection.apply(SubmissionEvents.toDomain(submitted));
            applied.incrementAndGet();
        }
    }

    /** Every partition of the topics; waits while a topic does not exist yet. Null when stopped first. */
    private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> kafka) {
        while (running) {
            List<TopicPartition> partitions = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (String topic : topics) {
                List<PartitionInfo> infos = kafka.partitionsFor(topic);
                if (infos == null || infos.isEmpty()) {
                    missing.add(topic);
                } else {
                    infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
                }
            }
            if (missing.isEmpty()) {
                return partitions;
            }
            state = "waiting for topics " + missing;
            LOG.warnf("Waiting for topics %s to exist", missing);
            try {
                Thread.sleep(pollTimeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "request-service-lifecycle-feed");
        return config;
    }

    /** The Apicurio serde settings the channels use ({@code mp.messaging.connector.smallrye-kafka.apicurio.*}). */
    private static Map<String, Object> serdeConfig(Config config) {
        Map<String, Object> serde = new HashMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(APICURIO_PREFIX + "apicurio.")) {
                config.getOptionalValue(name, String.class).ifPresent(value -> serde.put(name.substring(APICURIO_PREFIX.length()), value));
            }
        }
        serde.put("apicurio.registry.use-specific-avro-reader", "true");
        return serde;
    }
}
