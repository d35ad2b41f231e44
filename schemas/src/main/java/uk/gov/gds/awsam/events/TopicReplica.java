package uk.gov.gds.awsam.events;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * State from topics, the one way: a consumer of its own (no group, nothing committed, see {@link StateReaders})
 * assigned every partition of some topics, read from the beginning on a named daemon thread, each record
 * decoded and handed to the service's callback, and then followed for as long as the replica is open.
 *
 * <ul>
 * <li><b>Caught up</b> (readiness): once every partition has been read to the end offset it had when the
 * topics were assigned. {@link #sync()} is the same barrier at any later moment.
 * <li><b>Undecodable records</b> are stepped over, counted and logged by topic, partition and offset (never the
 * payload). A decoder failure whose cause is I/O or a timeout (the schema registry is away) is not the
 * record's fault: the replica seeks back and reads it again later.
 * <li><b>Failures</b> of the broker are logged and retried; the replica keeps its place.
 * <li><b>Missing topics</b>: either the replica waits for them before it reads anything
 * ({@link Builder#waitForTopics}), or it reads them as empty and looks for them again every 10 s.
 * <li>{@link #close()} stops the thread within a second or so (the services stop within seconds of TERM).
 * </ul>
 *
 * <p>The callback runs on the replica's thread, one record at a time, in each partition's order. Decoding can
 * run on a few threads ({@link Builder#decoderThreads}) where it is the cost; applying never does.
 *
 * @param <V> what the decoder makes of a record's value
 */
public final class TopicReplica<V> implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(TopicReplica.class.getName());
    private static final Duration API_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration MISSING_TOPIC_RECHECK = Duration.ofSeconds(10);
    private static final Duration TOPIC_WAIT = Duration.ofSeconds(1);
    /** Below this many records a batch is decoded on the replica's own thread. */
    private static final int PARALLEL_FROM = 256;

    /** Turns a record's value into what the service keeps; throws when it cannot (the record is skipped). */
    @FunctionalInterface
    public interface Decoder<V> extends AutoCloseable {
        V decode(String topic, Headers headers, byte[] value);

        /** This decoder, then {@code mapping} (a record it refuses counts as undecodable too). */
        default <W> Decoder<W> andThen(Function<? super V, ? extends W> mapping) {
            Decoder<V> first = this;
            return new Decoder<>() {
                @Override
                public W decode(String topic, Headers headers, byte[] value) {
                    return mapping.apply(first.decode(topic, headers, value));
                }

                @Override
                public void close() {
                    first.close();
                }
            };
        }

        @Override
        default void close() {
        }
    }

    /** What the service does with one record; {@code value} is null for a tombstone. */
    @FunctionalInterface
    public interface Apply<V> {
        void apply(Entry<V> entry);
    }

    /** One record: where it was, when it was written, its key, and its decoded value (null for a tombstone). */
    public record Entry<V>(String topic, int partition, long offset, long timestamp, String key, V value, Headers headers) {
    }

    private final String name;
    private final Map<String, Object> consumerConfig;
    private final List<String> topics;
    private final Supplier<? extends Decoder<V>> decoders;
    private final Apply<V> apply;
    private final Runnable onCaughtUp;
    private final Set<String> undecoded;
    private final boolean waitForTopics;
    private final int decoderThreads;
    private final Duration pollTimeout;
    private final Executor completions;

    private final CompletableFuture<Void> caughtUp = new CompletableFuture<>();
    private final ConcurrentLinkedQueue<CompletableFuture<Void>> syncRequests = new ConcurrentLinkedQueue<>();
    private final AtomicLong read = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicBoolean wakeRequested = new AtomicBoolean();
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Thread thread;
    private volatile String state = "not started";
    private volatile long caughtUpMillis = -1;

    private TopicReplica(Builder<V> builder) {
        this.name = builder.name;
        this.consumerConfig = new HashMap<>(builder.consumerConfig);
        this.topics = List.copyOf(new LinkedHashSet<>(builder.topics));
        this.decoders = builder.decoders;
        this.apply = builder.apply;
        this.onCaughtUp = builder.onCaughtUp;
        this.undecoded = Set.copyOf(builder.undecoded);
        this.waitForTopics = builder.waitForTopics;
        this.decoderThreads = builder.decoderThreads;
        this.pollTimeout = builder.pollTimeout;
        this.completions = builder.completions;
    }

    /**
     * @param name the thread's name, and the replica's in the logs
     * @param consumerConfig the consumer's settings, as {@link StateReaders#consumerConfig} makes them
     * @param topics the topics to read, every partition of each
     * @param decoders makes a decoder for each thread that decodes (one, unless {@link Builder#decoderThreads})
     * @param apply what the service does with each record
     */
    public static <V> Builder<V> builder(String name, Map<String, Object> consumerConfig, List<String> topics,
            Supplier<? extends Decoder<V>> decoders, Apply<V> apply) {
        return new Builder<>(name, consumerConfig, topics, decoders, apply);
    }

    /** Starts reading on the replica's own thread (once). */
    public synchronized TopicReplica<V> start() {
        if (thread == null) {
            running = true;
            Thread reader = new Thread(this::run, name);
            reader.setDaemon(true);
            reader.setContextClassLoader(TopicReplica.class.getClassLoader());
            thread = reader;
            reader.start();
        }
        return this;
    }

    /** Whether every partition has been read to where it was when the replica started. */
    public boolean isCaughtUp() {
        return caughtUp.isDone() && !caughtUp.isCompletedExceptionally();
    }

    /** Completes once caught up; fails when the replica is closed first. */
    public CompletionStage<Void> caughtUp() {
        return caughtUp;
    }

    /** Waits until caught up; false when the time ran out or the replica closed first. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        try {
            caughtUp.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException notYet) {
            return false;
        }
    }

    /**
     * A read barrier: completes (on the completions executor) once everything the topics held when it was
     * called has been applied. Once the replica is closed, never.
     */
    public CompletionStage<Void> sync() {
        CompletableFuture<Void> synced = new CompletableFuture<>();
        syncRequests.add(synced);
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null && wakeRequested.compareAndSet(false, true)) {
            current.wakeup(); // an idle poll would otherwise hold the barrier back for up to the poll timeout
            LockSupport.unpark(thread); // or, with every topic missing, the wait in its place
        }
        return synced;
    }

    /** Records handed to the callback (tombstones included). */
    public long read() {
        return read.get();
    }

    /** Records stepped over: undecodable, or refused by the callback. */
    public long skipped() {
        return skipped.get();
    }

    /** In words, for a readiness check: where the replica is. */
    public String state() {
        return state;
    }

    /** From start to caught up, in milliseconds; -1 until then. */
    public long caughtUpMillis() {
        return caughtUpMillis;
    }

    /** Whether the replica's thread is running. */
    public boolean alive() {
        Thread reader = thread;
        return reader != null && reader.isAlive();
    }

    /**
     * For a readiness check: caught up and still following. A replica whose thread has stopped (only an
     * {@link Error} ends its loop) keeps what it read but no longer sees new records, so it is not ready.
     */
    public boolean ready() {
        return isCaughtUp() && alive();
    }

    /**
     * For a liveness check: the replica was started and not closed, yet its thread has ended (an {@link Error}, or a
     * consumer that could not be made). It will not come back by itself; a restart is what mends it.
     */
    public boolean stopped() {
        Thread reader = thread;
        return running && reader != null && !reader.isAlive();
    }

    /** Stops the thread (waits up to 10 s for it) and closes the consumer and the decoders. */
    @Override
    public void close() {
        Thread reader;
        synchronized (this) {
            running = false;
            reader = thread;
        }
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (reader != null && reader != Thread.currentThread()) {
            LockSupport.unpark(reader);
            try {
                reader.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        caughtUp.completeExceptionally(new IllegalStateException(name + " is closed"));
    }

    private void run() {
        long start = System.nanoTime();
        List<Decoder<V>> pool = new ArrayList<>();
        ExecutorService decoding = null;
        KafkaConsumer<String, byte[]> kafka = null;
        try {
            kafka = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
            consumer = kafka;
            for (int i = 0; i < Math.max(1, decoderThreads); i++) {
                pool.add(decoders.get());
            }
            if (decoderThreads > 1) {
                AtomicInteger number = new AtomicInteger();
                decoding = Executors.newFixedThreadPool(decoderThreads, runnable -> {
                    Thread decoder = new Thread(runnable, name + "-decoder-" + number.incrementAndGet());
                    decoder.setDaemon(true);
                    return decoder;
                });
            }
            follow(kafka, pool, decoding, start);
        } catch (RuntimeException | Error unexpected) {
            if (running) {
                LOG.log(Level.ERROR, name + " stopped unexpectedly", unexpected);
                state = "stopped: " + unexpected;
            }
            if (unexpected instanceof Error error) {
                throw error;
            }
        } finally {
            if (!running) {
                state = "closed";
            } else if (!state.startsWith("stopped")) {
                state = "stopped";
            }
            consumer = null;
            if (kafka != null) {
                kafka.close(Duration.ofSeconds(2));
            }
            if (decoding != null) {
                decoding.shutdownNow();
            }
            pool.forEach(Decoder::close);
        }
    }

    private void follow(KafkaConsumer<String, byte[]> kafka, List<Decoder<V>> pool, ExecutorService decoding, long start) {
        Set<String> missing = new LinkedHashSet<>(topics);
        long nextTopicCheck = System.nanoTime();
        Barrier initial = null;
        List<Barrier> barriers = new ArrayList<>();
        List<CompletableFuture<Void>> waiting = new ArrayList<>();
        while (running) {
            try {
                if (!missing.isEmpty() && System.nanoTime() - nextTopicCheck >= 0) {
                    List<String> absent = assign(kafka, missing);
                    nextTopicCheck = System.nanoTime() + (waitForTopics ? TOPIC_WAIT : MISSING_TOPIC_RECHECK).toNanos();
                    if (!absent.isEmpty()) {
                        if (waitForTopics) {
                            state = "waiting for topics " + absent;
                        }
                        LOG.log(Level.WARNING, "{0}: topics {1} do not exist yet{2}", name, absent,
                                waitForTopics ? "; waiting for them" : "; read as empty until they do");
                        if (waitForTopics) {
                            LockSupport.parkNanos(TOPIC_WAIT.toNanos());
                            continue;
                        }
                    }
                }
                if (initial == null) {
                    initial = new Barrier(kafka.endOffsets(kafka.assignment(), API_TIMEOUT), null);
                    barriers.add(initial);
                    state = "reading " + kafka.assignment().size() + " partitions of " + topics.size() + " topics up to the offsets at start";
                }
                if (kafka.assignment().isEmpty()) { // every topic missing: the consumer refuses to poll nothing
                    LockSupport.parkNanos(Math.min(pollTimeout.toNanos(), TOPIC_WAIT.toNanos()));
                } else {
                    applyAll(kafka, kafka.poll(pollTimeout), pool, decoding);
                }
                wakeRequested.set(false);
                for (CompletableFuture<Void> request; (request = syncRequests.poll()) != null;) {
                    waiting.add(request);
                }
                if (!waiting.isEmpty()) {
                    // kept in waiting until the barrier is made: a wake-up (or failure) in endOffsets loses none
                    barriers.add(new Barrier(kafka.endOffsets(kafka.assignment(), API_TIMEOUT), List.copyOf(waiting)));
                    waiting.clear();
                }
                for (var it = barriers.iterator(); it.hasNext();) {
                    Barrier barrier = it.next();
                    if (barrier.reached(kafka)) {
                        it.remove();
                        if (barrier.waiting == null) {
                            caughtUpMillis = (System.nanoTime() - start) / 1_000_000;
                            state = "caught up";
                            LOG.log(Level.INFO, "{0} caught up in {1} ms: {2} records read, {3} skipped", name, caughtUpMillis, read.get(),
                                    skipped.get());
                            onCaughtUp.run();
                            caughtUp.complete(null);
                        } else {
                            barrier.waiting.forEach(future -> completions.execute(() -> future.complete(null)));
                        }
                    }
                }
            } catch (WakeupException woken) {
                // close() woke the consumer up (the loop ends as running is false), or sync() did (the loop goes on)
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException unavailable) {
                if (!running) {
                    return;
                }
                // the broker or the registry cannot be reached: keep what was read, and try again
                state = (isCaughtUp() ? "caught up; " : "") + "retrying: " + unavailable;
                LOG.log(Level.WARNING, "{0}: reading failed, retrying: {1}", name, unavailable.toString());
                LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
            }
        }
    }

    /** Assigns the topics that now exist (with {@code waitForTopics}, none until all do); returns those still missing. */
    private List<String> assign(KafkaConsumer<String, byte[]> kafka, Set<String> missing) {
        List<TopicPartition> added = new ArrayList<>();
        List<String> absent = new ArrayList<>();
        for (String topic : missing) {
            List<PartitionInfo> infos = kafka.partitionsFor(topic, API_TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                absent.add(topic);
            } else {
                infos.forEach(info -> added.add(new TopicPartition(topic, info.partition())));
            }
        }
        if (waitForTopics && !absent.isEmpty()) {
            return absent;
        }
        missing.retainAll(absent);
        if (!added.isEmpty()) {
            Set<TopicPartition> assignment = new LinkedHashSet<>(kafka.assignment());
            assignment.addAll(added);
            kafka.assign(assignment);
            kafka.seekToBeginning(added);
        }
        return absent;
    }

    /**
     * Decodes a batch (in chunks, on the decoder threads when it is large) and applies it in order. When a
     * decoder fails for want of the registry, the records not yet applied are read again later (their
     * partitions are sought back to them) rather than being mistaken for undecodable ones.
     */
    private void applyAll(KafkaConsumer<String, byte[]> kafka, ConsumerRecords<String, byte[]> batch, List<Decoder<V>> pool,
            ExecutorService decoding) throws InterruptedException {
        if (batch.isEmpty()) {
            return;
        }
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>(batch.count());
        batch.forEach(records::add);
        int chunks = decoding == null || records.size() < PARALLEL_FROM ? 1 : pool.size();
        int size = (records.size() + chunks - 1) / chunks;
        List<Future<Object[]>> decoded = new ArrayList<>(chunks);
        for (int from = 0, c = 0; from < records.size(); from += size, c++) {
            List<ConsumerRecord<String, byte[]>> chunk = records.subList(from, Math.min(records.size(), from + size));
            Decoder<V> decoder = pool.get(c);
            decoded.add(chunks == 1 ? decodeHere(decoder, chunk) : decoding.submit(() -> decode(decoder, chunk)));
        }
        Object[][] values = new Object[decoded.size()][];
        RuntimeException failure = null;
        int failedAt = decoded.size();
        for (int c = 0; c < decoded.size(); c++) {
            try {
                values[c] = decoded.get(c).get();
            } catch (ExecutionException failed) {
                if (failure == null) {
                    failure = failed.getCause() instanceof RuntimeException e ? e : new IllegalStateException(failed.getCause());
                    failedAt = c;
                }
            }
        }
        for (int c = 0; c < failedAt; c++) {
            List<ConsumerRecord<String, byte[]>> chunk = records.subList(c * size, Math.min(records.size(), (c + 1) * size));
            for (int i = 0; i < values[c].length; i++) {
                if (values[c][i] != SKIPPED) {
                    applyOne(chunk.get(i), values[c][i]);
                }
            }
        }
        if (failure != null) {
            seekBack(kafka, records.subList(failedAt * size, records.size()));
            throw failure;
        }
    }

    private static final Object SKIPPED = new Object();

    private Future<Object[]> decodeHere(Decoder<V> decoder, List<ConsumerRecord<String, byte[]>> records) {
        try {
            return CompletableFuture.completedFuture(decode(decoder, records));
        } catch (RuntimeException failed) {
            return CompletableFuture.failedFuture(failed);
        }
    }

    /** Decodes records; {@link #SKIPPED} where one cannot be (counted and logged); throws when the registry is away. */
    private Object[] decode(Decoder<V> decoder, List<ConsumerRecord<String, byte[]>> records) {
        Object[] values = new Object[records.size()];
        for (int i = 0; i < values.length; i++) {
            ConsumerRecord<String, byte[]> record = records.get(i);
            if (record.value() == null || undecoded.contains(record.topic())) {
                values[i] = record.value();
                continue;
            }
            try {
                values[i] = decoder.decode(record.topic(), record.headers(), record.value());
            } catch (RuntimeException undecodable) {
                if (isTransient(undecodable)) {
                    throw new IllegalStateException("the schema registry is unavailable: " + undecodable, undecodable);
                }
                skip(record, undecodable);
                values[i] = SKIPPED;
            }
        }
        return values;
    }

    @SuppressWarnings("unchecked")
    private void applyOne(ConsumerRecord<String, byte[]> record, Object value) {
        try {
            apply.apply(new Entry<>(record.topic(), record.partition(), record.offset(), record.timestamp(), record.key(), (V) value, record.headers()));
            read.incrementAndGet();
        } catch (RuntimeException refused) {
            skip(record, refused);
        }
    }

    private void skip(ConsumerRecord<String, byte[]> record, RuntimeException why) {
        skipped.incrementAndGet();
        LOG.log(Level.WARNING, "{0}: stepped over the record at {1}-{2}@{3}: {4}", name, record.topic(), record.partition(),
                Long.toString(record.offset()), why.getClass().getSimpleName() + ": " + why.getMessage());
    }

    /** Seeks each partition back to the first of these records it holds. */
    private static void seekBack(KafkaConsumer<String, byte[]> kafka, List<ConsumerRecord<String, byte[]>> unapplied) {
        Map<TopicPartition, Long> first = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : unapplied) {
            first.merge(new TopicPartition(record.topic(), record.partition()), record.offset(), Math::min);
        }
        first.forEach(kafka::seek);
    }

    /** The registry or the network (not the record) is the problem (also {@link RequestHistory}'s test). */
    static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof java.io.IOException || cause instanceof TimeoutException
                    || cause instanceof org.apache.kafka.common.errors.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** The end offsets some waiters wait for; the caught-up barrier has no waiters of its own. */
    private record Barrier(Map<TopicPartition, Long> target, List<CompletableFuture<Void>> waiting) {

        boolean reached(KafkaConsumer<String, byte[]> kafka) {
            for (Map.Entry<TopicPartition, Long> end : target.entrySet()) {
                if (kafka.position(end.getKey(), API_TIMEOUT) < end.getValue()) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The replica's settings; only the five the builder takes are required. */
    public static final class Builder<V> {
        private final String name;
        private final Map<String, Object> consumerConfig;
        private final List<String> topics;
        private final Supplier<? extends Decoder<V>> decoders;
        private final Apply<V> apply;
        private Runnable onCaughtUp = () -> {
        };
        private Set<String> undecoded = Set.of();
        private boolean waitForTopics;
        private int decoderThreads = 1;
        private Duration pollTimeout = Duration.ofMillis(200);
        private Executor completions = ForkJoinPool.commonPool();

        private Builder(String name, Map<String, Object> consumerConfig, List<String> topics, Supplier<? extends Decoder<V>> decoders,
                Apply<V> apply) {
            this.name = name;
            this.consumerConfig = consumerConfig;
            this.topics = topics;
            this.decoders = decoders;
            this.apply = apply;
        }

        /** Runs on the replica's thread once caught up, before {@link TopicReplica#caughtUp()} completes. */
        public Builder<V> onCaughtUp(Runnable action) {
            this.onCaughtUp = action;
            return this;
        }

        /** Hands these topics' values on as they are ({@code byte[]}; with {@code V} = Object), without the decoder. */
        public Builder<V> undecoded(String... topics) {
            this.undecoded = Set.of(topics);
            return this;
        }

        /** Reads nothing until every topic exists (by default a missing topic is read as empty until it does). */
        public Builder<V> waitForTopics() {
            this.waitForTopics = true;
            return this;
        }

        /** Decodes large batches on this many threads (default one: the replica's own). */
        public Builder<V> decoderThreads(int threads) {
            this.decoderThreads = Math.max(1, threads);
            return this;
        }

        public Builder<V> pollTimeout(Duration timeout) {
            this.pollTimeout = timeout;
            return this;
        }

        /** Where {@link TopicReplica#sync()} futures complete (default: the common pool; never the replica's thread). */
        public Builder<V> completions(Executor executor) {
            this.completions = executor;
            return this;
        }

        public TopicReplica<V> build() {
            return new TopicReplica<>(this);
        }
    }
}
