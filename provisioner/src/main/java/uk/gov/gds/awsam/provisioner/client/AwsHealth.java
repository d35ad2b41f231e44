package uk.gov.gds.awsam.provisioner.client;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import software.amazon.awssdk.core.exception.SdkException;

/**
 * Ready when AWS answers with the provisioner's credentials (STS GetCallerIdentity), looked at most every
 * 30 seconds so that probes do not become API traffic.
 */
@Readiness
@ApplicationScoped
public class AwsHealth implements HealthCheck {

    private static final Duration CACHE = Duration.ofSeconds(30);

    private final AwsClients clients;
    private volatile HealthCheckResponse last;
    private volatile Instant lastAt = Instant.EPOCH;

    public AwsHealth(AwsClients clients) {
        this.clients = clients;
    }

    @Override
    public HealthCheckResponse call() {
        if (last != null && Instant.now().isBefore(lastAt.plus(CACHE))) {
            return last;
        }
        HealthCheckResponse response;
        try {
            String arn = clients.baseSts().getCallerIdentity().arn();
            response = HealthCheckResponse.named("aws").up().withData("caller", arn).build();
        } catch (SdkException e) {
            response = HealthCheckResponse.named("aws").down().withData("error", String.valueOf(e.getMessage())).build();
        }
        last = response;
        lastAt = Instant.now();
        return response;
    }
}
