package uk.gov.gds.awsam.provisioner.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import uk.gov.gds.awsam.events.StateReaders;
import uk.gov.gds.awsam.events.AccountCreated;
import uk.gov.gds.awsam.events.CloudEventHeaders;
import uk.gov.gds.awsam.events.Envelope;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.InternalTopic;
import uk.gov.gds.awsam.provisioner.domain.Stopping;

/**
 * What the provisioner has already published, rebuilt from its own topics at start (Kafka is the system of
 * record; there is no database) and kept up to date as it publishes. It lets a redelivered PrMerged or
 * RootMfaSeeded give its events out exactly once (the event ids are derived from the cause), and it keeps
 * each request's AccountCreated, whose reviewed admin list the RootMfaSeeded step needs, across restarts.
 *
 * <p>A plain consumer, assigned every partition of the provisioner's output topics from the beginning,
 * committing nothing. Handlers wait until it has read up to the end offsets it found at start.
 */
public final class PublishedEvents implements AutoCloseable {

    /** The topics the provisioner publishes to. */
    public static final List<EventType> OWN_EVENTS = List.of(EventType.ACCOUNT_CREATED, EventType.ROOT_MFA_REQUESTED,
            EventType.ROOT_SECURED, EventType.USER_CREATED, EventType.USER_REMOVED, EventType.REQUEST_FAILED, EventType.REQUEST_WAITING);
    /** The provisioner's journal ({@link ProvisionerJournal}): read back with its events. */
    public static final String JOURNAL_TOPIC = InternalTopic.PROVISIONER_JOURNAL.topic();

    private static final Logger LOG = Logger.getLogger(PublishedEvents.class);
    private static final Duration POLL = Duration.ofMillis(200);

    /** The account of a request, as the provisioner announced it in AccountCreated. */
    public record KnownAccount(String accountId, String accountName, String rootEmail, List<String> adminUserEmails) {

        public KnownAccount {
            adminUserEmails = List.copyOf(adminUserEmails);
        }

        static KnownAccount of(AccountCreated created) {
            return new KnownAccount(created.getAccountId(), created.getAccountName(), created.getRootEmail(), created.getAdminUserEmails());
        }
    }

    private final String source;
    private final Map<String, Object> consumerConfig;
    private final Map<String, Object> serdeConfig;
    private final Set<String> eventIds = ConcurrentHashMap.newKeySet();
    private final Map<String, KnownAccount> accounts = new ConcurrentHashMap<>();
    private final Map<String, String> journal = new ConcurrentHashMap<>();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread reader;

    /**
     * @param source the ce_source of the provisioner's events: only those count
     * @param kafkaClient the Kafka client settings (bootstrap servers and, in a cluster, TLS and SASL)
     * @param registryUrl the Apicurio registry, to decode AccountCreated
     */
    public PublishedEvents(String source, Map<String, Object> kafkaClient, String registryUrl) {
        this.source = source;
        this.consumerConfig = StateReaders.consumerConfig(kafkaClient, source + "-published-events");
        this.serdeConfig = new HashMap<>(Map.of("apicurio.registry.url", registryUrl, "apicurio.registry.use-specific-avro-reader", true));
    }

    /** Starts reading in its own thread. */
    public synchronized void start() {
        if (reader == null) {
            reader = new Thread(this::read, source + "-published-events");
            reader.setDaemon(true);
            reader.start();
        }
    }

    /** Whether an event with this id has been published by the provisioner. */
    public boolean contains(String eventId) {
        return eventIds.contains(eventId);
    }

    /** The AccountCreated the provisioner published for a request, if any. */
    public Optional<KnownAccount> account(String requestId) {
        return Optional.ofNullable(accounts.get(requestId));
    }

    /** Records an event the provisioner just published (the broker acknowledged it). */
    public void record(SpecificRecord event) {
        Envelope envelope = Envelope.of(event);
        eventIds.add(envelope.eventId());
        if (event instanceof AccountCreated created) {
            accounts.put(envelope.requestId(), KnownAccount.of(created));
        }
    }

    /** The journal entry under {@code key}, if any (see {@link ProvisionerJournal}). */
    public Optional<String> journalEntry(String key) {
        return Optional.ofNullable(journal.get(key));
    }

    /** Records a journal entry the broker acknowledged (null: forgotten). */
    public void recordJournal(String key, String value) {
        if (value == null) {
            journal.remove(key);
        } else {
            journal.put(key, value);
        }
    }

    public boolean caughtUp() {
        return caughtUp.getCount() == 0;
    }

    /** Waits until everything published before the start has been read. */
    public void awaitCaughtUp(Duration timeout) {
        try {
            if (!caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the provisioner's published events were not read back within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopping("reading back the provisioner's published events", e);
        }
    }

    public int size() {
        return eventIds.size();
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        Thread thread = reader;
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Reads until closed; after a failure (the broker refused, say) starts over, keeping what it knows. */
    private void read() {
        long start = System.nanoTime();
        while (running) {
            try {
                readFromTheBeginning(start);
            } catch (WakeupException stopping) {
                return;
            } catch (RuntimeException e) {
                LOG.errorf(e, "Reading back the provisioner's published events failed; starting over in 5 s");
                try {
                    Thread.sleep(5_000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void readFromTheBeginning(long start) {
        AvroKafkaDeserializer<AccountCreated> decoder = new AvroKafkaDeserializer<>();
        decoder.configure(serdeConfig, false);
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer = kafka;
            if (!running) {
                return;
            }
            List<TopicPartition> partitions = partitions(kafka);
            if (partitions.isEmpty()) {
                return;
            }
            kafka.assign(partitions);
            kafka.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = kafka.endOffsets(partitions);
            while (running) {
                for (ConsumerRecord<String, byte[]> record : kafka.poll(POLL)) {
                    apply(record, decoder);
                }
                if (!caughtUp() && reached(kafka, ends)) {
                    LOG.infof("Read back %d published events (%d accounts) in %d ms", eventIds.size(), accounts.size(),
                            (System.nanoTime() - start) / 1_000_000);
                    caughtUp.countDown();
                }
            }
        } finally {
            consumer = null;
            decoder.close();
        }
    }

    private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> kafka) {
        while (running) {
            List<TopicPartition> partitions = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            List<String> topics = new ArrayList<>(OWN_EVENTS.stream().map(EventType::topic).toList());
            topics.add(JOURNAL_TOPIC);
            for (String topic : topics) {
                List<PartitionInfo> infos = kafka.partitionsFor(topic, Duration.ofSeconds(30));
                if (infos == null || infos.isEmpty()) {
                    missing.add(topic);
                } else {
                    infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
                }
            }
            if (missing.isEmpty()) {
                return partitions;
            }
            LOG.warnf("Waiting for topics %s to exist", missing);
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
        return List.of();
    }

    private static boolean reached(KafkaConsumer<String, byte[]> kafka, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (kafka.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void apply(ConsumerRecord<String, byte[]> record, AvroKafkaDeserializer<AccountCreated> decoder) {
        if (record.topic().equals(JOURNAL_TOPIC)) {
            recordJournal(record.key(), record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8));
            return;
        }
        if (!source.equals(header(record, CloudEventHeaders.SOURCE))) {
            return;
        }
        String eventId = header(record, CloudEventHeaders.ID);
        if (eventId == null) {
            return;
        }
        if (record.topic().equals(EventType.ACCOUNT_CREATED.topic())) {
            try {
                AccountCreated created = decoder.deserialize(record.topic(), record.headers(), record.value());
                accounts.put(created.getRequestId(), KnownAccount.of(created));
            } catch (RuntimeException undecodable) {
                LOG.warnf("Skipping undecodable AccountCreated at %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                        undecodable.getMessage());
                return;
            }
        }
        eventIds.add(eventId);
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
