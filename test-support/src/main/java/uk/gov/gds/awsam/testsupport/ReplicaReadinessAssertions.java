package uk.gov.gds.awsam.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * The one test of a service's readiness check of a state reader ({@code schemas}' {@code ReplicaHealth.readiness}, over a
 * {@code TopicReplica}): UP once the reader has caught up, and DOWN again once it has stopped although it had caught
 * up (it keeps what it read but no longer sees anything new), its data saying why.
 */
public final class ReplicaReadinessAssertions {

    private ReplicaReadinessAssertions() {
    }

    /**
     * Starts the reader, waits until the check is UP (state {@code caught up}, {@code caughtUp} and {@code readerAlive}
     * true), stops the reader (also when starting it failed), and asserts the check DOWN with {@code caughtUp} still true, {@code readerAlive} false and state {@code closed}.
     */
    public static void upOnceCaughtUpDownOnceStopped(HealthCheck check, Runnable start, Runnable stop) {
        try {
            start.run();
            await().atMost(TestEvents.TIMEOUT).until(() -> check.call().getStatus() == HealthCheckResponse.Status.UP);
            assertThat(check.call().getData().orElseThrow()).containsEntry("state", "caught up").containsEntry("caughtUp", true)
                    .containsEntry("readerAlive", true);
        } finally {
            stop.run();
        }
        HealthCheckResponse stopped = check.call();
        assertThat(stopped.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(stopped.getData().orElseThrow()).containsEntry("caughtUp", true).containsEntry("readerAlive", false)
                .containsEntry("state", "closed");
    }
}
