package uk.gov.gds.awsam.pr.messaging;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.smallrye.common.annotation.Identifier;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.StateReaders;
import uk.gov.gds.awsam.events.TerraformGenerated;
import uk.gov.gds.awsam.pr.domain.ChangeRequest;
import uk.gov.gds.awsam.pr.domain.Retries;
import uk.gov.gds.awsam.pr.domain.TrackedRequest.RecordLocation;

/**
 * Reads one TerraformGenerated back from its topic, where the state loader saw
 * it (partition and offset): what an engineer's retry resumes from. A consumer of its own, outside any group,
 * for the one record; blocking (called on pr-service's retry threads).
 */
@ApplicationScoped
public class GeneratedRecords implements Retries.GeneratedRecords {

    private static final Duration READ = Duration.ofSeconds(30);
    private final Map<String, Object> kafkaClient;
    private final String registryUrl;

    public GeneratedRecords(@Identifier("default-kafka-broker") Map<String, Object> kafkaClient,
            @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url") String registryUrl) {
        this.kafkaClient = kafkaClient;
        this.registryUrl = registryUrl;
    }

    @Override
    public Optional<ChangeRequest> read(RecordLocation location) {
        TopicPartition partition = new TopicPartition(EventType.TERRAFORM_GENERATED.topic(), location.partition());
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(StateReaders.consumerConfig(kafkaClient, "pr-service-retry-reader"),
                new StringDeserializer(), new ByteArrayDeserializer());
                AvroKafkaDeserializer<Object> avro = new AvroKafkaDeserializer<>()) {
            avro.configure(Map.of("apicurio.registry.url", registryUrl, "apicurio.registry.use-specific-avro-reader", true), false);
            kafka.assign(List.of(partition));
            long first = kafka.beginningOffsets(List.of(partition), READ).get(partition);
            if (location.offset() < first) {
                return Optional.empty();
            }
            kafka.seek(partition, location.offset());
            long deadline = System.nanoTime() + READ.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(500))) {
                    if (record.offset() == location.offset()) {
                        Object event = avro.deserialize(record.topic(), record.headers(), record.value());
                        return event instanceof TerraformGenerated generated ? Optional.of(TerraformGeneratedConsumer.toChange(generated))
                                : Optional.empty();
                    }
                    if (record.offset() > location.offset()) {
                        return Optional.empty();
                    }
                }
            }
            throw new IllegalStateException("could not read " + partition + " at offset " + location.offset() + " within " + READ);
        }
    }
}
