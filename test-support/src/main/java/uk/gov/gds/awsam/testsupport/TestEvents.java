package uk.gov.gds.awsam.testsupport;

import org.awaitility.Awaitility;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import uk.gov.gds.awsam.events.CloudEventHeaders;
import uk.gov.gds.awsam.events.EventType;

/**
 * A test's view of the event stream, through the real broker and the schema registry: publish an event
 * as a service would (key, CloudEvents headers, Avro through the registry), and wait for the events a
 * request produced. Also gives a {@link KafkaCompanion} with an Avro serde registered for every event
 * class, for anything else.
 *
 * <pre>
 * events.publish(SampleEvents.requestSubmitted(requestId));
 * TerraformGenerated generated = events.awaitOne(TerraformGenerated.class, requestId);
 * events.assertNonePublished(PrOpened.class, requestId, Duration.ofSeconds(2));
 * </pre>
 */
public final class TestEvents implements AutoCloseable {

    /** How long to wait for an event by default: generous, for a loaded 2-core machine. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** The ce_source of events tests publish. */
    public static final String TEST_SOURCE = "test";

    private final String bootstrapServers;
    private final String registryUrl;
    private final KafkaCompanion companion;
    private final KafkaProducer<String, Object> producer;
    private final KafkaProducer<String, byte[]> rawProducer;

    public TestEvents(String bootstrapServers, String registryUrl) {
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
        this.companion = new KafkaCompanion(bootstrapServers);
        for (EventType type : EventType.values()) {
            register(type.recordClass());
        }
        this.producer = new KafkaProducer<>(producerConfig(), new StringSerializer(), serializer());
        this.rawProducer = new KafkaProducer<>(producerConfig(), new StringSerializer(), new ByteArraySerializer());
    }

    /** Connected to this JVM's shared test infrastructure. */
    public static TestEvents connect() {
        Infrastructure infrastructure = TestInfrastructure.get();
        return new TestEvents(infrastructure.bootstrapServers(), infrastructure.registryUrl());
    }

    /** The Apicurio serde configuration a client of this registry needs. */
    public static Map<String, Object> serdeConfig(String registryUrl) {
        Map<String, Object> config = new HashMap<>();
        config.put("apicurio.registry.url", registryUrl);
        config.put("apicurio.registry.auto-register", true);
        config.put("apicurio.registry.use-specific-avro-reader", true);
        return config;
    }

    public KafkaCompanion companion() {
        return companion;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String registryUrl() {
        return registryUrl;
    }

    /** Publishes an event as a service would, and waits for the broker's acknowledgement. */
    public RecordMetadata publish(SpecificRecord event) {
        return publish(event, TEST_SOURCE);
    }

    public RecordMetadata publish(SpecificRecord event, String source) {
        EventType type = EventType.of(event);
        Headers headers = CloudEventHeaders.kafkaHeaders(event, source);
        return acknowledged(producer.send(new ProducerRecord<>(type.topic(), null, EventType.keyOf(event), event, headers)));
    }

    /** Publishes raw bytes (e.g. an undecodable record) to a topic. */
    public RecordMetadata publishRaw(String topic, String key, byte[] value) {
        return acknowledged(rawProducer.send(new ProducerRecord<>(topic, key, value)));
    }

    /** Waits until at least {@code count} events of a type for a request were published; returns them all. */
    public <T extends SpecificRecord> List<T> await(Class<T> type, String requestId, int count) {
        return awaitRecords(type, forRequest(requestId), count, TIMEOUT).stream().map(ConsumerRecord::value).toList();
    }

    /** Waits for an event of a type for a request; returns the first. */
    public <T extends SpecificRecord> T awaitOne(Class<T> type, String requestId) {
        return await(type, requestId, 1).get(0);
    }

    /** Waits until at least {@code count} records of a type match; returns every match seen. */
    public <T extends SpecificRecord> List<ConsumerRecord<String, T>> awaitRecords(Class<T> type,
            Predicate<ConsumerRecord<String, T>> match, int count, Duration timeout) {
        try (TopicReader<T> reader = new TopicReader<>(bootstrapServers, EventType.of(type).topic(), deserializer(type), match)) {
            return Awaitility.await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                    .until(reader::poll, seen -> seen.size() >= count);
        }
    }

    /**
     * Waits {@code settle} (the time a service would need to act) and checks that exactly {@code count}
     * events of a type were published for a request; returns them.
     */
    public <T extends SpecificRecord> List<T> assertExactly(Class<T> type, String requestId, int count, Duration settle) {
        try (TopicReader<T> reader = new TopicReader<>(bootstrapServers, EventType.of(type).topic(), deserializer(type), forRequest(requestId))) {
            Awaitility.await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(50)).until(reader::poll, seen -> seen.size() >= count);
            return Awaitility.await().during(settle).atMost(settle.plus(TIMEOUT)).pollInterval(Duration.ofMillis(50))
                    .until(reader::poll, seen -> seen.size() == count)
                    .stream().map(ConsumerRecord::value).toList();
        }
    }

    /** Checks, over {@code settle}, that no event of a type was published for a request. */
    public void assertNonePublished(Class<? extends SpecificRecord> type, String requestId, Duration settle) {
        assertExactly(type, requestId, 0, settle);
    }

    /** Waits until at least {@code count} records on a type's dead-letter topic match; returns their raw form. */
    public List<ConsumerRecord<String, byte[]>> awaitDeadLetters(EventType type,
            Predicate<ConsumerRecord<String, byte[]>> match, int count) {
        try (TopicReader<byte[]> reader = new TopicReader<>(bootstrapServers, type.deadLetterTopic(), new ByteArrayDeserializer(), match)) {
            return Awaitility.await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(50)).until(reader::poll, seen -> seen.size() >= count);
        }
    }

    /** Everything on a type's topic that matches, from the beginning to the end as it is now. */
    public <T extends SpecificRecord> List<ConsumerRecord<String, T>> readAll(Class<T> type,
            Predicate<ConsumerRecord<String, T>> match) {
        try (TopicReader<T> reader = new TopicReader<>(bootstrapServers, EventType.of(type).topic(), deserializer(type), match)) {
            return reader.readToEnd(TIMEOUT);
        }
    }

    /** Everything on a type's dead-letter topic, raw, from the beginning to the end as it is now. */
    public List<ConsumerRecord<String, byte[]>> readAllDeadLetters(EventType type) {
        try (TopicReader<byte[]> reader = new TopicReader<>(bootstrapServers, type.deadLetterTopic(), new ByteArrayDeserializer(), r -> true)) {
            return reader.readToEnd(TIMEOUT);
        }
    }

    /** Matches records keyed by a request id. */
    public static <V> Predicate<ConsumerRecord<String, V>> forRequest(String requestId) {
        return record -> requestId.equals(record.key());
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        rawProducer.close(Duration.ofSeconds(5));
        companion.close();
    }

    private <T> void register(Class<T> type) {
        Serde<T> serde = Serdes.serdeFrom(serializer(), deserializer(type));
        companion.registerSerde(type, serde);
    }

    @SuppressWarnings("unchecked")
    private <T> AvroKafkaSerializer<T> serializer() {
        AvroKafkaSerializer<T> serializer = new AvroKafkaSerializer<>();
        serializer.configure(ownSerdeConfig(), false);
        return serializer;
    }

    @SuppressWarnings("unchecked")
    private <T> Deserializer<T> deserializer(Class<T> type) {
        AvroKafkaDeserializer<T> deserializer = new AvroKafkaDeserializer<>();
        deserializer.configure(ownSerdeConfig(), false);
        return deserializer;
    }

    /**
     * This reader's own serdes call the registry through the JDK's HTTP client, on the calling thread. Left to choose,
     * the Apicurio client takes Vert.x when it is on the classpath and, outside Quarkus, starts a shared Vert.x of its
     * own that is never closed; its event loop then sits in the test JVM under Vert.x's blocked-thread checker, and on
     * a loaded machine a warning from it (the test's own HTTP client, not a service) fails the build's
     * {@code no-blocked-thread-warnings} check. The services keep Quarkus' Vert.x.
     */
    private Map<String, Object> ownSerdeConfig() {
        Map<String, Object> config = serdeConfig(registryUrl);
        config.put("apicurio.registry.http.adapter", "JDK");
        return config;
    }

    private Map<String, Object> producerConfig() {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    }

    private static RecordMetadata acknowledged(java.util.concurrent.Future<RecordMetadata> sent) {
        try {
            return sent.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the broker did not acknowledge the record", e);
        }
    }
}
