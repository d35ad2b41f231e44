package uk.gov.gds.awsam.request.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only once the view holds every event published before start-up (DESIGN.md §4), and while its reader still
 * follows the topics: a view whose reader stopped keeps what it read but goes stale. {@code caughtUp},
 * {@code readerAlive} and {@code state} in the data say which of the two is missing ({@link uk.gov.gds.awsam.events.ReplicaHealth}).
 */
@Readiness
@ApplicationScoped
public class FeedReadiness implements HealthCheck {

    private final LifecycleFeed feed;

    public FeedReadiness(LifecycleFeed feed) {
        this.feed = feed;
    }

    @Override
    public HealthCheckResponse call() {
        return feed.readiness("request-view")
                .withData("eventsApplied", feed.applied())
                .withData("undecodableRecords", feed.undecodable())
                .withData("rebuildMillis", feed.caughtUpMillis())
                .build();
    }
}
