package uk.gov.gds.awsam.request.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import uk.gov.gds.awsam.request.domain.Projection;

/** Ready only once the view holds every event published before start-up (DESIGN.md §4). */
@Readiness
@ApplicationScoped
public class FeedReadiness implements HealthCheck {

    private final Projection projection;
    private final LifecycleFeed feed;

    public FeedReadiness(Projection projection, LifecycleFeed feed) {
        this.projection = projection;
        this.feed = feed;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("request-view")
                .status(projection.isCaughtUp())
                .withData("state", feed.state())
                .withData("eventsApplied", feed.applied())
                .withData("undecodableRecords", feed.undecodable())
                .withData("rebuildMillis", feed.caughtUpMillis())
                .build();
    }
}
