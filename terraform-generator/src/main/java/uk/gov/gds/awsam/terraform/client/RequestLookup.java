package uk.gov.gds.awsam.terraform.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.smallrye.common.annotation.Identifier;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.RequestSubmitted;
import uk.gov.gds.awsam.events.StateReaders;

/**
 * Finds a request's RequestSubmitted on its topic, the system of record, for an engineer's retry: the generator
 * keeps no state. Records are keyed by request id, so the partition to read is the one the producers' default
 * partitioner gave the key; the others are read only if it is not there (partitions added since). Blocking:
 * called off the event loop, and rarely (a person asks for each retry).
 */
@ApplicationScoped
public class RequestLookup {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String TOPIC = EventType.REQUEST_SUBMITTED.topic();

    private final Map<String, Object> consumerConfig;
    private final Map<String, Object> serdeConfig;

    public RequestLookup(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url") String registryUrl) {
        this.consumerConfig = StateReaders.consumerConfig(kafkaConfig, "terraform-generator-request-lookup");
        this.consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        this.serdeConfig = new HashMap<>(Map.of("apicurio.registry.url", registryUrl, "apicurio.registry.use-specific-avro-reader", true));
    }

    /** The latest RequestSubmitted of the request, if the topic holds one. */
    public Optional<RequestSubmitted> find(String requestId) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
                AvroKafkaDeserializer<Object> avro = new AvroKafkaDeserializer<>()) {
            avro.configure(serdeConfig, false);
            List<PartitionInfo> infos = consumer.partitionsFor(TOPIC, TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                return Optional.empty();
            }
            int expected = Utils.toPositive(Utils.murmur2(requestId.getBytes(StandardCharsets.UTF_8))) % infos.size();
            Optional<RequestSubmitted> found = read(consumer, avro, List.of(new TopicPartition(TOPIC, expected)), requestId);
            if (found.isPresent()) {
                return found;
            }
            List<TopicPartition> others = new ArrayList<>();
            infos.stream().filter(info -> info.partition() != expected).forEach(info -> others.add(new TopicPartition(TOPIC, info.partition())));
            return others.isEmpty() ? Optional.empty() : read(consumer, avro, others, requestId);
        }
    }

    private static Optional<RequestSubmitted> read(KafkaConsumer<String, byte[]> consumer, AvroKafkaDeserializer<Object> avro,
            List<TopicPartition> partitions, String requestId) {
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        RequestSubmitted latest = null;
        while (partitions.stream().anyMatch(partition -> consumer.position(partition, TIMEOUT) < ends.get(partition))) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("reading " + TOPIC + " for request " + requestId + " took longer than " + TIMEOUT.toSeconds() + " s");
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (requestId.equals(record.key()) && avro.deserialize(record.topic(), record.headers(), record.value())
                        instanceof RequestSubmitted submitted && submitted.getRequestId().equals(requestId)) {
                    latest = submitted;
                }
            }
        }
        return Optional.ofNullable(latest);
    }
}
