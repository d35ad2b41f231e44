package uk.gov.gds.awsam.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.gov.gds.awsam.notifier.support.NotifierTestSupport.TEAM;
import static uk.gov.gds.awsam.notifier.support.NotifierTestSupport.about;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.notifier.domain.MessageIds;
import uk.gov.gds.awsam.notifier.domain.Template;
import uk.gov.gds.awsam.notifier.support.NotifierKeysTestResource;
import uk.gov.gds.awsam.notifier.support.NotifierTestSupport;
import uk.gov.gds.awsam.notifier.support.SentJournalTestResource;
import uk.gov.gds.awsam.testsupport.InjectTestEvents;
import uk.gov.gds.awsam.testsupport.KafkaTestResource;
import uk.gov.gds.awsam.testsupport.SampleEvents;
import uk.gov.gds.awsam.testsupport.TestEvents;
import uk.gov.gds.awsam.testsupport.mail.GreenMailTestResource;
import uk.gov.gds.awsam.testsupport.mail.InjectMailServer;
import uk.gov.gds.awsam.testsupport.mail.MailServer;
import uk.gov.gds.awsam.testsupport.mail.ReceivedMail;

/**
 * A notifier that starts from nothing but the topics and its sent journal: consumer groups that have committed
 * nothing (so every event ever published is delivered to it again, as after a lost offset or a replay) and an empty
 * memory. Before it starts, a "previous life" published three requests: one whose emails that life sent and recorded
 * in the sent-log, one whose emails it sent and journaled but was killed before the sent-log records were made (the
 * broker away), and one it never got to. The new notifier rebuilds its state from the journal and the topics, sends
 * the last request's emails, and not one email for anything the sent-log or the journal holds (neither the first two
 * requests nor anything the other test classes of this JVM sent before it); it records the journaled emails on the
 * sent-log topic and then drops them from the journal, which keeps only what it sent itself.
 */
@QuarkusTest
@TestProfile(RestartTest.AfterARestart.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(GreenMailTestResource.class)
@WithTestResource(NotifierKeysTestResource.class)
class RestartTest {

    static final String GROUPS = "notifier-after-restart";
    static final String MESSAGE_ID_DOMAIN = "notifier.aws-account-management.digital.cabinet-office.gov.uk";
    static final String SENT_BEFORE = SampleEvents.newRequestId();
    static final String JOURNALED_BEFORE = SampleEvents.newRequestId();
    static final String NOT_SENT_BEFORE = SampleEvents.newRequestId();
    static final Path JOURNAL = SentJournalTestResource.freshDirectory();

    @InjectTestEvents
    TestEvents events;

    @InjectMailServer
    MailServer mail;

    @Test
    void everyEventIsDeliveredAgainButOnlyWhatTheSentLogLacksIsSent() {
        List<ReceivedMail> owed = mail.await(about(NOT_SENT_BEFORE), 3);
        assertThat(owed).extracting(ReceivedMail::subject).containsExactlyInAnyOrder(
                "New AWS account request: sample-service-staging (P2, PII)",
                "We have your request: new AWS account sample-service-staging",
                "Awaiting review: new AWS account sample-service-staging");

        Awaitility.await().atMost(TestEvents.TIMEOUT.multipliedBy(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> NotifierTestSupport.lag(events.bootstrapServers(), GROUPS), String::isEmpty);
        mail.assertNone(about(SENT_BEFORE), Duration.ofSeconds(1));
        mail.assertNone(about(JOURNALED_BEFORE), Duration.ofSeconds(1));
        assertThat(mail.received()).as("emails sent after the restart").allMatch(about(NOT_SENT_BEFORE)).hasSize(3);

        Awaitility.await().atMost(TestEvents.TIMEOUT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Map<String, String> sentLog = NotifierTestSupport.sentLog(events.bootstrapServers());
            assertThat(sentLog).containsKeys(messageIds(JOURNALED_BEFORE).toArray(String[]::new));
            messageIds(JOURNALED_BEFORE).forEach(id -> assertThat(sentLog.get(id)).contains("\"recordedFrom\":\"sent-journal\""));
            assertThat(Files.readAllLines(JOURNAL.resolve("sent-message-ids"))).as("the journal, once caught up")
                    .containsExactlyInAnyOrderElementsOf(owed.stream().map(ReceivedMail::messageId).toList());
        });
    }

    /** The Message-IDs of the three emails of a request's RequestSubmitted and PrOpened. */
    static List<String> messageIds(String requestId) {
        MessageIds ids = new MessageIds(MESSAGE_ID_DOMAIN);
        String submitted = SampleEvents.eventId(requestId, EventType.REQUEST_SUBMITTED);
        String opened = SampleEvents.eventId(requestId, EventType.PR_OPENED);
        return List.of(ids.of(submitted, Template.REQUEST_RECEIVED_TEAM, TEAM),
                ids.of(submitted, Template.REQUEST_RECEIVED_REQUESTER, SampleEvents.REQUESTER),
                ids.of(opened, Template.PR_OPENED, SampleEvents.REQUESTER));
    }

    public static class AfterARestart implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "notifier.consumer-group", GROUPS,
                    "notifier.message-id-domain", MESSAGE_ID_DOMAIN,
                    // keys of earlier tests' accounts are out, but not for long enough to be reminded of
                    "notifier.yubikey-reminder.after", "1h");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PreviousLife.class));
        }
    }

    /** What happened before the notifier under test started. */
    public static class PreviousLife implements QuarkusTestResourceLifecycleManager {

        @Override
        public Map<String, String> start() {
            TestEvents events = KafkaTestResource.events();
            for (String requestId : List.of(SENT_BEFORE, JOURNALED_BEFORE, NOT_SENT_BEFORE)) {
                events.publish(SampleEvents.requestSubmitted(requestId).build());
                events.publish(SampleEvents.prOpened(requestId).build());
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, events.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                    new StringSerializer(), new StringSerializer())) {
                for (String messageId : messageIds(SENT_BEFORE)) {
                    producer.send(new ProducerRecord<>(NotifierTestSupport.SENT_LOG, messageId, "{\"sentBy\":\"a previous life\"}"));
                }
                producer.flush();
            }
            // what the previous life sent and journaled, then was killed before the broker came back; the last line
            // torn by the kill
            try {
                Files.writeString(JOURNAL.resolve("sent-message-ids"), String.join("\n", messageIds(JOURNALED_BEFORE)) + "\n<torn",
                        StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("notifier.sent-journal.dir", JOURNAL.toString());
        }

        @Override
        public void stop() {
        }
    }
}
