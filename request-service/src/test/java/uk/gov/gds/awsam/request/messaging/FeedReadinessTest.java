package uk.gov.gds.awsam.request.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.request.domain.Projection;
import uk.gov.gds.awsam.testsupport.KafkaTestResource;
import uk.gov.gds.awsam.testsupport.ReplicaReadinessAssertions;
import uk.gov.gds.awsam.testsupport.TestEvents;

/**
 * The view's readiness against the real broker: DOWN before its reader starts, UP once the lifecycle topics are read,
 * and DOWN again once the reader has stopped although the view stays caught up (it keeps what it read but sees nothing
 * new). The service's own check, at /q/health/ready, is RequestIntakeTest's and RebuildTest's.
 */
class FeedReadinessTest {

    @Test
    void downBeforeItsReaderStartsUpOnceTheViewIsCaughtUpDownOnceTheReaderStopsAlthoughTheViewStaysCaughtUp() {
        TestEvents events = KafkaTestResource.events();
        Projection view = new Projection();
        LifecycleFeed feed = new LifecycleFeed(view, Map.of("bootstrap.servers", events.bootstrapServers()),
                TestEvents.serdeConfig(events.registryUrl()), Duration.ofMillis(200));
        FeedReadiness readiness = new FeedReadiness(feed);
        HealthCheckResponse before = readiness.call();
        assertThat(before.getName()).isEqualTo("request-view");
        assertThat(before.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(before.getData().orElseThrow()).containsEntry("state", "not started").containsEntry("caughtUp", false)
                .containsEntry("readerAlive", false);

        ReplicaReadinessAssertions.upOnceCaughtUpDownOnceStopped(readiness, feed::start, feed::stop);

        assertThat(view.isCaughtUp()).as("the view itself still says it is caught up").isTrue();
    }
}
