package uk.gov.gds.awsam.request.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only once the claims are read up to where they were at start-up, and while their reader runs: without them
 * every request that claims something (an account, a closure, an Idempotency-Key, a dead letter's replay) waits for a
 * read barrier that never comes and is answered 503.
 */
@Readiness
@ApplicationScoped
public class ClaimsReadiness implements HealthCheck {

    private final ClaimsTopic claims;

    public ClaimsReadiness(ClaimsTopic claims) {
        this.claims = claims;
    }

    @Override
    public HealthCheckResponse call() {
        boolean caughtUp = claims.isCaughtUp();
        boolean alive = claims.alive();
        return HealthCheckResponse.named("request-claims")
                .status(caughtUp && alive)
                .withData("topic", ClaimsTopic.TOPIC)
                .withData("state", claims.state())
                .withData("caughtUp", caughtUp)
                .withData("readerAlive", alive)
                .withData("keysHeld", claims.held())
                .build();
    }
}
