package uk.gov.gds.awsam.request.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness of the service's state readers ({@link uk.gov.gds.awsam.events.ReplicaHealth}): each DOWN once its reader's
 * thread has stopped, which only a restart mends (the reader is rebuilt from the topics). Readiness says more.
 */
@ApplicationScoped
public class ReadersLiveness {

    @Produces
    @Liveness
    HealthCheck view(LifecycleFeed feed) {
        return () -> feed.liveness("request-view-reader");
    }

    @Produces
    @Liveness
    HealthCheck claims(ClaimsTopic claims) {
        return () -> claims.liveness("request-claims-reader");
    }

    @Produces
    @Liveness
    HealthCheck deadLetters(DeadLetterFeed deadLetters) {
        return () -> deadLetters.liveness("dead-letters-reader");
    }
}
