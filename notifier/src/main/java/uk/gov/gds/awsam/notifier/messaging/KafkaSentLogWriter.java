package uk.gov.gds.awsam.notifier.messaging;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import uk.gov.gds.awsam.logging.RequestMdc;
import uk.gov.gds.awsam.notifier.domain.Dispatcher;
import uk.gov.gds.awsam.notifier.domain.Email;

/**
 * Records each email sent on the compacted sent-log topic: key = Message-ID, value = a small JSON note of
 * what it was. Completes once the broker acknowledged the record; retries (the email is already sent, so
 * the event is not acknowledged until the record is durable).
 */
@ApplicationScoped
public class KafkaSentLogWriter implements Dispatcher.SentLogWriter {

    private static final Logger LOG = Logger.getLogger(KafkaSentLogWriter.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final MutinyEmitter<String> emitter;
    private final Clock clock;

    public KafkaSentLogWriter(@Channel("sent-log") MutinyEmitter<String> emitter, Clock clock) {
        this.emitter = emitter;
        this.clock = clock;
    }

    @Override
    public CompletionStage<Void> record(Email email) {
        return send(email.messageId(), note(email), failure -> RequestMdc.log(email.requestId(),
                () -> LOG.warnf("Could not record %s in the sent-log yet: %s", email, failure.toString())));
    }

    /**
     * Records a Message-ID of the sent journal that the topic lacks: an earlier process sent the email and was
     * stopped before its record was made. The journal holds only the Message-ID, so the note says only that.
     */
    public CompletionStage<Void> recordJournaled(String messageId) {
        String note = JsonNodeFactory.instance.objectNode().put("messageId", messageId).put("recordedFrom", "sent-journal")
                .put("recordedAt", clock.instant().toString()).toString();
        return send(messageId, note, failure -> LOG.warnf("Could not record journaled %s in the sent-log yet: %s", messageId,
                failure.toString()));
    }

    private CompletionStage<Void> send(String messageId, String note, Consumer<Throwable> logFailure) {
        Message<String> record = Message.of(note, Metadata.of(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(messageId).build()));
        // sendMessage completes when the broker has acknowledged the record (acks=all), or fails
        return Uni.createFrom().deferred(() -> emitter.sendMessage(record))
                .onFailure().invoke(logFailure)
                .onFailure().retry().withBackOff(FIRST_BACKOFF, MAX_BACKOFF).indefinitely()
                .subscribeAsCompletionStage();
    }

    /** The note as JSON (Jackson's tree, which escapes what needs escaping), never the email's content. */
    private String note(Email email) {
        return JsonNodeFactory.instance.objectNode().put("messageId", email.messageId()).put("requestId", email.requestId())
                .put("causeId", email.causeId()).put("template", email.template().name())
                .put("sentAt", clock.instant().toString()).toString();
    }
}
