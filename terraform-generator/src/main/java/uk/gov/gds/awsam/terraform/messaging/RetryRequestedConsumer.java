package uk.gov.gds.awsam.terraform.messaging;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.RequestFailed;
import uk.gov.gds.awsam.events.RequestHistory;
import uk.gov.gds.awsam.events.RequestSubmitted;
import uk.gov.gds.awsam.events.RetryRequested;
import uk.gov.gds.awsam.events.TerraformGenerated;
import uk.gov.gds.awsam.terraform.domain.TerraformGenerator;

/**
 * An engineer's retry of a request that failed at GENERATE_TERRAFORM, once the cause is fixed: the
 * request's RequestSubmitted is read again from its topic and generated as on first delivery, giving the same
 * TerraformGenerated (the same event id, so it is one event downstream however often it is retried). A retry of
 * any other stage is some other service's and is acknowledged untouched.
 *
 * <p>When generation fails again, RequestFailed is published with an id derived from the retry (a new failure,
 * the same one if the retry is redelivered) and the retry goes to its dead-letter topic, as a RequestSubmitted
 * would.
 */
@ApplicationScoped
public class RetryRequestedConsumer {

    private static final Logger LOG = Logger.getLogger(RetryRequestedConsumer.class);

    private final TerraformGenerator generator;
    private final RequestHistory requests;
    private final EventPublisher publisher;
    private final Emitter<TerraformGenerated> generated;
    private final Emitter<RequestFailed> failed;

    public RetryRequestedConsumer(TerraformGenerator generator, RequestHistory requests, EventPublisher publisher,
            @Channel("generated") Emitter<TerraformGenerated> generated, @Channel("failed") Emitter<RequestFailed> failed) {
        this.generator = generator;
        this.requests = requests;
        this.publisher = publisher;
        this.generated = generated;
        this.failed = failed;
    }

    @Incoming("retries")
    public Uni<Void> onRetryRequested(RetryRequested retry) {
        if (!TerraformGenerator.STAGE.equals(retry.getStage())) {
            return Uni.createFrom().voidItem();
        }
        String requestId = retry.getRequestId();
        return Uni.createFrom().item(() -> requests.latest(EventType.REQUEST_SUBMITTED, requestId, RequestSubmitted.class))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(found -> {
                    MDC.put("requestId", requestId);
                    try {
                        RequestSubmitted submitted = found.orElse(null);
                        if (submitted == null) {
                            LOG.warnf("Retry %s of request %s: no RequestSubmitted on its topic", retry.getEventId(), requestId);
                            return Uni.createFrom().failure(new IllegalStateException("no RequestSubmitted of request " + requestId
                                    + " on its topic: nothing to generate"));
                        }
                        TerraformGenerated event;
                        try {
                            event = GeneratorEvents.generate(generator, submitted, Instant.now());
                        } catch (RuntimeException unusable) {
                            RequestFailed failure = GeneratorEvents.failed(TerraformGenerator.failureOfRetry(GeneratorEvents.submitted(submitted),
                                    unusable, Instant.now(), retry.getEventId()));
                            LOG.warnf("Retry %s by %s: request %s still cannot be turned into Terraform: %s", retry.getEventId(),
                                    retry.getEngineer(), requestId, failure.getReason());
                            return publisher.publish(failed, failure).onItem().failWith(() -> unusable);
                        }
                        LOG.infof("Retry %s by %s: Terraform generated again for request %s", retry.getEventId(), retry.getEngineer(),
                                requestId);
                        return publisher.publish(generated, event);
                    } finally {
                        MDC.remove("requestId");
                    }
                });
    }
}
