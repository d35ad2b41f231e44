package uk.gov.gds.awsam.terraform.messaging;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import uk.gov.gds.awsam.events.RequestFailed;
import uk.gov.gds.awsam.events.RequestSubmitted;
import uk.gov.gds.awsam.events.TerraformGenerated;
import uk.gov.gds.awsam.terraform.domain.TerraformGenerator;

/**
 * RequestSubmitted in, TerraformGenerated out. The returned Uni completes only once the broker has
 * acknowledged what was published, so the offset is committed after the work (at-least-once); a
 * redelivered request gives the same event again.
 *
 * <p>A request the generator cannot handle (a NEW_ACCOUNT without its account, an email that cannot name
 * an IAM user, ...) would fail the same way on every delivery: it is answered with a RequestFailed (stage
 * GENERATE_TERRAFORM, not retryable), so the request reaches a terminal stage, and then
 * the record goes to the dead-letter topic with the reason, for an engineer to replay once the cause is
 * fixed. The consumer goes on with the next record.
 */
@ApplicationScoped
public class RequestSubmittedConsumer {

    private static final Logger LOG = Logger.getLogger(RequestSubmittedConsumer.class);
    private static final String MDC_REQUEST_ID = "requestId";

    private final TerraformGenerator generator;
    private final EventPublisher publisher;
    private final Emitter<TerraformGenerated> generated;
    private final Emitter<RequestFailed> failed;
    private final MeterRegistry metrics;

    public RequestSubmittedConsumer(TerraformGenerator generator, EventPublisher publisher,
            @Channel("generated") Emitter<TerraformGenerated> generated, @Channel("failed") Emitter<RequestFailed> failed,
            MeterRegistry metrics) {
        this.generator = generator;
        this.publisher = publisher;
        this.generated = generated;
        this.failed = failed;
        this.metrics = metrics;
    }

    @Incoming("requests")
    public Uni<Void> onRequestSubmitted(RequestSubmitted submitted) {
        String requestId = submitted.getRequestId();
        MDC.put(MDC_REQUEST_ID, requestId);
        try {
            TerraformGenerated event;
            try {
                event = GeneratorEvents.generate(generator, submitted, Instant.now());
            } catch (RuntimeException unusable) {
                return refuse(submitted, unusable);
            }
            return publisher.publish(generated, event).invoke(() -> {
                metrics.counter("terraform.generated", "kind", event.getKind().name()).increment();
                LOG.infof("Generated %d file change(s) on branch %s of %s for request %s", event.getChanges().size(),
                        event.getBranch(), event.getRepository(), requestId);
            });
        } finally {
            MDC.remove(MDC_REQUEST_ID);
        }
    }

    private Uni<Void> refuse(RequestSubmitted submitted, RuntimeException unusable) {
        RequestFailed failure = GeneratorEvents.failed(TerraformGenerator.failure(GeneratorEvents.submitted(submitted), unusable,
                Instant.now()));
        LOG.warnf("Request %s cannot be turned into Terraform: %s", submitted.getRequestId(), failure.getReason());
        metrics.counter("terraform.rejected", "kind", String.valueOf(submitted.getKind())).increment();
        return publisher.publish(failed, failure).onItem().failWith(() -> unusable);
    }
}
