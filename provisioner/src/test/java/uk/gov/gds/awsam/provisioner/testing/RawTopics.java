package uk.gov.gds.awsam.provisioner.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import uk.gov.gds.awsam.events.EventType;

/** Every record on every topic of the catalogue and their dead-letter topics, as raw bytes. */
public final class RawTopics {

    private RawTopics() {
    }

    public static List<ConsumerRecord<byte[], byte[]>> everything(String bootstrapServers) {
        List<String> topics = new ArrayList<>();
        for (EventType type : EventType.values()) {
            topics.add(type.topic());
            topics.add(type.deadLetterTopic());
        }
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic, Duration.ofSeconds(10)).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** Whether any byte sequence of a record (key, value, header names and values) contains {@code needle}. */
    public static boolean contains(ConsumerRecord<byte[], byte[]> record, byte[] needle) {
        if (contains(record.key(), needle) || contains(record.value(), needle)) {
            return true;
        }
        for (var header : record.headers()) {
            if (contains(header.value(), needle) || contains(header.key().getBytes(java.nio.charset.StandardCharsets.UTF_8), needle)) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        if (haystack == null) {
            return false;
        }
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
