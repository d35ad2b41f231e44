package uk.gov.gds.awsam.terraform.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the schema registry answers: without it no event can be decoded or published. (The
 * broker's readiness comes from the messaging extension.)
 */
@Readiness
@ApplicationScoped
public class SchemaRegistryReadiness implements HealthCheck {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final URI systemInfo;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    public SchemaRegistryReadiness(
            @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url") String registryUrl) {
        this.systemInfo = URI.create(registryUrl.replaceAll("/+$", "") + "/system/info");
    }

    @Override
    public HealthCheckResponse call() {
        String name = "schema registry";
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(systemInfo).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return HealthCheckResponse.named(name).status(response.statusCode() == 200)
                    .withData("url", systemInfo.toString()).withData("status", response.statusCode()).build();
        } catch (java.io.IOException unreachable) {
            return HealthCheckResponse.named(name).down().withData("url", systemInfo.toString())
                    .withData("error", unreachable.toString()).build();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return HealthCheckResponse.named(name).down().withData("url", systemInfo.toString()).build();
        }
    }
}
