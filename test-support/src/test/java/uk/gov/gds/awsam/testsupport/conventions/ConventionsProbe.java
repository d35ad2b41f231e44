package uk.gov.gds.awsam.testsupport.conventions;

import java.time.Instant;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import uk.gov.gds.awsam.events.Envelope;
import uk.gov.gds.awsam.events.EventMessages;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.RequestFailed;
import uk.gov.gds.awsam.events.RequestSubmitted;

/**
 * The smallest consumer-and-producer written the way every service of the project is (see
 * src/test/resources/application.properties for the channel conventions): it answers each
 * RequestSubmitted with a RequestFailed, and refuses requesters whose email starts with "explode".
 */
@ApplicationScoped
public class ConventionsProbe {

    static final String SOURCE = "conventions-probe";

    private final Emitter<RequestFailed> failed;

    public ConventionsProbe(@Channel("failed") Emitter<RequestFailed> failed) {
        this.failed = failed;
    }

    @Incoming("submitted")
    public CompletionStage<Void> onSubmitted(RequestSubmitted submitted) {
        if (submitted.getRequesterEmail().startsWith("explode")) {
            throw new IllegalStateException("refused on purpose for " + submitted.getRequestId());
        }
        RequestFailed answer = RequestFailed.newBuilder()
                .setEventId(Envelope.derivedEventId(submitted.getEventId(), EventType.REQUEST_FAILED))
                .setRequestId(submitted.getRequestId())
                .setOccurredAt(Instant.now())
                .setCausationId(submitted.getEventId())
                .setStage("CONVENTIONS_PROBE")
                .setReason("answer to " + submitted.getKind())
                .setRetryable(false)
                .setAttempt(1)
                .build();
        return EventMessages.send(failed, answer, SOURCE);
    }
}
