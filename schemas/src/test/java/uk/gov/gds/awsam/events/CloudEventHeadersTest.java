package uk.gov.gds.awsam.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;

class CloudEventHeadersTest {

    private final PrClosed event = PrClosed.newBuilder()
            .setEventId("6f1c1ae4-32c4-4f55-9f7e-3b1d0c9e7a10")
            .setRequestId("0b8e7a52-1f0e-4d57-a9a4-6d0f4b1e2c33")
            .setOccurredAt(Instant.parse("2026-11-21T10:15:30.123Z"))
            .setCausationId("c0ffee00-0000-4000-8000-000000000001")
            .setRepository("alphagov/aws-billing-account")
            .setNumber(42)
            .setClosedBy("reviewer")
            .build();

    @Test
    void headersNameTheEventTheServiceAndTheRequest() {
        assertThat(CloudEventHeaders.of(event, "pr-service")).containsExactly(
                org.assertj.core.api.Assertions.entry("ce_specversion", "1.0"),
                org.assertj.core.api.Assertions.entry("ce_id", "6f1c1ae4-32c4-4f55-9f7e-3b1d0c9e7a10"),
                org.assertj.core.api.Assertions.entry("ce_type", "uk.gov.gds.aws-accounts.pr-closed.v1"),
                org.assertj.core.api.Assertions.entry("ce_source", "pr-service"),
                org.assertj.core.api.Assertions.entry("ce_time", "2026-11-21T10:15:30.123Z"),
                org.assertj.core.api.Assertions.entry("ce_subject", "0b8e7a52-1f0e-4d57-a9a4-6d0f4b1e2c33"),
                org.assertj.core.api.Assertions.entry("content-type", "application/avro"));
    }

    @Test
    void kafkaHeadersCarryTheSameValues() {
        Headers headers = CloudEventHeaders.kafkaHeaders(event, "pr-service");
        assertThat(new String(headers.lastHeader("ce_type").value(), StandardCharsets.UTF_8))
                .isEqualTo(EventType.PR_CLOSED.cloudEventType());
        assertThat(headers.toArray()).hasSize(7);
    }

    @Test
    void theSourceMustBeNamed() {
        assertThatThrownBy(() -> CloudEventHeaders.of(event, " ")).hasMessageContaining("source");
    }

    @Test
    void theKeyIsTheRequestId() {
        assertThat(EventType.keyOf(event)).isEqualTo("0b8e7a52-1f0e-4d57-a9a4-6d0f4b1e2c33");
        assertThat(EventMessages.kafkaMetadata(event, "pr-service").getKey()).isEqualTo(EventType.keyOf(event));
    }

    @Test
    void derivedEventIdsAreStableAndDistinct() {
        String cause = "c0ffee00-0000-4000-8000-000000000001";
        assertThat(Envelope.derivedEventId(cause, EventType.USER_CREATED, "a@example.gov.uk"))
                .isEqualTo(Envelope.derivedEventId(cause, EventType.USER_CREATED, "a@example.gov.uk"))
                .isNotEqualTo(Envelope.derivedEventId(cause, EventType.USER_CREATED, "b@example.gov.uk"))
                .isNotEqualTo(Envelope.derivedEventId(cause, EventType.USER_REMOVED, "a@example.gov.uk"));
        assertThat(Envelope.newEventId()).isNotEqualTo(Envelope.newEventId());
    }
}
