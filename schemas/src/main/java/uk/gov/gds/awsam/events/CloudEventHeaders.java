package uk.gov.gds.awsam.events;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The CloudEvents binary-mode headers every record carries (DESIGN.md §3), so that dashboards and routers
 * can tell events apart without decoding Avro. Every producer of the system (services, the YubiKey agent,
 * tests) takes its headers from here.
 */
public final class CloudEventHeaders {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String TIME = "ce_time";
    public static final String SUBJECT = "ce_subject";
    public static final String CONTENT_TYPE = "content-type";

    public static final String SPEC_VERSION_1_0 = "1.0";
    /** The value format: Avro binary behind the schema registry's id. */
    public static final String AVRO_CONTENT_TYPE = "application/avro";

    private CloudEventHeaders() {
    }

    /**
     * The headers of an event, in a stable order: ce_id = eventId, ce_type from the catalogue, ce_source =
     * the publishing service, ce_time = occurredAt (RFC 3339, UTC), ce_subject = requestId.
     */
    public static Map<String, String> of(SpecificRecord event, String source) {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("source: the publishing service must be named");
        }
        Envelope envelope = Envelope.of(event);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(SPEC_VERSION, SPEC_VERSION_1_0);
        headers.put(ID, envelope.eventId());
        headers.put(TYPE, EventType.of(event).cloudEventType());
        headers.put(SOURCE, source);
        headers.put(TIME, DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(envelope.occurredAt().atOffset(ZoneOffset.UTC)));
        headers.put(SUBJECT, envelope.requestId());
        headers.put(CONTENT_TYPE, AVRO_CONTENT_TYPE);
        return headers;
    }

    /** The same headers as Kafka record headers. */
    public static Headers kafkaHeaders(SpecificRecord event, String source) {
        RecordHeaders headers = new RecordHeaders();
        of(event, source).forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        return headers;
    }
}
