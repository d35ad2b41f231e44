package uk.gov.gds.awsam.pr;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.gov.gds.awsam.pr.Requests.BILLING;

import java.net.URL;
import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import uk.gov.gds.awsam.events.PrMerged;
import uk.gov.gds.awsam.events.PrOpened;
import uk.gov.gds.awsam.pr.messaging.ReconcileSchedule;
import uk.gov.gds.awsam.testsupport.Infrastructure;
import uk.gov.gds.awsam.testsupport.InjectTestEvents;
import uk.gov.gds.awsam.testsupport.KafkaTestResource;
import uk.gov.gds.awsam.testsupport.SampleEvents;
import uk.gov.gds.awsam.testsupport.TestEvents;
import uk.gov.gds.awsam.testsupport.TestInfrastructure;
import uk.gov.gds.awsam.testsupport.github.GitHubSandbox;
import uk.gov.gds.awsam.testsupport.github.GitHubSandboxTestResource;
import uk.gov.gds.awsam.testsupport.github.InjectGitHubSandbox;
import uk.gov.gds.awsam.testsupport.github.WebhookDelivery;

/**
 * The broker is down when GitHub delivers a merge: the delivery is answered 503 within GitHub's 10 seconds
 * (not left hanging), nothing is remembered, and once the broker is back the reconciler publishes the merge.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(GitHubSandboxTestResource.class)
class BrokerOutageTest extends AgainstGitHubSandbox {

    @jakarta.inject.Inject
    ReconcileSchedule reconciler;

    @jakarta.inject.Inject
    uk.gov.gds.awsam.pr.domain.RequestLedger ledger;

    @Test
    void aMergeDeliveredWhileTheBrokerIsDownIsAnsweredInTimeAndPublishedLater() {
        Infrastructure.BrokerControl broker = TestInfrastructure.get().brokerControl().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(broker != null, "needs the in-JVM broker, which can be stopped");
        String requestId = SampleEvents.newRequestId();
        events.publish(Requests.newAccount(requestId, "merged-during-outage"));
        PrOpened opened = events.awaitOne(PrOpened.class, requestId);

        WebhookDelivery delivery;
        long took;
        broker.stop();
        try {
            long start = System.nanoTime();
            delivery = github.merge(BILLING, opened.getNumber(), "reviewer");
            took = (System.nanoTime() - start) / 1_000_000;
        } finally {
            broker.start();
        }

        assertThat(delivery.status()).isEqualTo(503);
        assertThat(took).isLessThan(10_000);
        // The reconciler runs until it has concluded the request (the producer may need a moment to reconnect).
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            reconciler.run();
            return ledger.get(requestId).map(r -> r.concluded()).orElse(false);
        });
        List<PrMerged> merged = events.await(PrMerged.class, requestId, 1);
        assertThat(merged).extracting(PrMerged::getMergedBy).containsOnly("reviewer");
        assertThat(merged).extracting(PrMerged::getEventId).containsOnly(merged.get(0).getEventId());
    }
}
