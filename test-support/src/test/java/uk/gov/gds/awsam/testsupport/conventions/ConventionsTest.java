package uk.gov.gds.awsam.testsupport.conventions;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import uk.gov.gds.awsam.events.CloudEventHeaders;
import uk.gov.gds.awsam.events.Envelope;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.RequestFailed;
import uk.gov.gds.awsam.testsupport.InjectTestEvents;
import uk.gov.gds.awsam.testsupport.KafkaTestResource;
import uk.gov.gds.awsam.testsupport.SampleEvents;
import uk.gov.gds.awsam.testsupport.TestEvents;

/**
 * The channel conventions every service follows, proved in a real Quarkus application against the real
 * broker and registry: Avro serdes picked from the Jandex index, topics named through the catalogue's
 * config source, acknowledged keyed publishing with CloudEvents headers, dead-lettering of records that
 * cannot be decoded or processed while the consumer goes on, and readiness on Kafka.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class ConventionsTest {

    @InjectTestEvents
    TestEvents events;

    @Test
    void aConsumedEventIsAnsweredWithAKeyedAcknowledgedCloudEvent() {
        String requestId = SampleEvents.newRequestId();
        events.publish(SampleEvents.requestSubmitted(requestId).build());

        ConsumerRecord<String, RequestFailed> answer = events.awaitRecords(RequestFailed.class,
                TestEvents.<RequestFailed>forRequest(requestId).and(r -> r.value().getStage().equals("CONVENTIONS_PROBE")),
                1, TestEvents.TIMEOUT).get(0);

        String cause = SampleEvents.eventId(requestId, EventType.REQUEST_SUBMITTED);
        assertThat(answer.key()).isEqualTo(requestId);
        assertThat(answer.value().getCausationId()).isEqualTo(cause);
        assertThat(answer.value().getEventId()).isEqualTo(Envelope.derivedEventId(cause, EventType.REQUEST_FAILED));
        assertThat(header(answer, CloudEventHeaders.SOURCE)).isEqualTo(ConventionsProbe.SOURCE);
        assertThat(header(answer, CloudEventHeaders.TYPE)).isEqualTo(EventType.REQUEST_FAILED.cloudEventType());
        assertThat(header(answer, CloudEventHeaders.ID)).isEqualTo(answer.value().getEventId());
        assertThat(header(answer, CloudEventHeaders.SUBJECT)).isEqualTo(requestId);
    }

    @Test
    void anUndecodableRecordIsDeadLetteredAsItWasAndTheConsumerGoesOn() {
        String poisonKey = SampleEvents.newRequestId();
        byte[] poison = "this is not Avro".getBytes(StandardCharsets.UTF_8);
        events.publishRaw(EventType.REQUEST_SUBMITTED.topic(), poisonKey, poison);
        String next = SampleEvents.newRequestId();
        events.publish(SampleEvents.requestSubmitted(next).build());

        ConsumerRecord<String, byte[]> dead = events.awaitDeadLetters(EventType.REQUEST_SUBMITTED,
                TestEvents.forRequest(poisonKey), 1).get(0);
        assertThat(dead.value()).isEqualTo(poison);
        assertThat(header(dead, "dead-letter-topic")).isEqualTo(EventType.REQUEST_SUBMITTED.topic());
        assertThat(header(dead, "dead-letter-reason")).isNotBlank();
        assertThat(events.awaitOne(RequestFailed.class, next).getStage()).isEqualTo("CONVENTIONS_PROBE");
    }

    @Test
    void aRecordTheHandlerRefusesIsDeadLetteredWithTheReasonAndNothingIsPublished() {
        String requestId = SampleEvents.newRequestId();
        events.publish(SampleEvents.requestSubmitted(requestId).setRequesterEmail("explode@digital.cabinet-office.gov.uk").build());

        ConsumerRecord<String, byte[]> dead = events.awaitDeadLetters(EventType.REQUEST_SUBMITTED,
                TestEvents.forRequest(requestId), 1).get(0);
        assertThat(header(dead, "dead-letter-reason")).contains("refused on purpose for " + requestId);
        assertThat(header(dead, CloudEventHeaders.TYPE)).isEqualTo(EventType.REQUEST_SUBMITTED.cloudEventType());
        events.assertNonePublished(RequestFailed.class, requestId, Duration.ofSeconds(1));
    }

    @Test
    void readinessChecksTheBroker() {
        given().when().get("/q/health/ready")
                .then().statusCode(200).body("status", is("UP"));
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
