package uk.gov.gds.awsam.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.events.AvroDecoder;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.ReplicaHealth;
import uk.gov.gds.awsam.events.RequestFailed;
import uk.gov.gds.awsam.events.StateReaders;
import uk.gov.gds.awsam.events.TopicReplica;
import uk.gov.gds.awsam.events.TopicReplica.Entry;

/** schemas' {@link TopicReplica} against a real broker (schemas cannot depend on this module; this one can on it). */
class TopicReplicaTest {

    private final Infrastructure infrastructure = TestInfrastructure.get();
    private final List<Entry<String>> applied = Collections.synchronizedList(new ArrayList<>());
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String first = "replica-test-a-" + run;
    private final String second = "replica-test-b-" + run;
    private KafkaProducer<String, byte[]> producer;
    private TopicReplica<String> replica;

    @BeforeEach
    void connect() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void close() {
        if (replica != null) {
            replica.close();
        }
        producer.close(Duration.ofSeconds(5));
    }

    @Test
    void readsEveryPartitionFromTheBeginningAndIsCaughtUpOnlyOnceItHasReadWhatWasThere() throws Exception {
        create(first, 3);
        create(second, 1);
        for (int i = 0; i < 30; i++) {
            send(first, "k" + i, "a" + i);
        }
        send(second, "only", "b");
        AtomicLong appliedWhenCaughtUp = new AtomicLong(-1);
        replica = replica(builder(first, second).onCaughtUp(() -> appliedWhenCaughtUp.set(applied.size())));

        assertThat(replica.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
        assertThat(appliedWhenCaughtUp).hasValue(31);
        assertThat(replica.isCaughtUp()).isTrue();
        assertThat(replica.ready()).isTrue();
        assertThat(replica.state()).isEqualTo("caught up");
        assertThat(replica.caughtUpMillis()).isNotNegative();
        assertThat(applied).extracting(Entry::value).contains("a0", "a29", "b");
        Entry<String> only = applied.stream().filter(e -> e.topic().equals(second)).findFirst().orElseThrow();
        assertThat(only.key()).isEqualTo("only");
        assertThat(only.partition()).isZero();
        assertThat(only.offset()).isZero();
        assertThat(Thread.getAllStackTraces().keySet()).anySatisfy(thread -> {
            assertThat(thread.getName()).isEqualTo("replica-test");
            assertThat(thread.isDaemon()).isTrue();
        });
    }

    @Test
    void keepsFollowingAndSyncCompletesOnceWhatWasPublishedBeforeItIsApplied() throws Exception {
        create(first, 2);
        replica = replica(builder(first));
        assertThat(replica.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();

        send(first, "later", "after the start");
        replica.sync().toCompletableFuture().get(30, TimeUnit.SECONDS);

        assertThat(applied).extracting(Entry::value).containsExactly("after the start");
    }

    @Test
    void aSyncAskedWhileAnotherBarrierIsReadUpToIsNotAnsweredByThatOne() throws Exception {
        create(first, 3);
        replica = replica(builder(first));
        assertThat(replica.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();

        List<CompletableFuture<Boolean>> seenWhenSynced = new ArrayList<>();
        for (int i = 0; i < 100; i++) { // each barrier asked right after a record is acknowledged must see that record
            String value = "sent before barrier " + i;
            send(first, "k" + (i % 7), value);
            seenWhenSynced.add(replica.sync().toCompletableFuture()
                    .thenApply(synced -> new ArrayList<>(applied).stream().anyMatch(entry -> value.equals(entry.value()))));
        }

        CompletableFuture.allOf(seenWhenSynced.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertThat(seenWhenSynced).allSatisfy(seen -> assertThat(seen.get()).isTrue());
    }

    @Test
    void stepsOverAnUndecodableRecordCountingItAndHandsOnTombstonesUndecoded() throws Exception {
        create(first, 1);
        send(first, "1", "good");
        send(first, "2", "bad");
        producer.send(new ProducerRecord<>(first, "3", null)).get();
        send(first, "4", "also good");

        replica = replica(builder(first));

        assertThat(replica.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
        assertThat(applied).extracting(Entry::key).containsExactly("1", "3", "4");
        assertThat(applied.get(1).value()).isNull();
        assertThat(replica.skipped()).isEqualTo(1);
        assertThat(replica.read()).isEqualTo(3);
    }

    @Test
    void aDecoderThatCannotReachTheRegistryIsNotMistakenForAnUndecodableRecord() throws Exception {
        create(first, 1);
        send(first, "1", "good");
        AtomicBoolean registryAway = new AtomicBoolean(true);
        replica = TopicReplica.<String>builder("replica-test", config(), List.of(first), () -> (topic, headers, value) -> {
            if (registryAway.getAndSet(false)) {
                throw new UncheckedIOException(new java.io.IOException("connection refused"));
            }
            return new String(value, StandardCharsets.UTF_8);
        }, applied::add).build().start();

        assertThat(replica.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
        assertThat(applied).extracting(Entry::value).containsExactly("good");
        assertThat(replica.skipped()).isZero();
    }

    @Test
    void decodesLargeBatchesOnSeveralThreadsAndAppliesEachPartitionInOrder() throws Exception {
        create(first, 2);
        for (int i = 0; i < 2_000; i++) {
            producer.send(new ProducerRecord<>(first, i % 2, Integer.toString(i), Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
        }
        producer.flush();
        replica = replica(builder(first).decoderThreads(3));

        assertThat(replica.awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
        assertThat(applied).hasSize(2_000);
        for (int partition = 0; partition < 2; partition++) {
            int p = partition;
            List<Integer> values = applied.stream().filter(e -> e.partition() == p).map(e -> Integer.parseInt(e.value())).toList();
            assertThat(values).isSorted().hasSize(1_000);
        }
    }

    @Test
    void waitsForAMissingTopicWhenToldToAndOtherwiseReadsItAsEmpty() throws Exception {
        create(first, 1);
        send(first, "1", "there");
        TopicReplica<String> tolerant = replica(builder(first, second));
        try {
            assertThat(tolerant.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
        } finally {
            tolerant.close();
        }
        applied.clear();

        replica = replica(builder(first, second).waitForTopics());
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> !replica.isCaughtUp());
        assertThat(replica.state()).isEqualTo("waiting for topics [" + second + "]");
        create(second, 1);
        assertThat(replica.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
        assertThat(applied).extracting(Entry::value).containsExactly("there");
    }

    @Test
    void aReplicaWhoseTopicsAllDoNotExistYetIsCaughtUpAsEmptyAndAnswersBarriers() throws Exception {
        replica = replica(builder("replica-test-none-" + run).pollTimeout(Duration.ofHours(1)));

        assertThat(replica.awaitCaughtUp(Duration.ofSeconds(5))).isTrue();
        replica.sync().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(replica.ready()).isTrue();
        assertThat(applied).isEmpty();
    }

    @Test
    void decodesTheEventsWithTheRegistryAndHandsOnUndecodedTopicsAsTheyAre() throws Exception {
        create(first, 1);
        send(first, "delivery-1", "not Avro");
        String requestId = SampleEvents.newRequestId();
        KafkaTestResource.events().publish(SampleEvents.requestFailed(requestId).build());
        List<Entry<Object>> seen = Collections.synchronizedList(new ArrayList<>());
        try (TopicReplica<Object> events = TopicReplica.<Object>builder("replica-test", config(),
                List.of(EventType.REQUEST_FAILED.topic(), first), AvroDecoder.forRegistry(infrastructure.registryUrl()), seen::add)
                .undecoded(first).build().start()) {
            assertThat(events.awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
            assertThat(seen).anySatisfy(entry -> assertThat(entry.value()).isInstanceOfSatisfying(RequestFailed.class,
                    failed -> assertThat(failed.getRequestId()).isEqualTo(requestId)));
            assertThat(seen).filteredOn(entry -> entry.topic().equals(first)).singleElement()
                    .satisfies(entry -> assertThat((byte[]) entry.value()).asString(StandardCharsets.UTF_8).isEqualTo("not Avro"));
        }
    }

    @Test
    void aReplicaWhoseThreadHasStoppedIsNotReadyThoughItCaughtUp() throws Exception {
        create(first, 1);
        replica = replica(builder(first));
        assertThat(replica.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
        assertThat(replica.ready()).isTrue();

        replica.close();

        assertThat(replica.alive()).isFalse();
        assertThat(replica.ready()).isFalse();
        assertThat(replica.state()).isEqualTo("closed");
    }

    @Test
    void aReplicaWhoseThreadDiesIsStoppedButOneClosedIsNot() throws Exception {
        create(first, 1);
        TopicReplica<String> dying = TopicReplica.<String>builder("replica-test-dying", config(), List.of(first), () -> {
            throw new AssertionError("a decoder that cannot be made");
        }, applied::add).build().start();
        try {
            await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(10)).until(dying::stopped); // the Error ends the thread, as it should
            assertThat(dying.ready()).isFalse();
            assertThat(dying.state()).isEqualTo("stopped: java.lang.AssertionError: a decoder that cannot be made");
            assertThat(ReplicaHealth.liveness("reader", dying).getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
            assertThat(ReplicaHealth.readiness("reader", dying).build().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        } finally {
            dying.close();
        }
        assertThat(dying.stopped()).isFalse();
        assertThat(ReplicaHealth.liveness("reader", dying).getStatus()).isEqualTo(HealthCheckResponse.Status.UP);

        replica = replica(builder(first));
        assertThat(replica.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
        assertThat(replica.stopped()).isFalse();
        replica.close();
        assertThat(replica.stopped()).isFalse();
    }

    @Test
    void closesWithinSecondsAndSaysItWillNotCatchUp() throws Exception {
        replica = replica(builder("replica-test-never-" + run).waitForTopics());
        await().atMost(Duration.ofSeconds(10)).until(() -> replica.state().startsWith("waiting for topics"));

        long start = System.nanoTime();
        replica.close();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(replica.alive()).isFalse();
        assertThat(replica.isCaughtUp()).isFalse();
        assertThat(replica.ready()).isFalse();
        assertThat(replica.awaitCaughtUp(Duration.ofMillis(10))).isFalse();
        assertThat(replica.caughtUp().toCompletableFuture()).isCompletedExceptionally();
    }

    private TopicReplica.Builder<String> builder(String... topics) {
        return TopicReplica.builder("replica-test", config(), List.of(topics), () -> (topic, headers, value) -> {
            String text = new String(value, StandardCharsets.UTF_8);
            if (text.equals("bad")) {
                throw new IllegalArgumentException("not what this decoder reads");
            }
            return text;
        }, applied::add);
    }

    private static TopicReplica<String> replica(TopicReplica.Builder<String> builder) {
        return builder.build().start();
    }

    private Map<String, Object> config() {
        return StateReaders.consumerConfig(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers()),
                "replica-test");
    }

    private void send(String topic, String key, String value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value.getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
    }

    private void create(String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty()))).all().get(30, TimeUnit.SECONDS);
        }
        // a replica that does not wait for its topics reads one it cannot see yet as empty: let the broker's metadata show it first
        await().atMost(Duration.ofSeconds(30)).until(() -> producer.partitionsFor(topic).size() == partitions);
    }
}
