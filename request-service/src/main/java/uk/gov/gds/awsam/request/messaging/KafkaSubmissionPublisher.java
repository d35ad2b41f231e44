package uk.gov.gds.awsam.request.messaging;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

import uk.gov.gds.awsam.events.EventMessages;
import uk.gov.gds.awsam.events.RequestSubmitted;
import uk.gov.gds.awsam.request.config.RequestConfig;
import uk.gov.gds.awsam.request.domain.Submission;
import uk.gov.gds.awsam.request.domain.SubmissionPublisher;

/**
 * Publishes RequestSubmitted on the {@code request-submitted} channel (acks=all, idempotent producer),
 * completing on the broker's acknowledgement.
 */
@ApplicationScoped
public class KafkaSubmissionPublisher implements SubmissionPublisher {

    public static final String CHANNEL = "request-submitted";

    private final Emitter<RequestSubmitted> emitter;
    private final String source;

    public KafkaSubmissionPublisher(@Channel(CHANNEL) Emitter<RequestSubmitted> emitter, RequestConfig config) {
        this.emitter = emitter;
        this.source = config.source();
    }

    @Override
    public CompletionStage<Void> publish(Submission submission) {
        return EventMessages.send(emitter, SubmissionEvents.toEvent(submission), source);
    }
}
