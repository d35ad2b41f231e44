package uk.gov.gds.awsam.provisioner.benchmark;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import uk.gov.gds.awsam.events.CloudEventHeaders;
import uk.gov.gds.awsam.events.EventType;

import uk.gov.gds.awsam.provisioner.messaging.PublishedEvents;
import uk.gov.gds.awsam.testsupport.SampleEvents;
import uk.gov.gds.awsam.testsupport.TestEvents;
import uk.gov.gds.awsam.testsupport.TestInfrastructure;

/**
 * How long a start of the provisioner takes to read back what it published before (its readiness waits for
 * it; there is no database) and the heap that read-back keeps, for a history of {@code requests} account
 * requests (AccountCreated, RootMfaRequested, RootSecured each) plus as many user requests (UserCreated).
 *
 * <pre>
 * ./mvnw -pl provisioner -am test-compile -DskipFoundationTests -Pread-back-benchmark [-Drequests=20000]
 * </pre>
 *
 * Uses the test infrastructure's broker (the in-JVM KRaft broker, or KAFKA_BOOTSTRAP_SERVERS) and registry.
 */
public final class ReadBackBenchmark {

    private ReadBackBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int requests = Integer.parseInt(args.length > 0 ? args[0] : "20000");
        int rounds = 3;
        TestEvents events = TestEvents.connect();
        KafkaProducer<String, Object> producer = producer(events);
        String source = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        Instant start = Instant.now();
        for (int i = 0; i < requests; i++) {
            String requestId = UUID.randomUUID().toString();
            for (SpecificRecord event : List.<SpecificRecord>of(
                    SampleEvents.accountCreated(requestId).setEventId(UUID.randomUUID().toString()).build(),
                    SampleEvents.rootMfaRequested(requestId).setEventId(UUID.randomUUID().toString()).build(),
                    SampleEvents.rootSecured(requestId).setEventId(UUID.randomUUID().toString()).build(),
                    SampleEvents.userCreated(UUID.randomUUID().toString()).setEventId(UUID.randomUUID().toString()).build())) {
                producer.send(new ProducerRecord<>(EventType.of(event).topic(), null, EventType.keyOf(event), event,
                        CloudEventHeaders.kafkaHeaders(event, source)));
            }
        }
        producer.flush();
        producer.close();
        int published = requests * 4;
        System.out.printf(Locale.ROOT, "published %d events in %d ms%n", published, Duration.between(start, Instant.now()).toMillis());

        for (int round = 1; round <= rounds; round++) {
            System.gc();
            long heapBefore = usedHeap();
            long began = System.nanoTime();
            try (PublishedEvents readBack = new PublishedEvents(source, java.util.Map.of("bootstrap.servers", events.bootstrapServers()), events.registryUrl())) {
                readBack.start();
                readBack.awaitCaughtUp(Duration.ofMinutes(10));
                long millis = (System.nanoTime() - began) / 1_000_000;
                System.gc();
                long kept = usedHeap() - heapBefore;
                System.out.printf(Locale.ROOT, "round %d: read back %d of %d events (%d accounts) in %d ms (%.0f events/s); heap kept %.1f MB"
                        + " (%.0f bytes/event)%n", round, readBack.size(), published, requests, millis, readBack.size() * 1000.0 / Math.max(1, millis),
                        kept / 1e6, (double) kept / Math.max(1, readBack.size()));
            }
        }
        events.close();
        TestInfrastructure.get().close();
        System.exit(0);
    }

    private static KafkaProducer<String, Object> producer(TestEvents events) {
        AvroKafkaSerializer<Object> serializer = new AvroKafkaSerializer<>();
        serializer.configure(TestEvents.serdeConfig(events.registryUrl()), false);
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, events.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 20), new StringSerializer(), serializer);
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
