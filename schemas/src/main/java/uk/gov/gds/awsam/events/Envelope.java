package uk.gov.gds.awsam.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The four fields every event carries (DESIGN.md §3): eventId, requestId, occurredAt, causationId. Avro
 * generates no common interface, so this reads them by name from any event of the catalogue.
 */
public record Envelope(String eventId, String requestId, Instant occurredAt, String causationId) {

    public static final String EVENT_ID = "eventId";
    public static final String REQUEST_ID = EventType.KEY_FIELD;
    public static final String OCCURRED_AT = "occurredAt";
    public static final String CAUSATION_ID = "causationId";

    public Envelope {
        Objects.requireNonNull(eventId, EVENT_ID);
        Objects.requireNonNull(requestId, REQUEST_ID);
        Objects.requireNonNull(occurredAt, OCCURRED_AT);
    }

    /** Reads the envelope of an event; fails with the field's name when the event lacks one. */
    public static Envelope of(SpecificRecord event) {
        Schema schema = event.getSchema();
        return new Envelope(
                (String) read(event, schema, EVENT_ID),
                (String) read(event, schema, REQUEST_ID),
                (Instant) read(event, schema, OCCURRED_AT),
                (String) read(event, schema, CAUSATION_ID));
    }

    /** A fresh, random event id, for events a person causes. */
    public static String newEventId() {
        return UUID.randomUUID().toString();
    }

    /**
     * An event id derived from what caused the event, so that processing the same cause twice yields an
     * event with the same id and consumers can recognise the repeat. {@code discriminators} tell apart
     * several events of one type caused by one event (e.g. one UserCreated per user of a request).
     */
    public static String derivedEventId(String causationId, EventType type, String... discriminators) {
        StringBuilder name = new StringBuilder(causationId).append('|').append(type.name());
        for (String discriminator : discriminators) {
            name.append('|').append(discriminator);
        }
        return UUID.nameUUIDFromBytes(name.toString().getBytes(StandardCharsets.UTF_8)).toString();
    }

    static Schema schemaOf(Class<? extends SpecificRecord> recordClass) {
        return SpecificData.get().getSchema(recordClass);
    }

    private static Object read(SpecificRecord event, Schema schema, String field) {
        Schema.Field f = schema.getField(field);
        if (f == null) {
            throw new IllegalArgumentException(schema.getFullName() + " has no envelope field " + field);
        }
        return event.get(f.pos());
    }
}
