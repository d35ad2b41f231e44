package uk.gov.gds.awsam.agent.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import uk.gov.gds.awsam.agent.domain.RootMfaTask;
import uk.gov.gds.awsam.agent.domain.TaskBoard;
import uk.gov.gds.awsam.agent.domain.TaskEvent;
import uk.gov.gds.awsam.agent.domain.TaskLog;
import uk.gov.gds.awsam.events.EventType;

/**
 * Reads RootMfaRequested, RootMfaSeeded, RootSecured and YubikeysReturned from the beginning of their topics,
 * without a consumer group (the agent commits nothing: every start rebuilds the tasks). A record that cannot
 * be decoded is skipped with a warning, as the services' consumers dead-letter it and go on.
 */
public final class KafkaTaskLog implements TaskLog {

    private static final Logger LOG = Logger.getLogger(KafkaTaskLog.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConnection connection;

    public KafkaTaskLog(KafkaConnection connection) {
        this.connection = connection;
    }

    @Override
    public TaskBoard rebuild() {
        TaskBoard board = new TaskBoard();
        try (Reader reader = new Reader()) {
            reader.catchUp(board);
        }
        return board;
    }

    @Override
    public void follow(Consumer<TaskBoard> caughtUp, Consumer<RootMfaTask> changed, BooleanSupplier keepGoing) {
        TaskBoard board = new TaskBoard();
        try (Reader reader = new Reader()) {
            reader.catchUp(board);
            caughtUp.accept(board);
            while (keepGoing.getAsBoolean()) {
                for (TaskEvent event : reader.poll()) {
                    board.apply(event).ifPresent(changed);
                }
            }
        }
    }

    /** One consumer over the four topics, assigned every partition from its beginning. */
    private final class Reader implements AutoCloseable {

        private final KafkaConsumer<String, byte[]> consumer;
        private final AvroKafkaDeserializer<Object> deserializer = new AvroKafkaDeserializer<>();
        private final List<TopicPartition> partitions = new ArrayList<>();

        Reader() {
            Map<String, Object> config = new HashMap<>(connection.clientProperties());
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "yubikey-agent-reader");
            config.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) connection.answerTimeout().toMillis());
            config.putIfAbsent(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(connection.answerTimeout().toMillis(), 30_000));
            try {
                consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
                deserializer.configure(connection.serdeConfig(), false);
                for (EventType type : EventMapping.READ) {
                    List<PartitionInfo> infos = consumer.partitionsFor(type.topic(), connection.answerTimeout());
                    if (infos != null) {
                        infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
                    }
                }
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
            } catch (KafkaException e) {
                close();
                throw unavailable(e);
            }
        }

        void catchUp(TaskBoard board) {
            try {
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions, connection.answerTimeout());
                Instant deadline = Instant.now().plus(connection.answerTimeout()).plus(connection.answerTimeout());
                int read = 0;
                while (!reached(end)) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new Unavailable("Kafka at " + connection.bootstrapServers() + " stopped answering while the topics were read", null);
                    }
                    for (TaskEvent event : poll()) {
                        board.apply(event);
                        read++;
                    }
                }
                LOG.infof("rebuilt the root-MFA tasks from %d events (%d pending)", read, board.pending().size());
            } catch (KafkaException e) {
                throw unavailable(e);
            }
        }

        List<TaskEvent> poll() {
            List<TaskEvent> events = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                try {
                    Object value = deserializer.deserialize(record.topic(), record.headers(), record.value());
                    EventMapping.toDomain(value).ifPresent(events::add);
                } catch (RuntimeException undecodable) {
                    LOG.warnf("skipped an undecodable record at %s-%d offset %d: %s", record.topic(), record.partition(),
                            record.offset(), undecodable.getClass().getSimpleName());
                }
            }
            return events;
        }

        private boolean reached(Map<TopicPartition, Long> end) {
            for (TopicPartition partition : partitions) {
                if (consumer.position(partition, connection.answerTimeout()) < end.getOrDefault(partition, 0L)) {
                    return false;
                }
            }
            return true;
        }

        private Unavailable unavailable(KafkaException e) {
            return new Unavailable("Kafka at " + connection.bootstrapServers() + " did not answer within "
                    + connection.answerTimeout().toSeconds() + " s (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }

        @Override
        public void close() {
            if (consumer != null) {
                consumer.close(Duration.ofSeconds(2));
            }
            deserializer.close();
        }
    }
}
