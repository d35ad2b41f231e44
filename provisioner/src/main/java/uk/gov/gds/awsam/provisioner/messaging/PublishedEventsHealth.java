package uk.gov.gds.awsam.provisioner.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the events published before this start have been read back (handlers wait for it), and while the
 * read-back still follows the topics; {@code caughtUp}, {@code readerAlive} and {@code state} say why it is not.
 */
@Readiness
@ApplicationScoped
public class PublishedEventsHealth implements HealthCheck {

    private final PublishedEvents published;

    public PublishedEventsHealth(PublishedEvents published) {
        this.published = published;
    }

    @Override
    public HealthCheckResponse call() {
        return published.readiness("published-events-read-back")
                .withData("events", published.size())
                .build();
    }
}
