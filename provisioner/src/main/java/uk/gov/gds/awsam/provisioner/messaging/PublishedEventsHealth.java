package uk.gov.gds.awsam.provisioner.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the events published before this start have been read back (handlers wait for it). */
@Readiness
@ApplicationScoped
public class PublishedEventsHealth implements HealthCheck {

    private final PublishedEvents published;

    public PublishedEventsHealth(PublishedEvents published) {
        this.published = published;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("published-events-read-back")
                .status(published.caughtUp())
                .withData("events", published.size())
                .build();
    }
}
