package uk.gov.gds.awsam.provisioner.messaging;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import uk.gov.gds.awsam.logging.RequestMdc;
import uk.gov.gds.awsam.provisioner.config.ProvisionerConfig;

/**
 * Takes queued closures up again. A closure that must wait long for the quota is put down (its RequestWaiting
 * published, its PrMerged acknowledged: nothing holds a record for days), and so is one AWS takes longer than
 * {@code closure-follow.hold} to finish (its AccountClosing published); every {@code check-every} this job asks the
 * provisioner's own events ({@link PublishedEvents}, read back at start, so a restart loses nothing) which queued
 * closures are due and which accepted closures have no AccountClosed yet, and resumes each from its PrMerged through
 * {@link Handling#resumeQueuedClosure}, on the request's queue (a followed one: one DescribeAccount, AccountClosed
 * once SUSPENDED). A request already being handled (a redelivered PrMerged, the last resumption, a closure still
 * followed in place) is left for the next look.
 */
@ApplicationScoped
public class ClosureQueueJob {

    private static final Logger LOG = Logger.getLogger(ClosureQueueJob.class);

    private final PublishedEvents published;
    private final Handling handling;
    private final Duration checkEvery;
    private final Clock clock = Clock.systemUTC();
    private final Set<String> resuming = ConcurrentHashMap.newKeySet();

    public ClosureQueueJob(PublishedEvents published, Handling handling, ProvisionerConfig config) {
        this.published = published;
        this.handling = handling;
        this.checkEvery = config.accounts().closureQueue().checkEvery();
    }

    /**
     * A scheduled job as every one of the provisioner's (see its README): void, so on a worker thread; it only starts
     * the resumptions (each runs in passes on the provisioner's workers) and returns, so its one skip is
     * {@code resuming}: a request whose resumption is still running is skipped until it ends.
     */
    @Scheduled(identity = "closure-queue", every = "${provisioner.accounts.closure-queue.check-every}")
    void resumeDue() {
        if (!published.caughtUp()) {
            return;
        }
        for (QueuedClosures.Queued queued : published.closuresDue(clock.instant(), checkEvery)) {
            String requestId = queued.requestId();
            if (handling.handling(requestId) || !resuming.add(requestId)) {
                continue;
            }
            RequestMdc.log(requestId, () -> {
                if (queued.following()) {
                    LOG.infof("Looking again at the closure of request %s, accepted by AWS at %s and not seen SUSPENDED yet", requestId,
                            queued.announcedAt());
                } else {
                    LOG.infof("Resuming the queued closure of request %s (queued by %s, until %s)", requestId, queued.causeId(),
                            queued.until() == null ? "not known" : queued.until());
                }
            });
            handling.resumeQueuedClosure(requestId, queued.causeId()).whenComplete((done, failure) -> resuming.remove(requestId));
        }
    }
}
