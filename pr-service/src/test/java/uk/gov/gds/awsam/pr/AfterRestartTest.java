package uk.gov.gds.awsam.pr;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import uk.gov.gds.awsam.events.PrMerged;
import uk.gov.gds.awsam.testsupport.InjectTestEvents;
import uk.gov.gds.awsam.testsupport.KafkaTestResource;
import uk.gov.gds.awsam.testsupport.TestEvents;
import uk.gov.gds.awsam.testsupport.github.GitHubSandbox;
import uk.gov.gds.awsam.testsupport.github.InjectGitHubSandbox;
import uk.gov.gds.awsam.testsupport.github.WebhookDelivery;

/**
 * pr-service starting over history it did not see live (see {@link HistoryBeforeStart}): it rebuilds what
 * it knows from the topics, the reconciler publishes at start the merge whose webhook was lost, and a
 * delivery processed before the restart is dropped when GitHub sends it again.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(HistoryBeforeStart.class)
class AfterRestartTest extends AgainstGitHubSandbox {

    @Test
    void theMergeMissedWhileDownIsPublishedAtStart() {
        PrMerged merged = events.awaitOne(PrMerged.class, HistoryBeforeStart.MISSED);

        assertThat(merged.getMergedBy()).isEqualTo("reviewer-while-down");
        assertThat(merged.getSubjects()).containsExactly("merged-while-down");
        assertThat(merged.getFiles()).singleElement().satisfies(f -> assertThat(f.getContent()).contains("merged-while-down"));
        events.assertExactly(PrMerged.class, HistoryBeforeStart.MISSED, 1, Duration.ofSeconds(1));
    }

    @Test
    void aDeliveryProcessedBeforeTheRestartIsDropped() {

        WebhookDelivery replay = github.redeliver(HistoryBeforeStart.doneDeliveryId);

        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.response()).contains("already processed");
        events.assertExactly(PrMerged.class, HistoryBeforeStart.DONE, 1, Duration.ofSeconds(2));
    }
}
