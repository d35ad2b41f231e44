package uk.gov.gds.awsam.events;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * What Kafka, the system of record, holds of one request: its latest event of a type, looked up when an engineer
 * retries it (RetryRequested) by a service that keeps no state for it. Records are keyed by request id, so the
 * partition read is the one the producers' default partitioner gives the key, from the beginning; the others only
 * if it is not there (partitions added since). An undecodable record on the topic is not the request's event; a
 * registry that cannot be reached fails the lookup (as {@link TopicReplica} tells them apart), so a retry is not
 * told "nothing to resume from" while the registry is away.
 * Blocking: for a worker thread, and rare (a person asks for each retry).
 */
public final class RequestHistory {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, Object> consumerConfig;
    private final String registryUrl;

    /**
     * @param kafkaClient the connector's client settings ({@code @Identifier("default-kafka-broker")})
     * @param clientId the reader's client id, as the broker's logs show it
     */
    public RequestHistory(Map<String, Object> kafkaClient, String registryUrl, String clientId) {
        this.consumerConfig = StateReaders.consumerConfig(kafkaClient, clientId);
        this.consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        this.registryUrl = registryUrl;
    }

    /** The request's latest event of this type on its topic, if the topic holds one. */
    public <T> Optional<T> latest(EventType type, String requestId, Class<T> eventClass) {
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
                AvroDecoder<Object> decoder = AvroDecoder.forRegistry(registryUrl).get()) {
            List<PartitionInfo> partitions = kafka.partitionsFor(type.topic(), TIMEOUT);
            if (partitions == null || partitions.isEmpty()) {
                return Optional.empty();
            }
            int expected = Utils.toPositive(Utils.murmur2(requestId.getBytes(StandardCharsets.UTF_8))) % partitions.size();
            Optional<T> found = read(kafka, decoder, List.of(new TopicPartition(type.topic(), expected)), requestId, eventClass);
            if (found.isPresent() || partitions.size() == 1) {
                return found;
            }
            return read(kafka, decoder, partitions.stream().filter(p -> p.partition() != expected)
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList(), requestId, eventClass);
        }
    }

    private static <T> Optional<T> read(KafkaConsumer<String, byte[]> kafka, AvroDecoder<Object> decoder, List<TopicPartition> partitions,
            String requestId, Class<T> eventClass) {
        kafka.assign(partitions);
        kafka.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = kafka.endOffsets(partitions, TIMEOUT);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        T latest = null;
        while (partitions.stream().anyMatch(partition -> kafka.position(partition, TIMEOUT) < ends.get(partition))) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("reading " + partitions + " for request " + requestId + " took longer than "
                        + TIMEOUT.toSeconds() + " s");
            }
            for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(200))) {
                if (requestId.equals(record.key()) && record.value() != null) {
                    Object event = decodeOrNull(decoder, record);
                    if (eventClass.isInstance(event)) {
                        latest = eventClass.cast(event);
                    }
                }
            }
        }
        return Optional.ofNullable(latest);
    }

    /** The record's event; null for a record that cannot be decoded. Throws when the registry is away (not the record's fault). */
    private static Object decodeOrNull(AvroDecoder<Object> decoder, ConsumerRecord<String, byte[]> record) {
        try {
            return decoder.decode(record.topic(), record.headers(), record.value());
        } catch (RuntimeException undecodable) {
            if (TopicReplica.isTransient(undecodable)) {
                throw new IllegalStateException("the schema registry is unavailable: " + undecodable, undecodable);
            }
            return null;
        }
    }
}
