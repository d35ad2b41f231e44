package uk.gov.gds.awsam.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.events.RequestFailed;

/** The in-JVM broker can be taken away and brought back at the same address, keeping what it had. */
class BrokerRestartTest {

    @Test
    void aStoppedBrokerComesBackWithItsData() {
        Infrastructure infrastructure = TestInfrastructure.get();
        assumeTrue(infrastructure.brokerControl().isPresent(), "only a broker this JVM runs can be stopped");
        Infrastructure.BrokerControl broker = infrastructure.brokerControl().orElseThrow();
        TestEvents events = KafkaTestResource.events();
        String before = SampleEvents.newRequestId();
        events.publish(SampleEvents.requestFailed(before).build());

        broker.stop();
        assertThat(broker.isRunning()).isFalse();
        broker.start();
        assertThat(broker.isRunning()).isTrue();

        String after = SampleEvents.newRequestId();
        events.publish(SampleEvents.requestFailed(after).build());
        List<RequestFailed> kept = events.await(RequestFailed.class, before, 1);
        List<RequestFailed> fresh = events.await(RequestFailed.class, after, 1);
        assertThat(kept).singleElement().extracting(RequestFailed::getRequestId).isEqualTo(before);
        assertThat(fresh).singleElement().extracting(RequestFailed::getRequestId).isEqualTo(after);
        events.assertExactly(RequestFailed.class, before, 1, Duration.ofMillis(500));
    }
}
