package uk.gov.gds.awsam.agent.messaging;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.jboss.logging.Logger;

import uk.gov.gds.awsam.agent.domain.RootMfaTask;
import uk.gov.gds.awsam.agent.domain.TaskBoard;
import uk.gov.gds.awsam.agent.domain.TaskEvent;
import uk.gov.gds.awsam.agent.domain.TaskLog;
import uk.gov.gds.awsam.events.AvroDecoder;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.StateReaders;
import uk.gov.gds.awsam.events.TopicReplica;

/**
 * Reads the topics of {@link EventMapping#READ} (the root-MFA events, failures and retries, AccountClosed and
 * RootMfaRemoved) from their beginning through a {@link TopicReplica}, with no consumer group (the agent commits
 * nothing: every start rebuilds the tasks). A record that
 * cannot be decoded is skipped with a warning, as the services' consumers dead-letter it and go on. Kafka is
 * unavailable when the replica makes no progress for the connection's answer timeout.
 */
public final class KafkaTaskLog implements TaskLog {

    private static final Logger LOG = Logger.getLogger(KafkaTaskLog.class);
    /** Put in the queue once the replica has caught up: what follows it is a change. */
    private static final Object CAUGHT_UP = new Object();

    private final KafkaConnection connection;

    public KafkaTaskLog(KafkaConnection connection) {
        this.connection = connection;
    }

    @Override
    public TaskBoard rebuild() {
        TaskBoard board = new TaskBoard();
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        try (TopicReplica<TaskEvent> replica = replica(events)) {
            awaitCaughtUp(replica);
        }
        int read = applyUntilCaughtUp(board, events);
        LOG.infof("rebuilt the root-MFA tasks from %d events (%d pending)", read, board.pending().size());
        return board;
    }

    @Override
    public void follow(Consumer<TaskBoard> caughtUp, Consumer<RootMfaTask> changed, BooleanSupplier keepGoing) {
        TaskBoard board = new TaskBoard();
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        try (TopicReplica<TaskEvent> replica = replica(events)) {
            awaitCaughtUp(replica);
            applyUntilCaughtUp(board, events);
            caughtUp.accept(board);
            while (keepGoing.getAsBoolean()) {
                if (events.poll(200, TimeUnit.MILLISECONDS) instanceof TaskEvent event) {
                    board.apply(event).ifPresent(changed);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The events go to a queue the caller's thread drains, so the board is only ever touched by one thread. */
    private TopicReplica<TaskEvent> replica(BlockingQueue<Object> events) {
        Map<String, Object> config = StateReaders.consumerConfig(connection.clientProperties(),
                String.valueOf(connection.clientProperties().getOrDefault(ConsumerConfig.CLIENT_ID_CONFIG, "yubikey-agent-reader")));
        config.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) connection.answerTimeout().toMillis());
        config.putIfAbsent(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(connection.answerTimeout().toMillis(), 30_000));
        List<String> topics = EventMapping.READ.stream().map(EventType::topic).toList();
        return TopicReplica.<TaskEvent>builder("yubikey-agent-reader", config, topics,
                () -> AvroDecoder.of(connection.serdeConfig()).get().andThen(value -> EventMapping.toDomain(value).orElse(null)),
                record -> {
                    if (record.value() != null) {
                        events.add(record.value());
                    }
                })
                .onCaughtUp(() -> events.add(CAUGHT_UP))
                .build().start();
    }

    /** Waits while the replica makes progress; unavailable once it has made none for the answer timeout. */
    private void awaitCaughtUp(TopicReplica<TaskEvent> replica) {
        long progress = 0;
        try {
            while (!replica.awaitCaughtUp(connection.answerTimeout())) {
                long now = replica.read() + replica.skipped();
                if (now == progress) {
                    throw new Unavailable("Kafka at " + connection.bootstrapServers() + " did not answer within "
                            + connection.answerTimeout().toSeconds() + " s (" + replica.state() + ")", null);
                }
                progress = now;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while the topics were read", e);
        }
    }

    private static int applyUntilCaughtUp(TaskBoard board, BlockingQueue<Object> events) {
        int read = 0;
        for (Object event = events.poll(); event instanceof TaskEvent taskEvent; event = events.poll()) {
            board.apply(taskEvent);
            read++;
        }
        return read;
    }
}
