package uk.gov.gds.awsam.request;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.testsupport.TestEvents;

/**
 * Everything on an event's topic up to its end offsets now: since the service answers 202 only once the
 * broker has acknowledged, whatever it published before is below them, so "none of these" is exact, with
 * no waiting for something that might still come.
 */
public final class Published {

    private Published() {
    }

    public static <T extends SpecificRecord> List<ConsumerRecord<String, T>> all(TestEvents events, Class<T> type,
            Predicate<ConsumerRecord<String, T>> match) {
        AvroKafkaDeserializer<T> deserializer = new AvroKafkaDeserializer<>();
        deserializer.configure(TestEvents.serdeConfig(events.registryUrl()), false);
        return read(events, EventType.of(type).topic(), deserializer, match);
    }

    /** The same for any topic, its values as they are. */
    public static List<ConsumerRecord<String, byte[]>> raw(TestEvents events, String topic, Predicate<ConsumerRecord<String, byte[]>> match) {
        return read(events, topic, new ByteArrayDeserializer(), match);
    }

    private static <T> List<ConsumerRecord<String, T>> read(TestEvents events, String topic, Deserializer<T> deserializer,
            Predicate<ConsumerRecord<String, T>> match) {
        try (KafkaConsumer<String, T> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, events.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000),
                new StringDeserializer(), deserializer)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Set<TopicPartition> behind = new HashSet<>(partitions);
            List<ConsumerRecord<String, T>> matching = new ArrayList<>();
            long deadline = System.nanoTime() + TestEvents.TIMEOUT.toNanos();
            while (!behind.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end within " + TestEvents.TIMEOUT);
                }
                for (ConsumerRecord<String, T> record : consumer.poll(Duration.ofMillis(200))) {
                    if (match.test(record)) {
                        matching.add(record);
                    }
                }
                behind.removeIf(partition -> consumer.position(partition) >= ends.get(partition));
            }
            return matching;
        }
    }
}
