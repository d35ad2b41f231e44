package uk.gov.gds.awsam.events;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * A service's health checks of a {@link TopicReplica}, the one way.
 * <ul>
 * <li><b>Readiness</b>: UP only while the replica is {@link TopicReplica#ready() ready} (caught up, and its thread
 * still following the topics: a replica whose thread stopped keeps what it read but goes stale), with what an
 * operator needs to see why it is DOWN in the data: {@code state} (the replica's in words), {@code caughtUp} and
 * {@code readerAlive}. The service adds its own counts.
 * <li><b>Liveness</b>: DOWN once the replica has {@link TopicReplica#stopped() stopped} (started, not closed, its thread
 * ended): it will not mend itself, and a restart rebuilds it from the topics. Reading, catching up, a broker away and
 * a closed replica (the service stopping) are all alive.
 * </ul>
 */
public final class ReplicaHealth {

    private ReplicaHealth() {
    }

    /** The readiness check named {@code name}, its status and the replica's data set; the caller adds its own data and builds it. */
    public static HealthCheckResponseBuilder readiness(String name, TopicReplica<?> replica) {
        return HealthCheckResponse.named(name)
                .status(replica.ready())
                .withData("state", replica.state())
                .withData("caughtUp", replica.isCaughtUp())
                .withData("readerAlive", replica.alive());
    }

    /** The liveness check named {@code name}. */
    public static HealthCheckResponse liveness(String name, TopicReplica<?> replica) {
        return HealthCheckResponse.named(name)
                .status(!replica.stopped())
                .withData("state", replica.state())
                .build();
    }
}
