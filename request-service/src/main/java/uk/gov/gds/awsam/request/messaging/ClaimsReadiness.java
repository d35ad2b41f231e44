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
        return claims.readiness("request-claims")
                .withData("topic", ClaimsTopic.TOPIC)
                .withData("keysHeld", claims.held())
                .build();
    }
}
