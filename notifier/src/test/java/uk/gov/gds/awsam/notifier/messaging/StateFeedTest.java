package uk.gov.gds.awsam.notifier.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.events.BootstrapRoleState;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.InternalTopic;
import uk.gov.gds.awsam.notifier.domain.BootstrapRoleChecks;
import uk.gov.gds.awsam.notifier.domain.KeyCustody;
import uk.gov.gds.awsam.notifier.domain.RequestDirectory;
import uk.gov.gds.awsam.notifier.domain.SentLog;
import uk.gov.gds.awsam.testsupport.KafkaTestResource;
import uk.gov.gds.awsam.testsupport.ReplicaReadinessAssertions;
import uk.gov.gds.awsam.testsupport.SampleEvents;
import uk.gov.gds.awsam.testsupport.TestEvents;

/**
 * The state feed against the real broker and registry, as after a restart: everything comes from the topics; and its
 * readiness, DOWN once the feed has stopped.
 */
class StateFeedTest {

    private final TestEvents events = KafkaTestResource.events();
    private final RequestDirectory directory = new RequestDirectory();
    private final SentLog sentLog = new SentLog();
    private final KeyCustody custody = new KeyCustody();
    private final BootstrapRoleChecks bootstrapChecks = new BootstrapRoleChecks();

    @Test
    void itRebuildsTheDirectoryTheSentLogTheKeysAndTheBootstrapRoleChecksFromTheTopicsThenFollowsThem() throws Exception {
        String submitted = SampleEvents.newRequestId();
        String keysOut = SampleEvents.newRequestId();
        String keysBack = SampleEvents.newRequestId();
        events.publish(SampleEvents.requestSubmitted(submitted).build());
        events.publish(SampleEvents.rootMfaSeeded(keysOut).setEngineer("eng@digital.cabinet-office.gov.uk").build());
        events.publish(SampleEvents.rootSecured(keysOut).setOccurredAt(Instant.parse("2026-01-01T00:00:00Z")).build());
        events.publish(SampleEvents.yubikeysReturned(keysBack).build());
        events.publish(SampleEvents.rootSecured(keysBack).build());
        Instant firstCheck = SampleEvents.bootstrapRoleChecked(submitted).build().getCheckedAt();
        events.publish(SampleEvents.bootstrapRoleChecked(submitted).build());
        events.publish(SampleEvents.bootstrapRoleChecked(submitted).setEventId(SampleEvents.newRequestId())
                .setState(BootstrapRoleState.NOT_VISIBLE).setCheckedAt(firstCheck.plus(Duration.ofDays(7))).build());
        String kept = "<kept-" + submitted + "@test>";
        String forgotten = "<forgotten-" + submitted + "@test>";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, events.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(InternalTopic.NOTIFIER_SENT_LOG.topic(), kept, "{}"));
            producer.send(new ProducerRecord<>(InternalTopic.NOTIFIER_SENT_LOG.topic(), forgotten, "{}"));
            producer.send(new ProducerRecord<>(InternalTopic.NOTIFIER_SENT_LOG.topic(), forgotten, null)).get(30, TimeUnit.SECONDS);
        }
        String afterPoison = SampleEvents.newRequestId();
        events.publishRaw(EventType.REQUEST_SUBMITTED.topic(), afterPoison, "not avro".getBytes());
        events.publish(SampleEvents.userAccessSubmitted(afterPoison).build());

        StateFeed feed = StateFeeds.onCatalogueTopics(events.bootstrapServers(), events.registryUrl(), directory, sentLog, custody,
                bootstrapChecks);
        StateFeedReadinessCheck readiness = new StateFeedReadinessCheck(feed, directory, sentLog, custody);
        assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        feed.start();
        try {
            Awaitility.await().atMost(TestEvents.TIMEOUT).until(feed::isCaughtUp);
            assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
            assertThat(directory.find(submitted)).hasValueSatisfying(request -> {
                assertThat(request.accountName()).isEqualTo(SampleEvents.ACCOUNT_NAME);
                assertThat(request.requester()).isEqualTo(SampleEvents.REQUESTER);
            });
            assertThat(sentLog.contains(kept)).isTrue();
            assertThat(sentLog.contains(forgotten)).isFalse();
            assertThat(custody.outstanding()).anySatisfy(keys -> {
                assertThat(keys.requestId()).isEqualTo(keysOut);
                assertThat(keys.engineer()).isEqualTo("eng@digital.cabinet-office.gov.uk");
            }).noneMatch(keys -> keys.requestId().equals(keysBack));
            assertThat(bootstrapChecks.lastPresentBefore(submitted, firstCheck.plus(Duration.ofDays(14)))).contains(firstCheck);
            assertThat(bootstrapChecks.lastPresentBefore(submitted, firstCheck)).isEmpty();
            assertThat(feed.recordsSkipped()).isPositive();
            assertThat(directory.find(afterPoison)).isPresent();

            String later = SampleEvents.newRequestId();
            events.publish(SampleEvents.userAccessSubmitted(later).build());
            feed.sync().toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertThat(directory.find(later)).isPresent();
        } finally {
            feed.stop();
        }
        // Stopped (the notifier is going down): a handler waiting on the feed is left waiting, so its event is neither
        // acknowledged nor dead-lettered and is delivered again after the restart.
        assertThat(feed.sync().toCompletableFuture()).isNotDone();
    }

    @Test
    void readinessIsDownOnceTheFeedHasStoppedAlthoughItHadCaughtUp() {
        StateFeed feed = StateFeeds.onCatalogueTopics(events.bootstrapServers(), events.registryUrl(), directory, sentLog, custody,
                bootstrapChecks);
        ReplicaReadinessAssertions.upOnceCaughtUpDownOnceStopped(new StateFeedReadinessCheck(feed, directory, sentLog, custody), feed::start,
                feed::stop);
    }
}
