package uk.gov.gds.awsam.request.messaging;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

import io.smallrye.common.annotation.Identifier;
import uk.gov.gds.awsam.events.DeadLetterReplayed;
import uk.gov.gds.awsam.events.EventMessages;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.RetryRequested;
import uk.gov.gds.awsam.events.StateReaders;
import uk.gov.gds.awsam.request.config.RequestConfig;
import uk.gov.gds.awsam.request.domain.DeadLetter;
import uk.gov.gds.awsam.request.domain.DeadLetterReplays;
import uk.gov.gds.awsam.request.domain.Retries;

/**
 * What engineers do to move a stuck request on, as events: RetryRequested and DeadLetterReplayed (each through
 * its channel, keyed by request id, acknowledged by the broker), and the dead letter itself sent back, byte for
 * byte, to the topic it came from (its key, value and headers, without the dead-letter headers).
 *
 * <p>Event ids derive from their cause, so a repeat is the same event: a retry from the failure it retries (the
 * YubiKey agent derives it the same way), a replay from where the dead letter is.
 */
@ApplicationScoped
public class ForwardEvents implements Retries.Publisher, DeadLetterReplays.Port {

    public static final String RETRY_CHANNEL = "retry-requested";
    public static final String REPLAYED_CHANNEL = "dead-letter-replayed";
    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(10);

    private final Emitter<RetryRequested> retries;
    private final java.util.function.Function<DeadLetterReplayed, CompletionStage<Void>> replays;
    private final String source;
    private final Map<String, Object> kafkaConfig;
    private volatile KafkaProducer<byte[], byte[]> resender;

    @Inject
    public ForwardEvents(@Channel(RETRY_CHANNEL) Emitter<RetryRequested> retries,
            @Channel(REPLAYED_CHANNEL) Emitter<DeadLetterReplayed> replays, RequestConfig config,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this(retries, replayed -> EventMessages.send(replays, replayed, config.source()), config.source(), kafkaConfig);
    }

    /**
     * @param replays sends a DeadLetterReplayed (the service: its channel); completes once the broker acknowledged it
     * @param source the events' CloudEvents source
     */
    ForwardEvents(Emitter<RetryRequested> retries, java.util.function.Function<DeadLetterReplayed, CompletionStage<Void>> replays,
            String source, Map<String, Object> kafkaConfig) {
        this.retries = retries;
        this.replays = replays;
        this.source = source;
        this.kafkaConfig = kafkaConfig;
    }

    /** The id of the retry of a failure: the same wherever it is asked for (request page, API, YubiKey agent). */
    public static String retryEventId(String failedEventId) {
        return uk.gov.gds.awsam.events.Envelope.derivedEventId(failedEventId, EventType.RETRY_REQUESTED);
    }

    @Override
    public CompletionStage<Void> publish(Retries.Retry retry) {
        return EventMessages.send(retries, RetryRequested.newBuilder()
                .setEventId(retryEventId(retry.failedEventId()))
                .setRequestId(retry.requestId())
                .setOccurredAt(retry.at())
                .setCausationId(retry.failedEventId())
                .setStage(retry.stage())
                .setEngineer(retry.engineer())
                .setReason(retry.reason())
                .setFailedEventId(retry.failedEventId())
                .build(), source);
    }

    @Override
    public CompletionStage<Void> record(DeadLetterReplays.Replay replay) {
        DeadLetter letter = replay.letter();
        return replays.apply(DeadLetterReplayed.newBuilder()
                .setEventId(uk.gov.gds.awsam.events.Envelope.derivedEventId(letter.deadLetterTopic(), EventType.DEAD_LETTER_REPLAYED,
                        Integer.toString(letter.partition()), Long.toString(letter.offset())))
                .setRequestId(letter.requestId())
                .setOccurredAt(replay.at())
                .setCausationId(letter.eventId())
                .setTopic(letter.topic())
                .setDeadLetterTopic(letter.deadLetterTopic())
                .setPartition(letter.partition())
                .setOffset(letter.offset())
                .setError(letter.error())
                .setEngineer(replay.engineer())
                .setReason(replay.reason())
                .build());
    }

    /**
     * Reads the dead letter again (it is not kept in memory); what it completes with sends it to its topic as it was
     * first sent. The producer settles a record within its blocking and delivery timeouts (5 s each).
     */
    @Override
    public CompletionStage<DeadLetterReplays.Resend> fetch(DeadLetter letter) {
        return CompletableFuture.supplyAsync(() -> fetchRecord(letter)).thenApply(record -> () -> {
            RecordHeaders headers = new RecordHeaders();
            record.headers().forEach(header -> {
                if (!header.key().startsWith(DeadLetterFeed.HEADER_PREFIX) && !header.key().startsWith("deserialization-failure")) {
                    headers.add(header);
                }
            });
            CompletableFuture<Void> acknowledged = new CompletableFuture<>();
            producer().send(new ProducerRecord<>(letter.topic(), null, record.key(), record.value(), headers),
                    (metadata, failure) -> {
                        if (failure == null) {
                            acknowledged.complete(null);
                        } else {
                            acknowledged.completeExceptionally(failure);
                        }
                    });
            return acknowledged;
        });
    }

    private ConsumerRecord<byte[], byte[]> fetchRecord(DeadLetter letter) {
        Map<String, Object> config = StateReaders.consumerConfig(kafkaConfig, "request-service-dead-letter-replay");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        TopicPartition partition = new TopicPartition(letter.deadLetterTopic(), letter.partition());
        try (KafkaConsumer<byte[], byte[]> consumer = withOwnClassLoader(
                () -> new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer()))) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, letter.offset());
            long deadline = System.nanoTime() + FETCH_TIMEOUT.toNanos();
            while (System.nanoTime() - deadline < 0) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() == letter.offset()) {
                        return record;
                    }
                    throw new IllegalStateException("the dead letter at " + letter.position() + " is no longer on its topic");
                }
            }
            throw new IllegalStateException("the dead letter at " + letter.position() + " could not be read within " + FETCH_TIMEOUT.toSeconds() + " s");
        }
    }

    private KafkaProducer<byte[], byte[]> producer() {
        KafkaProducer<byte[], byte[]> current = resender;
        if (current == null) {
            synchronized (this) {
                if (resender == null) {
                    Map<String, Object> config = new HashMap<>(kafkaConfig);
                    config.keySet().removeIf(key -> key.startsWith(ConsumerConfig.GROUP_ID_CONFIG));
                    config.put(ProducerConfig.CLIENT_ID_CONFIG, "request-service-dead-letter-resender");
                    config.put(ProducerConfig.ACKS_CONFIG, "all");
                    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
                    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5_000);
                    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
                    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
                    config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
                    resender = withOwnClassLoader(() -> new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer()));
                }
                current = resender;
            }
        }
        return current;
    }

    /**
     * Makes a Kafka client with this class's loader as the thread's context class loader, through which Kafka loads
     * its plug-ins (the metrics reporter among them): these clients are made on whichever pool thread asks, whose
     * context class loader may be another application's (a test JVM runs several Quarkus applications in turn).
     */
    private static <T> T withOwnClassLoader(java.util.function.Supplier<T> client) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(ForwardEvents.class.getClassLoader());
        try {
            return client.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @PreDestroy
    void close() {
        if (resender != null) {
            resender.close(Duration.ofSeconds(2));
        }
    }
}
