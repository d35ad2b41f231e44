package uk.gov.gds.awsam.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import uk.gov.gds.awsam.events.CloudEventHeaders;
import uk.gov.gds.awsam.events.EventType;

/**
 * Every event type of the catalogue goes through the real broker and the registry path: serialised by
 * the Apicurio Avro serde (which registers the schema), published keyed by requestId with CloudEvents
 * headers, consumed and decoded (the deserialiser fetches the schema by id) back to an equal event.
 */
class EveryEventRoundTripTest {

    private final TestEvents events = KafkaTestResource.events();

    @ParameterizedTest
    @EnumSource(EventType.class)
    void publishesAndConsumesThroughBrokerAndRegistry(EventType type) throws Exception {
        String requestId = SampleEvents.newRequestId();
        SpecificRecord sent = SampleEvents.of(type, requestId);

        events.publish(sent, "round-trip-test");
        ConsumerRecord<String, ? extends SpecificRecord> received = awaitRecord(type.recordClass(), requestId);

        assertThat(received.value()).isEqualTo(sent).isInstanceOf(type.recordClass());
        assertThat(received.key()).isEqualTo(requestId);
        assertThat(received.topic()).isEqualTo(type.topic());
        assertThat(header(received, CloudEventHeaders.ID)).isEqualTo(SampleEvents.eventId(requestId, type));
        assertThat(header(received, CloudEventHeaders.TYPE)).isEqualTo(type.cloudEventType());
        assertThat(header(received, CloudEventHeaders.SOURCE)).isEqualTo("round-trip-test");
        assertThat(header(received, CloudEventHeaders.SUBJECT)).isEqualTo(requestId);
        assertThat(header(received, CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
        assertThat(header(received, CloudEventHeaders.TIME)).isNotBlank();

        HttpClient http = HttpClient.newHttpClient();
        String latest = http.send(HttpRequest.newBuilder(URI.create(events.registryUrl()
                        + "/groups/default/artifacts/" + type.topic() + "-value/versions/branch=latest")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        long globalId = new com.fasterxml.jackson.databind.ObjectMapper().readTree(latest).path("globalId").asLong();
        String registered = http.send(HttpRequest.newBuilder(URI.create(events.registryUrl()
                        + "/ids/globalIds/" + globalId + "?references=DEREFERENCE")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(new Schema.Parser().parse(registered)).isEqualTo(type.schema());
    }

    private <T extends SpecificRecord> ConsumerRecord<String, T> awaitRecord(Class<T> type, String requestId) {
        return events.awaitRecords(type, TestEvents.forRequest(requestId), 1, Duration.ofSeconds(30)).get(0);
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
