package uk.gov.gds.awsam.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads one topic from its beginning, without a consumer group, keeping every record it has seen that
 * matches; each {@link #poll()} adds what arrived since. Not thread-safe: one per waiting test.
 */
final class TopicReader<V> implements AutoCloseable {

    private final KafkaConsumer<String, V> consumer;
    private final Predicate<ConsumerRecord<String, V>> match;
    private final List<ConsumerRecord<String, V>> seen = new ArrayList<>();

    TopicReader(String bootstrapServers, String topic, Deserializer<V> valueDeserializer,
            Predicate<ConsumerRecord<String, V>> match) {
        this.match = match;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), valueDeserializer);
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /**
     * Everything matching seen so far, after reading what has arrived. Records that cannot be decoded
     * (tests put some there on purpose) are stepped over, as the services' consumers do.
     */
    List<ConsumerRecord<String, V>> poll() {
        try {
            for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
                if (match.test(record)) {
                    seen.add(record);
                }
            }
        } catch (RecordDeserializationException undecodable) {
            consumer.seek(undecodable.topicPartition(), undecodable.offset() + 1);
        }
        return List.copyOf(seen);
    }

    /** Everything matching from the beginning up to the end offsets as they are now. */
    List<ConsumerRecord<String, V>> readToEnd(Duration timeout) {
        java.util.Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment(), timeout);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey(), timeout) < e.getValue())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read to the end of " + end.keySet() + " within " + timeout);
            }
            poll();
        }
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
