package uk.gov.gds.awsam.notifier.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import uk.gov.gds.awsam.notifier.domain.KeyCustody;
import uk.gov.gds.awsam.notifier.domain.RequestDirectory;
import uk.gov.gds.awsam.notifier.domain.SentLog;

/**
 * Readiness: DOWN until the request directory, the sent-log and the YubiKeys' custody are rebuilt from the topics, and
 * DOWN again if the feed's reader stops (the state would go stale and every handler wait on the feed for ever);
 * {@code caughtUp}, {@code readerAlive} and {@code state} say why.
 */
@Readiness
@ApplicationScoped
public class StateFeedReadinessCheck implements HealthCheck {

    private final StateFeed feed;
    private final RequestDirectory directory;
    private final SentLog sentLog;
    private final KeyCustody custody;

    public StateFeedReadinessCheck(StateFeed feed, RequestDirectory directory, SentLog sentLog, KeyCustody custody) {
        this.feed = feed;
        this.directory = directory;
        this.sentLog = sentLog;
        this.custody = custody;
    }

    @Override
    public HealthCheckResponse call() {
        return feed.readiness("state-feed")
                .withData("recordsRead", feed.recordsRead())
                .withData("recordsSkipped", feed.recordsSkipped())
                .withData("requestsKnown", directory.size())
                .withData("emailsInSentLog", sentLog.size())
                .withData("accountsWithYubikeysOut", custody.outstanding().size())
                .build();
    }
}
