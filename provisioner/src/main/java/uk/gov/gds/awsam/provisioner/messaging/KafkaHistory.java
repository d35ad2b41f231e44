package uk.gov.gds.awsam.provisioner.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.smallrye.common.annotation.Identifier;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.StateReaders;

/**
 * What Kafka holds of one request, looked up when an engineer retries it (RetryRequested): the request's latest
 * event of a type, read from the one partition its key maps to, from the beginning. Kafka is the system of
 * record, so the PrMerged and RootMfaSeeded a retry resumes from are the ones the topics hold.
 */
@ApplicationScoped
public class KafkaHistory {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, Object> consumerConfig;
    private final Map<String, Object> serdeConfig;

    public KafkaHistory(@Identifier("default-kafka-broker") Map<String, Object> kafkaClient,
            @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url") String registryUrl) {
        this.consumerConfig = StateReaders.consumerConfig(kafkaClient, ProvisionerEvents.SOURCE + "-history");
        this.serdeConfig = new HashMap<>(Map.of("apicurio.registry.url", registryUrl, "apicurio.registry.use-specific-avro-reader", true));
    }

    /** The request's latest event of this type on its topic, if any. */
    public <T extends SpecificRecord> Optional<T> latest(EventType type, String requestId, Class<T> eventClass) {
        AvroKafkaDeserializer<SpecificRecord> decoder = new AvroKafkaDeserializer<>();
        decoder.configure(serdeConfig, false);
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> partitions = kafka.partitionsFor(type.topic(), READ_TIMEOUT);
            TopicPartition partition = new TopicPartition(type.topic(),
                    BuiltInPartitioner.partitionForKey(requestId.getBytes(StandardCharsets.UTF_8), partitions.size()));
            kafka.assign(List.of(partition));
            kafka.seekToBeginning(List.of(partition));
            long end = kafka.endOffsets(List.of(partition), READ_TIMEOUT).get(partition);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            T found = null;
            while (kafka.position(partition) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + type.topic() + " up to offset " + end + " within " + READ_TIMEOUT);
                }
                for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(200))) {
                    if (requestId.equals(record.key()) && record.value() != null) {
                        try {
                            SpecificRecord event = decoder.deserialize(record.topic(), record.headers(), record.value());
                            if (eventClass.isInstance(event)) {
                                found = eventClass.cast(event);
                            }
                        } catch (RuntimeException undecodable) {
                            // a poison record on the topic is not the request's event
                        }
                    }
                }
            }
            return Optional.ofNullable(found);
        } finally {
            decoder.close();
        }
    }
}
