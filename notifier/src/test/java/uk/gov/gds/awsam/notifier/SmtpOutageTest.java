package uk.gov.gds.awsam.notifier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static uk.gov.gds.awsam.notifier.support.NotifierTestSupport.TEAM;
import static uk.gov.gds.awsam.notifier.support.NotifierTestSupport.about;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.RequestKind;
import uk.gov.gds.awsam.notifier.support.NotifierKeysTestResource;
import uk.gov.gds.awsam.notifier.support.SentJournalTestResource;
import uk.gov.gds.awsam.notifier.support.NotifierTestSupport;
import uk.gov.gds.awsam.testsupport.InjectTestEvents;
import uk.gov.gds.awsam.testsupport.KafkaTestResource;
import uk.gov.gds.awsam.testsupport.SampleEvents;
import uk.gov.gds.awsam.testsupport.TestEvents;
import uk.gov.gds.awsam.testsupport.mail.GreenMailTestResource;
import uk.gov.gds.awsam.testsupport.mail.InjectMailServer;
import uk.gov.gds.awsam.testsupport.mail.MailServer;
import uk.gov.gds.awsam.testsupport.mail.ReceivedMail;

/**
 * The SMTP server goes away while events arrive: nothing is sent, nothing is acknowledged, readiness says
 * why; when it comes back every email is delivered, once, and only then are the records acknowledged.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(GreenMailTestResource.class)
@WithTestResource(NotifierKeysTestResource.class)
@WithTestResource(SentJournalTestResource.class)
class SmtpOutageTest {

    private static final String GROUP = "notifier.request-submitted";

    @InjectTestEvents
    TestEvents events;

    @InjectMailServer
    MailServer mail;

    @AfterEach
    void smtpBackUp() {
        mail.startSmtp();
    }

    @Test
    void whileSmtpIsDownNothingIsSentOrAcknowledgedAndOnceItIsBackEverythingIsDeliveredOnce() {
        mail.stopSmtp();
        List<String> requests = new ArrayList<>();
        List<RecordMetadata> records = new ArrayList<>();
        // A receipt each to the team and the requester; a closure's also to the account's admin.
        List<List<String>> recipients = new ArrayList<>();
        for (RequestKind kind : RequestKind.values()) {
            String requestId = SampleEvents.newRequestId();
            requests.add(requestId);
            records.add(events.publish(switch (kind) {
                case NEW_ACCOUNT -> SampleEvents.requestSubmitted(requestId).build();
                case ACCOUNT_CLOSURE -> SampleEvents.closureSubmitted(requestId).build();
                default -> SampleEvents.userAccessSubmitted(requestId).setKind(kind).build();
            }));
            recipients.add(kind == RequestKind.ACCOUNT_CLOSURE ? List.of(TEAM, SampleEvents.REQUESTER, SampleEvents.ADMIN)
                    : List.of(TEAM, SampleEvents.REQUESTER));
        }
        Predicate<ReceivedMail> ours = requests.stream().map(NotifierTestSupport::about).reduce(Predicate::or).orElseThrow();

        Awaitility.await().atMost(TestEvents.TIMEOUT).untilAsserted(() -> given().when().get("/q/health/ready")
                .then().statusCode(503).body("checks.find { it.name == 'smtp' }.status", is("DOWN")));
        // Longer than the consumer's commit interval (5 s): had a record been acknowledged, its offset would show.
        mail.assertNone(ours, Duration.ofSeconds(6));
        for (RecordMetadata record : records) {
            assertThat(committed(record)).as("offset committed for an email not yet sent").isLessThanOrEqualTo(record.offset());
        }

        mail.startSmtp();

        List<ReceivedMail> delivered = mail.assertExactly(ours, recipients.stream().mapToInt(List::size).sum(),
                Duration.ofSeconds(3));
        for (int i = 0; i < requests.size(); i++) {
            assertThat(delivered).filteredOn(about(requests.get(i))).extracting(ReceivedMail::deliveredTo)
                    .containsExactlyInAnyOrderElementsOf(recipients.get(i));
        }
        for (RecordMetadata record : records) {
            Awaitility.await().atMost(TestEvents.TIMEOUT).until(() -> committed(record) > record.offset());
        }
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItem("smtp"));
    }

    private long committed(RecordMetadata record) {
        return NotifierTestSupport.committed(events.bootstrapServers(), GROUP,
                new TopicPartition(EventType.REQUEST_SUBMITTED.topic(), record.partition()));
    }
}
