package uk.gov.gds.awsam.request.bench;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.LagInfo;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import uk.gov.gds.awsam.events.AvroDecoder;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.request.domain.LifecycleEvent;
import uk.gov.gds.awsam.request.messaging.LifecycleEvents;
import uk.gov.gds.awsam.testsupport.TestEvents;

/**
 * The request view as a Kafka Streams state store, run as its own process by {@link StreamsBenchmark} so that
 * its resident set is its own: every lifecycle topic, decoded and checked as the service's feed does
 * ({@link LifecycleEvents#toDomain}), grouped by request id (the topics' key) and aggregated into a persistent
 * (RocksDB) store {@value #STORE} with a changelog topic. A request's entry is its lifecycle events, each once
 * (a repeated event id is dropped), as the Avro bytes that came in: what {@code Projection} would fold into the
 * request's view when it is read (an interactive query; not part of this benchmark), so the store needs no serde
 * for the domain's types.
 *
 * <p>Ready ("caught up") when the instance is RUNNING, every partition of the store has no restoration lag
 * ({@link KafkaStreams#allLocalStorePartitionLags()}), and every input partition has been processed up to the
 * end offset it had at start-up (or the group had committed that far before). The figures go to standard output
 * as one {@code RESULT} line, measured from the JVM's start.
 *
 * <p>Arguments: bootstrap servers, registry URL, application id, state directory, and whether the member is
 * static ({@code group.instance.id}, closed with {@code leaveGroup}) or dynamic (the default member a
 * Kafka Streams application has).
 */
public final class StreamsView {

    static final String STORE = "requests";
    private static final byte[] EMPTY = new byte[0];

    private StreamsView() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String registryUrl = args[1];
        String applicationId = args[2];
        Path stateDir = Path.of(args[3]);
        boolean staticMember = Boolean.parseBoolean(args[4]);
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();

        Map<TopicPartition, Long> ends;
        Map<TopicPartition, Long> committed = new HashMap<>();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<TopicPartition> inputs = admin.describeTopics(EventType.topics()).allTopicNames().get().values().stream()
                    .flatMap(topic -> topic.partitions().stream().map(p -> new TopicPartition(topic.name(), p.partition())))
                    .toList();
            ends = admin.listOffsets(inputs.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()))).all().get()
                    .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
            offsets.forEach((partition, offset) -> {
                if (offset != null) {
                    committed.put(partition, offset.offset());
                }
            });
        }

        Map<TopicPartition, Long> processed = new ConcurrentHashMap<>();
        AtomicLong records = new AtomicLong();
        AtomicLong undecodable = new AtomicLong();
        Supplier<AvroDecoder<SpecificRecord>> avro = AvroDecoder.of(TestEvents.serdeConfig(registryUrl));
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(EventType.topics(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .processValues(() -> new Decode(avro.get(), processed, records, undecodable))
                .filter((requestId, entry) -> entry.length > 0)
                .groupByKey(Grouped.with(Serdes.String(), Serdes.ByteArray()))
                .aggregate(() -> EMPTY, (requestId, entry, history) -> History.add(history, entry),
                        Materialized.<String, byte[], KeyValueStore<Bytes, byte[]>>as(STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray()));

        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // the view does not depend on the order events are applied in (as the service's feed): process what has been
        // fetched rather than wait to interleave the 13 topics by timestamp
        config.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        if (staticMember) {
            config.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), applicationId + "-0");
        }
        AtomicLong restored = new AtomicLong();
        // when (ms after the topology started) it first ran, and restoration began and ended: where the time goes
        AtomicLong running = new AtomicLong(-1);
        AtomicLong restoreStart = new AtomicLong(-1);
        AtomicLong restoreEnd = new AtomicLong(-1);
        long start = System.currentTimeMillis();
        KafkaStreams streams = new KafkaStreams(builder.build(), config);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                running.compareAndSet(-1, System.currentTimeMillis() - start);
            }
        });
        streams.setGlobalStateRestoreListener(new StateRestoreListener() {
            @Override
            public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
                restoreStart.compareAndSet(-1, System.currentTimeMillis() - start);
            }

            @Override
            public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
                restored.addAndGet(numRestored);
            }

            @Override
            public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
                restoreEnd.set(System.currentTimeMillis() - start);
            }
        });
        streams.start();

        long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
        while (!caughtUp(streams, ends, committed, processed)) {
            if (System.nanoTime() > deadline || streams.state() == KafkaStreams.State.ERROR) {
                throw new IllegalStateException("not caught up: " + streams.state());
            }
            ServiceProcess.pause(Duration.ofMillis(20));
        }
        long ready = System.currentTimeMillis();
        long rss = ServiceProcess.statusMb(ProcessHandle.current().pid(), "VmRSS");
        long hwm = ServiceProcess.statusMb(ProcessHandle.current().pid(), "VmHWM");

        // not measured: what the store holds, and its size on disk
        ReadOnlyKeyValueStore<String, byte[]> store = streams.store(StoreQueryParameters.fromNameAndType(STORE,
                QueryableStoreTypes.keyValueStore()));
        long requests = 0;
        long events = 0;
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                requests++;
                events += History.count(all.next().value);
            }
        }
        long diskMb;
        try (Stream<Path> files = Files.walk(stateDir)) {
            diskMb = files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum() / 1024 / 1024;
        }
        System.out.printf("RESULT ready=%d sinceMain=%d rssMb=%d hwmMb=%d processed=%d undecodable=%d restored=%d requests=%d events=%d diskMb=%d "
                + "running=%d restoreStart=%d restoreEnd=%d%n", ready - jvmStart, ready - start, rss, hwm, records.get(), undecodable.get(),
                restored.get(), requests, events, diskMb, running.get(), restoreStart.get(), restoreEnd.get());
        System.out.flush();
        streams.close(new KafkaStreams.CloseOptions().leaveGroup(staticMember).timeout(Duration.ofSeconds(30)));
        System.exit(0);
    }

    private static boolean caughtUp(KafkaStreams streams, Map<TopicPartition, Long> ends, Map<TopicPartition, Long> committed,
            Map<TopicPartition, Long> processed) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return false;
        }
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            long position = Math.max(committed.getOrDefault(end.getKey(), 0L), processed.getOrDefault(end.getKey(), 0L));
            if (position < end.getValue()) {
                return false;
            }
        }
        Map<Integer, LagInfo> lags = streams.allLocalStorePartitionLags().getOrDefault(STORE, Map.of());
        return !lags.isEmpty() && lags.values().stream().allMatch(lag -> lag.offsetLag() == 0);
    }

    /**
     * Decodes a record as the service's feed does and passes on its history entry (empty when it cannot be
     * decoded, counted), noting how far each input partition has been processed.
     */
    private static final class Decode implements FixedKeyProcessor<String, byte[], byte[]> {

        private final AvroDecoder<SpecificRecord> decoder;
        private final Map<TopicPartition, Long> processed;
        private final AtomicLong records;
        private final AtomicLong undecodable;
        private FixedKeyProcessorContext<String, byte[]> context;

        Decode(AvroDecoder<SpecificRecord> decoder, Map<TopicPartition, Long> processed, AtomicLong records, AtomicLong undecodable) {
            this.decoder = decoder;
            this.processed = processed;
            this.records = records;
            this.undecodable = undecodable;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, byte[]> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, byte[]> record) {
            var metadata = context.recordMetadata().orElseThrow();
            byte[] entry = EMPTY;
            try {
                LifecycleEvent event = LifecycleEvents.toDomain(decoder.decode(metadata.topic(), record.headers(), record.value()));
                entry = History.entry(event.idHigh(), event.idLow(), record.value());
            } catch (RuntimeException notALifecycleEvent) {
                undecodable.incrementAndGet();
            }
            records.incrementAndGet();
            context.forward(record.withValue(entry));
            processed.put(new TopicPartition(metadata.topic(), metadata.partition()), metadata.offset() + 1);
        }

        @Override
        public void close() {
            decoder.close();
        }
    }

    /** A request's history: entries of event id (two longs), length and the event's Avro bytes, each id once. */
    static final class History {

        private History() {
        }

        static byte[] entry(long idHigh, long idLow, byte[] value) {
            return ByteBuffer.allocate(20 + value.length).putLong(idHigh).putLong(idLow).putInt(value.length).put(value).array();
        }

        static byte[] add(byte[] history, byte[] entry) {
            ByteBuffer added = ByteBuffer.wrap(entry);
            ByteBuffer entries = ByteBuffer.wrap(history);
            for (int at = 0; at < history.length; at += 20 + entries.getInt(at + 16)) {
                if (entries.getLong(at) == added.getLong(0) && entries.getLong(at + 8) == added.getLong(8)) {
                    return history;
                }
            }
            return ByteBuffer.allocate(history.length + entry.length).put(history).put(entry).array();
        }

        static int count(byte[] history) {
            ByteBuffer entries = ByteBuffer.wrap(history);
            int count = 0;
            for (int at = 0; at < history.length; at += 20 + entries.getInt(at + 16)) {
                count++;
            }
            return count;
        }
    }
}
