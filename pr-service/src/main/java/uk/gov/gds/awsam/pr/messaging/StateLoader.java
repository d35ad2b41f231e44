package uk.gov.gds.awsam.pr.messaging;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import uk.gov.gds.awsam.events.AvroDecoder;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.PrClosed;
import uk.gov.gds.awsam.events.PrMerged;
import uk.gov.gds.awsam.events.PrOpened;
import uk.gov.gds.awsam.events.ReplicaHealth;
import uk.gov.gds.awsam.events.StateReaders;
import uk.gov.gds.awsam.events.TerraformGenerated;
import uk.gov.gds.awsam.events.TopicReplica;
import uk.gov.gds.awsam.pr.domain.ProcessedDeliveries;
import uk.gov.gds.awsam.pr.domain.RequestLedger;
import uk.gov.gds.awsam.pr.domain.TrackedRequest.Conclusion;
import uk.gov.gds.awsam.pr.domain.TrackedRequest.RecordLocation;

/**
 * Rebuilds, at start, what pr-service knows from the topics (Kafka is the system of record): every
 * TerraformGenerated, PrOpened, PrMerged and PrClosed into the {@link RequestLedger}, every processed webhook
 * delivery id from the compacted internal topic into {@link ProcessedDeliveries}. A {@link TopicReplica}: once
 * it has reached the end offsets it saw at start the ledger is loaded (the service becomes ready and the
 * reconciler runs), and it keeps following the topics, so what another instance publishes is known here too.
 */
@ApplicationScoped
public class StateLoader {

    private static final Logger LOG = Logger.getLogger(StateLoader.class);

    private final RequestLedger ledger;
    private final ProcessedDeliveries deliveries;
    private final String deliveriesTopic;
    private final TopicReplica<Object> replica;

    @Inject
    public StateLoader(RequestLedger ledger, ProcessedDeliveries deliveries, ReconcileSchedule reconcile,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaClient,
            @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url") String registryUrl,
            @ConfigProperty(name = "aws-accounts.topic.internal.pr-service-webhook-deliveries") String deliveriesTopic) {
        this(ledger, deliveries, reconcile::runSoon, kafkaClient, registryUrl, deliveriesTopic);
    }

    /** @param onLoaded runs once the state is rebuilt (the service: a reconciler pass) */
    StateLoader(RequestLedger ledger, ProcessedDeliveries deliveries, Runnable onLoaded, Map<String, Object> kafkaClient, String registryUrl,
            String deliveriesTopic) {
        this.ledger = ledger;
        this.deliveries = deliveries;
        this.deliveriesTopic = deliveriesTopic;
        this.replica = TopicReplica.<Object>builder("pr-service-state-loader", StateReaders.consumerConfig(kafkaClient, "pr-service-state-loader"),
                List.of(EventType.TERRAFORM_GENERATED.topic(), EventType.PR_OPENED.topic(), EventType.PR_MERGED.topic(),
                        EventType.PR_CLOSED.topic(), deliveriesTopic),
                AvroDecoder.forRegistry(registryUrl), this::apply)
                .undecoded(deliveriesTopic)
                .onCaughtUp(() -> {
                    ledger.markLoaded();
                    LOG.infof("state rebuilt: %d requests, %d processed webhook deliveries", ledger.size(), deliveries.size());
                    onLoaded.run();
                })
                .build();
    }

    void onStart(@Observes StartupEvent started) {
        start();
    }

    void onStop(@Observes ShutdownEvent stopping) {
        stop();
    }

    void start() {
        replica.start();
    }

    void stop() {
        replica.close();
    }

    /** The readiness check of the loader, named {@code name} ({@link ReplicaHealth}); the check adds its own data. */
    public HealthCheckResponseBuilder readiness(String name) {
        return ReplicaHealth.readiness(name, replica);
    }

    /** The liveness check of the loader, named {@code name}: DOWN once its thread has stopped ({@link ReplicaHealth}). */
    public HealthCheckResponse liveness(String name) {
        return ReplicaHealth.liveness(name, replica);
    }

    private void apply(TopicReplica.Entry<Object> record) {
        if (record.topic().equals(deliveriesTopic)) {
            if (record.key() != null && record.value() != null) {
                deliveries.add(record.key());
            }
        } else if (record.value() instanceof TerraformGenerated g) {
            ledger.generated(TerraformGeneratedConsumer.toChange(g), new RecordLocation(record.partition(), record.offset()));
        } else if (record.value() instanceof PrOpened o) {
            ledger.opened(o.getRequestId(), o.getNumber(), o.getEventId());
        } else if (record.value() instanceof PrMerged m) {
            ledger.concluded(m.getRequestId(), Conclusion.MERGED);
        } else if (record.value() instanceof PrClosed c) {
            ledger.concluded(c.getRequestId(), Conclusion.CLOSED);
        }
    }
}
