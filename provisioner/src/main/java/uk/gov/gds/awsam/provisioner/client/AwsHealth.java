package uk.gov.gds.awsam.provisioner.client;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Ready when AWS answers with the provisioner's credentials (STS GetCallerIdentity), looked at most every
 * 30 seconds so that probes do not become API traffic. Health is served without authentication, so it says
 * neither who the caller is nor AWS's message (which names ARNs and account ids): only AWS's error code.
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
            clients.baseSts().getCallerIdentity();
            response = HealthCheckResponse.named("aws").up().build();
        } catch (AwsServiceException e) {
            response = HealthCheckResponse.named("aws").down().withData("error", e.awsErrorDetails() == null ? "HTTP " + e.statusCode()
                    : e.awsErrorDetails().errorCode() + " (HTTP " + e.statusCode() + ")").build();
        } catch (SdkException e) {
            response = HealthCheckResponse.named("aws").down().withData("error", e.getClass().getSimpleName()).build();
        }
        last = response;
        lastAt = Instant.now();
        return response;
    }
}
