package uk.gov.gds.awsam.notifier.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import uk.gov.gds.awsam.events.StateReaders;
import uk.gov.gds.awsam.events.RequestSubmitted;
import uk.gov.gds.awsam.events.RootMfaSeeded;
import uk.gov.gds.awsam.events.RootSecured;
import uk.gov.gds.awsam.events.YubikeysReturned;
import uk.gov.gds.awsam.notifier.config.NotifierConfig;
import uk.gov.gds.awsam.notifier.domain.KeyCustody;
import uk.gov.gds.awsam.notifier.domain.RequestDirectory;
import uk.gov.gds.awsam.notifier.domain.SentLog;

/**
 * The state the notifier needs, rebuilt from the topics at start and kept up to date: the request directory
 * (RequestSubmitted), the sent-log (the compacted internal topic), and the YubiKeys' custody
 * (RootMfaSeeded, RootSecured, YubikeysReturned). One consumer without a group reads every partition of
 * those topics from the beginning, on its own thread, and keeps following them.
 *
 * <p>{@link #sync()} is a read barrier: it completes once the feed has read everything those topics held
 * when it was called. A handler that calls it before it looks a request up sees every RequestSubmitted
 * published before the event it handles (which its producer published after), and every email any
 * instance recorded as sent.
 */
@ApplicationScoped
public class StateFeed {

    private static final Logger LOG = Logger.getLogger(StateFeed.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration MISSING_TOPIC_RECHECK = Duration.ofSeconds(10);

    private final Map<String, Object> consumerConfig;
    private final Map<String, Object> serdeConfig;
    private final Map<String, Kind> topics = new HashMap<>();
    private final RequestDirectory directory;
    private final SentLog sentLog;
    private final KeyCustody custody;
    private final Executor completions;

    private final ConcurrentLinkedQueue<CompletableFuture<Void>> syncRequests = new ConcurrentLinkedQueue<>();
    private final CompletableFuture<Void> caughtUp = new CompletableFuture<>();
    private final AtomicLong recordsRead = new AtomicLong();
    private final AtomicLong recordsSkipped = new AtomicLong();
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    enum Kind {
        REQUEST_SUBMITTED, ROOT_MFA_SEEDED, ROOT_SECURED, YUBIKEYS_RETURNED, SENT_LOG
    }

    @Inject
    public StateFeed(@Identifier("default-kafka-broker") Map<String, Object> kafka,
            @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url") String registryUrl,
            @ConfigProperty(name = "aws-accounts.topic.request-submitted") String requestSubmitted,
            @ConfigProperty(name = "aws-accounts.topic.root-mfa-seeded") String rootMfaSeeded,
            @ConfigProperty(name = "aws-accounts.topic.root-secured") String rootSecured,
            @ConfigProperty(name = "aws-accounts.topic.yubikeys-returned") String yubikeysReturned,
            NotifierConfig config, RequestDirectory directory, SentLog sentLog, KeyCustody custody) {
        this(consumerConfig(kafka), Map.of("apicurio.registry.url", registryUrl,
                "apicurio.registry.use-specific-avro-reader", true),
                Map.of(requestSubmitted, Kind.REQUEST_SUBMITTED, rootMfaSeeded, Kind.ROOT_MFA_SEEDED,
                        rootSecured, Kind.ROOT_SECURED, yubikeysReturned, Kind.YUBIKEYS_RETURNED,
                        config.sentLogTopic(), Kind.SENT_LOG),
                directory, sentLog, custody, io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool());
    }

    StateFeed(Map<String, Object> consumerConfig, Map<String, Object> serdeConfig, Map<String, Kind> topics,
            RequestDirectory directory, SentLog sentLog, KeyCustody custody, Executor completions) {
        this.consumerConfig = consumerConfig;
        this.serdeConfig = serdeConfig;
        this.topics.putAll(topics);
        this.directory = directory;
        this.sentLog = sentLog;
        this.custody = custody;
        this.completions = completions;
    }

    static Map<String, Object> consumerConfig(Map<String, Object> kafka) {
        return StateReaders.consumerConfig(kafka, "notifier-state-feed");
    }

    void onStart(@Observes StartupEvent started) {
        start();
    }

    void onStop(@Observes ShutdownEvent stopping) {
        stop();
    }

    synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "notifier-state-feed");
        thread.setDaemon(true);
        thread.setContextClassLoader(StateFeed.class.getClassLoader());
        thread.start();
    }

    synchronized void stop() {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        caughtUp.completeExceptionally(new IllegalStateException("the notifier is stopping"));
    }

    /**
     * Completes once everything published to the feed's topics before this call has been read. Once the feed
     * has stopped, never: an event whose handler waits on it is then neither acknowledged nor dead-lettered, and
     * is delivered again after the restart.
     */
    public CompletionStage<Void> sync() {
        CompletableFuture<Void> synced = new CompletableFuture<>();
        syncRequests.add(synced);
        return synced;
    }

    /** Whether the topics have been read up to where they were at start. */
    public boolean isCaughtUp() {
        return caughtUp.isDone() && !caughtUp.isCompletedExceptionally();
    }

    public long recordsRead() {
        return recordsRead.get();
    }

    public long recordsSkipped() {
        return recordsSkipped.get();
    }

    private void run() {
        AvroKafkaDeserializer<Object> avro = new AvroKafkaDeserializer<>();
        avro.configure(serdeConfig, false);
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = kafka;
            follow(kafka, avro);
        } catch (RuntimeException unexpected) {
            if (running) {
                LOG.error("The state feed stopped unexpectedly", unexpected);
            }
        } finally {
            avro.close();
            consumer = null;
        }
    }

    private void follow(KafkaConsumer<String, byte[]> kafka, AvroKafkaDeserializer<Object> avro) {
        Set<String> missing = new LinkedHashSet<>(topics.keySet());
        long nextTopicCheck = 0;
        Barrier initial = null;
        List<Barrier> barriers = new ArrayList<>();
        while (running) {
            try {
                if (!missing.isEmpty() && System.nanoTime() - nextTopicCheck >= 0) {
                    assign(kafka, missing);
                    nextTopicCheck = System.nanoTime() + MISSING_TOPIC_RECHECK.toNanos();
                    if (!missing.isEmpty()) {
                        LOG.warnf("State feed: topics %s do not exist yet; read as empty until they do", missing);
                    }
                }
                if (initial == null) {
                    initial = new Barrier(kafka.endOffsets(kafka.assignment()), List.of(caughtUp));
                    barriers.add(initial);
                }
                for (ConsumerRecord<String, byte[]> record : kafka.poll(POLL)) {
                    apply(record, avro);
                }
                List<CompletableFuture<Void>> waiting = new ArrayList<>();
                for (CompletableFuture<Void> request; (request = syncRequests.poll()) != null;) {
                    waiting.add(request);
                }
                if (!waiting.isEmpty()) {
                    barriers.add(new Barrier(kafka.endOffsets(kafka.assignment()), waiting));
                }
                barriers.removeIf(barrier -> barrier.releaseIfReached(kafka));
            } catch (WakeupException stopping) {
                if (running) {
                    LOG.debug("State feed woken up while running");
                }
            } catch (KafkaException e) {
                LOG.warnf("State feed: %s; trying again", e.toString());
                LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
            }
        }
    }

    private void assign(KafkaConsumer<String, byte[]> kafka, Set<String> missing) {
        Set<TopicPartition> added = new HashSet<>();
        for (String topic : List.copyOf(missing)) {
            List<PartitionInfo> partitions = kafka.partitionsFor(topic, Duration.ofSeconds(30));
            if (partitions != null && !partitions.isEmpty()) {
                partitions.forEach(info -> added.add(new TopicPartition(topic, info.partition())));
                missing.remove(topic);
            }
        }
        if (!added.isEmpty()) {
            Set<TopicPartition> assignment = new HashSet<>(kafka.assignment());
            assignment.addAll(added);
            kafka.assign(assignment);
            kafka.seekToBeginning(added);
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record, AvroKafkaDeserializer<Object> avro) {
        recordsRead.incrementAndGet();
        Kind kind = topics.get(record.topic());
        try {
            if (kind == Kind.SENT_LOG) {
                if (record.value() == null) {
                    sentLog.remove(record.key());
                } else {
                    sentLog.add(record.key());
                }
                return;
            }
            Object event = avro.deserialize(record.topic(), record.headers(), record.value());
            if (event instanceof RequestSubmitted submitted) {
                directory.put(AvroMapping.request(submitted));
            } else if (event instanceof RootMfaSeeded seeded) {
                custody.seeded(AvroMapping.rootMfaSeeded(seeded));
            } else if (event instanceof RootSecured secured) {
                custody.secured(AvroMapping.rootSecured(secured));
            } else if (event instanceof YubikeysReturned returned) {
                custody.returned(AvroMapping.yubikeysReturned(returned));
            } else {
                throw new IllegalArgumentException("unexpected record " + (event == null ? null : event.getClass().getName()));
            }
        } catch (RuntimeException undecodable) {
            recordsSkipped.incrementAndGet();
            LOG.warnf("State feed: skipped record %s-%d@%d (%s)", record.topic(), record.partition(), record.offset(),
                    undecodable.toString());
        }
    }

    /** Some waiters, and the end offsets they wait for. */
    private final class Barrier {
        private final Map<TopicPartition, Long> target;
        private final List<CompletableFuture<Void>> waiting;

        Barrier(Map<TopicPartition, Long> target, List<CompletableFuture<Void>> waiting) {
            this.target = target;
            this.waiting = waiting;
        }

        boolean releaseIfReached(KafkaConsumer<String, byte[]> kafka) {
            for (Map.Entry<TopicPartition, Long> end : target.entrySet()) {
                if (kafka.position(end.getKey()) < end.getValue()) {
                    return false;
                }
            }
            if (waiting.contains(caughtUp)) {
                LOG.infof("State feed caught up: %d records read, %d requests known, %d emails in the sent-log, "
                        + "%d accounts with YubiKeys out", recordsRead.get(), directory.size(), sentLog.size(),
                        custody.outstanding().size());
            }
            waiting.forEach(future -> completions.execute(() -> future.complete(null)));
            return true;
        }
    }
}
