package uk.gov.gds.awsam.terraform.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import uk.gov.gds.awsam.events.EventMessages;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.terraform.config.TerraformConfig;

/**
 * Publishes an event through {@link EventMessages#send} and completes when the broker has acknowledged
 * it. When the broker or the schema registry refuses it (beyond the producer's own retries), it tries
 * again with a growing back-off before giving up, so that a short outage does not send a good request
 * to the dead-letter topic. The event is the same each time, so a repeat is recognised downstream.
 */
@ApplicationScoped
public class EventPublisher {

    /** The ce_source of every event this service publishes. */
    public static final String SOURCE = "terraform-generator";

    private static final Logger LOG = Logger.getLogger(EventPublisher.class);

    private final TerraformConfig.PublishRetry retry;

    @Inject
    public EventPublisher(TerraformConfig config) {
        this(config.publishRetry());
    }

    EventPublisher(TerraformConfig.PublishRetry retry) {
        if (retry.maxAttempts() < 1) {
            throw new IllegalArgumentException("terraform.publish-retry.max-attempts must be at least 1");
        }
        this.retry = retry;
    }

    public <T extends SpecificRecord> Uni<Void> publish(Emitter<T> emitter, T event) {
        Uni<Void> sent = Uni.createFrom().completionStage(() -> EventMessages.send(emitter, event, SOURCE))
                .onFailure().invoke(refused -> LOG.warnf("%s for request %s was not acknowledged: %s",
                        EventType.of(event).name(), EventType.keyOf(event), refused.toString()));
        if (retry.maxAttempts() == 1) {
            return sent;
        }
        return sent.onFailure().retry()
                .withBackOff(retry.initialBackoff(), retry.maxBackoff())
                .atMost(retry.maxAttempts() - 1L);
    }
}
