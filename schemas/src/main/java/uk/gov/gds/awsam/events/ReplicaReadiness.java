package uk.gov.gds.awsam.events;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * A service's readiness check of a {@link TopicReplica}, the one way: UP only while the replica is
 * {@link TopicReplica#ready() ready} (caught up, and its thread still following the topics: a replica whose thread
 * stopped keeps what it read but goes stale), with what an operator needs to see why it is DOWN in the data:
 * {@code state} (the replica's in words), {@code caughtUp} and {@code readerAlive}. The service adds its own counts.
 */
public final class ReplicaReadiness {

    private ReplicaReadiness() {
    }

    /** The check named {@code name}, its status and the replica's data set; the caller adds its own data and builds it. */
    public static HealthCheckResponseBuilder of(String name, TopicReplica<?> replica) {
        return HealthCheckResponse.named(name)
                .status(replica.ready())
                .withData("state", replica.state())
                .withData("caughtUp", replica.isCaughtUp())
                .withData("readerAlive", replica.alive());
    }
}
