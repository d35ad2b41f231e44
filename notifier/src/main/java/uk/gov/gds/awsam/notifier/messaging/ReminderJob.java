package uk.gov.gds.awsam.notifier.messaging;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import uk.gov.gds.awsam.notifier.client.RequestMdc;
import uk.gov.gds.awsam.notifier.domain.Dispatcher;
import uk.gov.gds.awsam.notifier.domain.Email;
import uk.gov.gds.awsam.notifier.domain.KeyCustody;
import uk.gov.gds.awsam.notifier.domain.Notifications;
import uk.gov.gds.awsam.notifier.domain.ReminderSchedule;
import uk.gov.gds.awsam.notifier.domain.SentLog;

/**
 * Reminds the engineers, on a schedule, of every account whose YubiKeys are still out of the safe after
 * root was secured. What is outstanding comes from the state feed (so it survives restarts), and each
 * reminder has its own Message-ID in the sent-log (so it is sent once, by one instance).
 */
@ApplicationScoped
public class ReminderJob {

    private static final Logger LOG = Logger.getLogger(ReminderJob.class);

    private final StateFeed feed;
    private final KeyCustody custody;
    private final ReminderSchedule schedule;
    private final Notifications notifications;
    private final Dispatcher dispatcher;
    private final SentLog sentLog;
    private final Clock clock;

    public ReminderJob(StateFeed feed, KeyCustody custody, ReminderSchedule schedule, Notifications notifications,
            Dispatcher dispatcher, SentLog sentLog, Clock clock) {
        this.feed = feed;
        this.custody = custody;
        this.schedule = schedule;
        this.notifications = notifications;
        this.dispatcher = dispatcher;
        this.sentLog = sentLog;
        this.clock = clock;
    }

    /**
     * Runs on the event loop and returns at once; the next run is skipped while this one's emails are still
     * being sent (e.g. while the SMTP server is away), so no thread waits and nothing is sent twice.
     */
    @Scheduled(identity = "yubikey-reminders", every = "${notifier.yubikey-reminder.check-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    CompletionStage<Void> remind() {
        if (!feed.isCaughtUp()) {
            return CompletableFuture.completedFuture(null);
        }
        return feed.sync().thenCompose(synced -> {
            Instant now = clock.instant();
            CompletionStage<Void> all = CompletableFuture.completedFuture(null);
            for (KeyCustody.Keys keys : custody.outstanding()) {
                OptionalInt due = schedule.latestDue(keys.securedAt(), now);
                if (due.isEmpty()) {
                    continue;
                }
                List<Email> unsent = notifications.yubikeysReminder(keys, due.getAsInt(), now).stream()
                        .filter(email -> !sentLog.contains(email.messageId())).toList();
                if (!unsent.isEmpty()) {
                    all = all.thenCompose(previous -> remind(keys, due.getAsInt(), unsent));
                }
            }
            return all;
        }).exceptionally(failure -> {
            LOG.debugf("No YubiKey reminders this time: %s", failure.toString());
            return null;
        });
    }

    private CompletionStage<Void> remind(KeyCustody.Keys keys, int reminder, List<Email> emails) {
        return dispatcher.deliver(emails).handle((sent, failure) -> {
            RequestMdc.log(keys.requestId(), () -> {
                if (failure == null) {
                    LOG.infof("YubiKey reminder %d sent for request %s", reminder, keys.requestId());
                } else {
                    LOG.errorf("YubiKey reminder %d for request %s could not be sent: %s", reminder, keys.requestId(), failure);
                }
            });
            return null;
        });
    }
}
