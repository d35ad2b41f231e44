package uk.gov.gds.awsam.events;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Publishing a business event the one way the system allows: keyed by requestId, with the CloudEvents
 * headers, and only done once the broker has acknowledged it. There is no fire-and-forget variant.
 */
public final class EventMessages {

    private EventMessages() {
    }

    /** The Kafka metadata of an event: key = requestId, CloudEvents headers naming {@code source}. */
    public static OutgoingKafkaRecordMetadata<String> kafkaMetadata(SpecificRecord event, String source) {
        return OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(EventType.keyOf(event))
                .withHeaders(CloudEventHeaders.kafkaHeaders(event, source))
                .build();
    }

    /**
     * Sends an event and completes when the broker has acknowledged it (with the producer's {@code acks}),
     * or exceptionally when it was refused or could not be handed to the emitter.
     */
    public static <T extends SpecificRecord> CompletionStage<Void> send(Emitter<T> emitter, T event, String source) {
        return sendAcknowledged(emitter, event, Metadata.of(kafkaMetadata(event, source)));
    }

    /**
     * Sends any payload with its metadata (an internal record, say) and completes when the broker has
     * acknowledged it, or exceptionally when it was refused or could not be handed to the emitter.
     */
    public static <T> CompletionStage<Void> sendAcknowledged(Emitter<T> emitter, T payload, Metadata metadata) {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        Message<T> message = Message.of(payload, metadata)
                .withAck(() -> {
                    acknowledged.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(reason -> {
                    acknowledged.completeExceptionally(reason);
                    return CompletableFuture.completedFuture(null);
                });
        try {
            emitter.send(message);
        } catch (RuntimeException refused) {
            acknowledged.completeExceptionally(refused);
        }
        return acknowledged;
    }
}
