package uk.gov.gds.awsam.notifier.messaging;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import uk.gov.gds.awsam.events.CloudEventHeaders;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.InternalTopic;
import uk.gov.gds.awsam.notifier.domain.BootstrapRoleChecks;
import uk.gov.gds.awsam.notifier.domain.KeyCustody;
import uk.gov.gds.awsam.notifier.domain.RequestDirectory;
import uk.gov.gds.awsam.notifier.domain.SentLog;
import uk.gov.gds.awsam.testsupport.CatalogueTopics;
import uk.gov.gds.awsam.testsupport.EmbeddedBroker;
import uk.gov.gds.awsam.testsupport.SampleEvents;
import uk.gov.gds.awsam.testsupport.TestEvents;
import uk.gov.gds.awsam.testsupport.registry.RegistryStandIn;

/**
 * How long the notifier takes to become ready after a restart, and what its state costs in memory: the state
 * feed rebuilds the request directory, the sent-log and the YubiKeys' custody from topics holding
 * {@code requests} RequestSubmitted (half new accounts, half user requests), three sent-log records per
 * request and a RootSecured for one request in ten. It runs against its own in-JVM broker and registry
 * stand-in, never an existing one. Run with (see README.md):
 *
 * <pre>
 * ./mvnw -pl notifier -am verify -Pbenchmark -DskipTests -DskipFoundationTests [-Dbenchmark.requests=20000]
 * </pre>
 */
public final class StateFeedBenchmark {

    private static final int ROUNDS = 3;

    private StateFeedBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int requests = Integer.parseInt(System.getProperty("benchmark.requests", "20000"));
        try (EmbeddedBroker broker = EmbeddedBroker.startNew(); RegistryStandIn registry = RegistryStandIn.start(0)) {
            CatalogueTopics.create(broker.bootstrapServers());
            long published = publish(broker.bootstrapServers(), registry.url(), requests);
            System.out.printf("topics hold %d records: %d requests, %d sent-log records, %d RootSecured%n",
                    published, requests, requests * 3, requests / 10);

            List<Long> millis = new ArrayList<>();
            long bytes = 0;
            for (int round = 0; round <= ROUNDS; round++) {
                long heapBefore = usedHeapAfterGc();
                RequestDirectory directory = new RequestDirectory();
                SentLog sentLog = new SentLog();
                KeyCustody custody = new KeyCustody();
                StateFeed feed = StateFeeds.onCatalogueTopics(broker.bootstrapServers(), registry.url(), directory, sentLog, custody,
                        new BootstrapRoleChecks());
                long start = System.nanoTime();
                feed.start();
                Awaitility.await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(10)).until(feed::isCaughtUp);
                long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                feed.stop();
                long heapAfter = usedHeapAfterGc();
                if (directory.size() != requests || sentLog.size() != requests * 3) {
                    throw new IllegalStateException("rebuilt " + directory.size() + " requests and " + sentLog.size() + " sent-log entries");
                }
                if (round == 0) {
                    System.out.printf("warm-up rebuild: %d ms%n", elapsed);
                    continue;
                }
                millis.add(elapsed);
                bytes = heapAfter - heapBefore;
                System.out.printf("rebuild %d: %d ms (%.0f records/s); state retained: %.1f MiB (%d bytes per request with its 3 sent-log entries)%n",
                        round, elapsed, published * 1000.0 / elapsed, bytes / 1048576.0, bytes / requests);
                // the state is still reachable here, so the heap measured above holds it
                java.lang.ref.Reference.reachabilityFence(directory);
                java.lang.ref.Reference.reachabilityFence(sentLog);
                java.lang.ref.Reference.reachabilityFence(custody);
            }
            millis.sort(Long::compare);
            System.out.printf("RESULT requests=%d records=%d median rebuild=%d ms, retained state=%.1f MiB%n",
                    requests, published, millis.get(millis.size() / 2), bytes / 1048576.0);
        }
    }

    private static long publish(String bootstrap, String registryUrl, int requests) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 262144);
        AvroKafkaSerializer<SpecificRecord> avro = new AvroKafkaSerializer<>();
        avro.configure(TestEvents.serdeConfig(registryUrl), false);
        long count = 0;
        try (KafkaProducer<String, SpecificRecord> events = new KafkaProducer<>(config, new StringSerializer(), avro);
                KafkaProducer<String, String> strings = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < requests; i++) {
                String requestId = UUID.randomUUID().toString();
                SpecificRecord submitted = i % 2 == 0 ? SampleEvents.requestSubmitted(requestId).build()
                        : SampleEvents.userAccessSubmitted(requestId, "user" + i + "@digital.cabinet-office.gov.uk").build();
                send(events, submitted);
                count++;
                if (i % 10 == 0) {
                    send(events, SampleEvents.rootSecured(requestId).build());
                    count++;
                }
                for (int email = 0; email < 3; email++) {
                    strings.send(new ProducerRecord<>(InternalTopic.NOTIFIER_SENT_LOG.topic(),
                            "<" + UUID.randomUUID() + "@notifier.benchmark>", "{\"requestId\":\"" + requestId + "\"}"));
                    count++;
                }
            }
            events.flush();
            strings.flush();
        }
        return count;
    }

    private static void send(KafkaProducer<String, SpecificRecord> producer, SpecificRecord event) {
        producer.send(new ProducerRecord<>(EventType.of(event).topic(), null, EventType.keyOf(event), event,
                CloudEventHeaders.kafkaHeaders(event, "benchmark")));
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
