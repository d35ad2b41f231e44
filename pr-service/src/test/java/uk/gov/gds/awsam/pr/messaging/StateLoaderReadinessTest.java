package uk.gov.gds.awsam.pr.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.events.InternalTopic;
import uk.gov.gds.awsam.pr.domain.ProcessedDeliveries;
import uk.gov.gds.awsam.pr.domain.RequestLedger;
import uk.gov.gds.awsam.pr.rest.ReadinessChecks;
import uk.gov.gds.awsam.testsupport.KafkaTestResource;
import uk.gov.gds.awsam.testsupport.ReplicaReadinessAssertions;
import uk.gov.gds.awsam.testsupport.TestEvents;

/**
 * The state's readiness against the real broker: DOWN before the loader starts, UP once it has rebuilt the ledger, and
 * DOWN again once it has stopped although the ledger stays loaded (it keeps what it read but sees nothing new).
 */
class StateLoaderReadinessTest {

    @Test
    void downBeforeTheLoaderStartsUpOnceTheStateIsRebuiltDownOnceTheLoaderStopsAlthoughTheLedgerStaysLoaded() {
        TestEvents events = KafkaTestResource.events();
        RequestLedger ledger = new RequestLedger();
        AtomicInteger loaded = new AtomicInteger();
        StateLoader loader = new StateLoader(ledger, new ProcessedDeliveries(), loaded::incrementAndGet,
                Map.of("bootstrap.servers", events.bootstrapServers()), events.registryUrl(), InternalTopic.PR_SERVICE_WEBHOOK_DELIVERIES.topic());
        ReadinessChecks.State readiness = new ReadinessChecks.State(ledger, loader);
        assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);

        ReplicaReadinessAssertions.upOnceCaughtUpDownOnceStopped(readiness, loader::start, loader::stop);

        assertThat(ledger.loaded()).as("the ledger itself still says it is loaded").isTrue();
        assertThat(loaded).as("the reconciler's pass, once").hasValue(1);
    }
}
