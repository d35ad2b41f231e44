package uk.gov.gds.awsam.request.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
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
import uk.gov.gds.awsam.events.StateReaders;
import uk.gov.gds.awsam.request.config.RequestConfig;
import uk.gov.gds.awsam.request.domain.LifecycleEvent;
import uk.gov.gds.awsam.request.domain.Projection;

/**
 * Reads every lifecycle topic (one per event type) from its beginning into the {@link Projection}, then
 * keeps following them. There is no consumer group and nothing is committed: every instance rebuilds its
 * whole view at start-up (Kafka is the system of record), and the view is caught up once every partition
 * has been read to the end offset it had at start-up.
 *
 * <p>Each batch is decoded on a few threads at once (the view does not depend on the order events are
 * applied in) and applied by this reader alone. A record that cannot be decoded is counted, logged and
 * stepped over (the services that act on the topic dead-letter it); the reader never stops on one. When
 * the broker or the schema registry cannot be reached, it keeps its place and tries again.
 */
@ApplicationScoped
public class LifecycleFeed {

    private static final Logger LOG = Logger.getLogger(LifecycleFeed.class);
    static final String APICURIO_PREFIX = "mp.messaging.connector.smallrye-kafka.";
    /** How long one metadata or offset call may wait for the broker before the loop retries. */
    private static final Duration API_TIMEOUT = Duration.ofSeconds(5);
    /** Below this many records a batch is decoded on the reader's own thread. */
    private static final int PARALLEL_FROM = 256;

    private final Projection projection;
    private final Map<String, Object> kafkaConfig;
    private final Map<String, Object> serdeConfig;
    private final boolean idsInHeaders;
    private final Duration pollTimeout;
    private final List<String> topics;
    private final int decoderCount;
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong undecodable = new AtomicLong();
    private final BlockingQueue<AvroKafkaDeserializer<SpecificRecord>> deserializers;
    private volatile ExecutorService decoders;
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
        this.idsInHeaders = Boolean.parseBoolean(String.valueOf(serdeConfig.getOrDefault("apicurio.registry.headers.enabled", "false")));
        this.pollTimeout = requestConfig.projection().pollTimeout();
        this.topics = EventType.topics();
        this.decoderCount = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        this.deserializers = new ArrayBlockingQueue<>(decoderCount + 1);
    }

    void onStart(@Observes StartupEvent started) {
        for (int i = 0; i <= decoderCount; i++) {
            AvroKafkaDeserializer<SpecificRecord> deserializer = new AvroKafkaDeserializer<>();
            deserializer.configure(serdeConfig, false);
            deserializers.add(deserializer);
        }
        AtomicInteger number = new AtomicInteger();
        decoders = Executors.newFixedThreadPool(decoderCount, runnable -> {
            Thread decoder = new Thread(runnable, "lifecycle-feed-decoder-" + number.incrementAndGet());
            decoder.setDaemon(true);
            return decoder;
        });
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
        if (decoders != null) {
            decoders.shutdownNow();
        }
        deserializers.forEach(AvroKafkaDeserializer::close);
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
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerConfig(), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = kafka;
            Map<TopicPartition, Long> ends = null;
            Set<TopicPartition> behind = new HashSet<>();
            while (running) {
                try {
                    if (ends == null) {
                        List<TopicPartition> partitions = partitions(kafka);
                        if (partitions == null) {
                            continue;
                        }
                        kafka.assign(partitions);
                        kafka.seekToBeginning(partitions);
                        ends = new HashMap<>(kafka.endOffsets(partitions, API_TIMEOUT));
                        behind.addAll(partitions);
                        state = "reading " + partitions.size() + " partitions of " + topics.size()
                                + " topics up to the offsets at start-up";
                        LOG.infof("Rebuilding the request view from %d partitions of %d topics", partitions.size(), topics.size());
                    }
                    applyAll(kafka, kafka.poll(pollTimeout));
                    if (!behind.isEmpty()) {
                        Map<TopicPartition, Long> until = ends;
                        behind.removeIf(partition -> kafka.position(partition, API_TIMEOUT) >= until.get(partition));
                        if (behind.isEmpty()) {
                            caughtUpMillis = (System.nanoTime() - start) / 1_000_000;
                            projection.markCaughtUp();
                            state = "caught up";
                            LOG.infof("Request view rebuilt in %d ms: %d events read, %d requests, %d undecodable records stepped over",
                                    caughtUpMillis, applied.get(), projection.size(), undecodable.get());
                        }
                    }
                } catch (WakeupException stopping) {
                    // stop() woke the consumer up; the loop ends when running is false
                } catch (InterruptedException stopping) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException unavailable) {
                    // The broker or the registry is unreachable or slow: keep what was read, and try again.
                    state = (projection.isCaughtUp() ? "caught up; " : "") + "retrying: " + unavailable;
                    LOG.warnf("Reading the lifecycle topics failed, retrying: %s", unavailable.toString());
                    pause(pollTimeout);
                }
            }
        }
    }

    /**
     * Decodes a batch (in chunks, on the decoder threads when it is large) and applies it in order. When
     * the registry cannot be reached, the records not yet applied are read again later (their partitions
     * are sought back to them) rather than being mistaken for undecodable ones.
     */
    private void applyAll(KafkaConsumer<String, byte[]> kafka, ConsumerRecords<String, byte[]> batch) throws InterruptedException {
        if (batch.isEmpty()) {
            return;
        }
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>(batch.count());
        batch.forEach(records::add);
        int chunks = records.size() < PARALLEL_FROM ? 1 : decoderCount;
        int size = (records.size() + chunks - 1) / chunks;
        List<Future<LifecycleEvent[]>> decoded = new ArrayList<>(chunks);
        for (int from = 0; from < records.size(); from += size) {
            List<ConsumerRecord<String, byte[]>> chunk = records.subList(from, Math.min(records.size(), from + size));
            decoded.add(chunks == 1 ? java.util.concurrent.CompletableFuture.completedFuture(decode(chunk))
                    : decoders.submit(() -> decode(chunk)));
        }
        for (int c = 0; c < decoded.size(); c++) {
            LifecycleEvent[] events;
            try {
                events = decoded.get(c).get();
            } catch (ExecutionException failed) {
                if (failed.getCause() instanceof RegistryUnavailable unavailable) {
                    seekBack(kafka, records.subList(c * size, records.size()));
                    throw unavailable;
                }
                throw new IllegalStateException(failed.getCause());
            }
            for (LifecycleEvent event : events) {
                if (event != null) {
                    projection.apply(event);
                    applied.incrementAndGet();
                }
            }
        }
    }

    /** Decodes records; null where one cannot be decoded (counted and logged). */
    private LifecycleEvent[] decode(List<ConsumerRecord<String, byte[]>> records) throws InterruptedException {
        AvroKafkaDeserializer<SpecificRecord> deserializer = deserializers.take();
        try {
            LifecycleEvent[] events = new LifecycleEvent[records.size()];
            for (int i = 0; i < events.length; i++) {
                events[i] = decode(deserializer, records.get(i));
            }
            return events;
        } finally {
            deserializers.put(deserializer);
        }
    }

    private LifecycleEvent decode(AvroKafkaDeserializer<SpecificRecord> deserializer, ConsumerRecord<String, byte[]> record) {
        SpecificRecord event;
        try {
            // Without the record's headers unless the registry ids travel in them: reading headers for each
            // record costs a tenth of the rebuild.
            event = idsInHeaders ? deserializer.deserialize(record.topic(), record.headers(), record.value())
                    : deserializer.deserialize(record.topic(), record.value());
        } catch (RuntimeException notAvro) {
            if (isTransient(notAvro)) {
                throw new RegistryUnavailable(notAvro);
            }
            undecodable.incrementAndGet();
            LOG.warnf("Stepped over an undecodable record at %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                    notAvro.getMessage());
            return null;
        }
        try {
            return LifecycleEvents.toDomain(event);
        } catch (RuntimeException unusable) {
            undecodable.incrementAndGet();
            LOG.warnf("Stepped over a record that is not a usable lifecycle event at %s-%d@%d: %s", record.topic(),
                    record.partition(), record.offset(), unusable.toString());
            return null;
        }
    }

    /** Seeks each partition back to the first of these records it holds. */
    private static void seekBack(KafkaConsumer<String, byte[]> kafka, List<ConsumerRecord<String, byte[]>> unapplied) {
        Map<TopicPartition, Long> first = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : unapplied) {
            first.merge(new TopicPartition(record.topic(), record.partition()), record.offset(), Math::min);
        }
        first.forEach(kafka::seek);
    }

    /** The registry (not the record) is the problem: try the record again later. */
    static final class RegistryUnavailable extends RuntimeException {
        RegistryUnavailable(Throwable cause) {
            super("the schema registry is unavailable: " + cause, cause);
        }
    }

    private static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof java.io.IOException || cause instanceof java.util.concurrent.TimeoutException
                    || cause instanceof org.apache.kafka.common.errors.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** Every partition of the topics; null (after a pause) while a topic does not exist yet. */
    private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> kafka) {
        List<TopicPartition> partitions = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> infos = kafka.partitionsFor(topic, API_TIMEOUT);
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
        pause(pollTimeout);
        return null;
    }

    private static void pause(Duration duration) {
        java.util.concurrent.locks.LockSupport.parkNanos(duration.toNanos());
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = StateReaders.consumerConfig(kafkaConfig, "request-service-lifecycle-feed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
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
        serde.putIfAbsent("apicurio.registry.avro-datum-provider", IdentityCachingAvroDatumProvider.class.getName());
        return serde;
    }
}
