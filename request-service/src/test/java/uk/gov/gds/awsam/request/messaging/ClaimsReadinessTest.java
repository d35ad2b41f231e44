package uk.gov.gds.awsam.request.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.request.domain.Claims;
import uk.gov.gds.awsam.request.domain.Projection;
import uk.gov.gds.awsam.testsupport.ReplicaReadinessAssertions;
import uk.gov.gds.awsam.testsupport.TestEvents;

/**
 * The claims' readiness against the real broker: DOWN while the claims topic does not exist, UP once its reader has
 * read it, DOWN again once the reader is closed although it had caught up, and DOWN with the reader's state in its data
 * when the reader could not start. The service's own check, at /q/health/ready, is RequestIntakeTest's and RebuildTest's.
 */
class ClaimsReadinessTest {

    private static TestEvents events;

    @BeforeAll
    static void connect() {
        events = TestEvents.connect();
    }

    @AfterAll
    static void disconnect() {
        events.close();
    }

    @Test
    void downWhileTheClaimsTopicIsMissingUpOnceItIsReadDownOnceTheReaderStops() {
        String topic = "aws-accounts.internal.claims-readiness-" + UUID.randomUUID();
        ClaimsTopic claims = claimsOn(Map.of("bootstrap.servers", events.bootstrapServers()), topic).start();
        ClaimsReadiness readiness = new ClaimsReadiness(claims);
        try {
            await().atMost(TestEvents.TIMEOUT).until(() -> String.valueOf(readiness.call().getData().orElseThrow().get("state"))
                    .contains("waiting for topics [" + topic + "]"));
            HealthCheckResponse missing = readiness.call();
            assertThat(missing.getName()).isEqualTo("request-claims");
            assertThat(missing.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
            assertThat(missing.getData().orElseThrow()).containsEntry("caughtUp", false).containsEntry("readerAlive", true);
        } catch (RuntimeException | AssertionError failed) {
            claims.close();
            throw failed;
        }
        // UP once the topic exists and is read; DOWN once the reader is closed although it had caught up
        ReplicaReadinessAssertions.upOnceCaughtUpDownOnceStopped(readiness, () -> events.companion().topics().createAndWait(topic, 1),
                claims::close);
    }

    @Test
    void downNamingWhyWhenTheReaderCouldNotStart() {
        ClaimsTopic claims = claimsOn(Map.of("bootstrap.servers", "not a broker address"), ClaimsTopic.TOPIC).start();
        ClaimsReadiness readiness = new ClaimsReadiness(claims);
        try {
            await().atMost(TestEvents.TIMEOUT).until(() -> Boolean.FALSE.equals(readiness.call().getData().orElseThrow().get("readerAlive")));
            HealthCheckResponse dead = readiness.call();
            assertThat(dead.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
            assertThat(dead.getData().orElseThrow()).containsEntry("readerAlive", false).containsEntry("caughtUp", false);
            assertThat(String.valueOf(dead.getData().orElseThrow().get("state"))).startsWith("stopped: ");
        } finally {
            claims.close();
        }
    }

    private static ClaimsTopic claimsOn(Map<String, Object> kafka, String topic) {
        return new ClaimsTopic(new Claims(Clock.systemUTC(), Duration.ofSeconds(21)), new Projection(), kafka,
                (key, value) -> CompletableFuture.completedFuture(null), topic);
    }
}
