package uk.gov.gds.awsam.notifier.messaging;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import uk.gov.gds.awsam.logging.RequestMdc;
import uk.gov.gds.awsam.notifier.domain.Dispatcher;
import uk.gov.gds.awsam.notifier.domain.Notifications;

/**
 * Reminds the engineers, on a schedule, of every account whose YubiKeys are still out of the safe after
 * root was secured. Which reminders are due is the domain's ({@link Notifications#remindersDue}): what is
 * outstanding comes from the state feed (so it survives restarts), and each reminder has its own Message-ID in the
 * sent-log (so it is sent once, by one instance). This job only asks, and sends.
 */
@ApplicationScoped
public class ReminderJob {

    private static final Logger LOG = Logger.getLogger(ReminderJob.class);

    private final StateFeed feed;
    private final Notifications notifications;
    private final Dispatcher dispatcher;
    private final Clock clock;
    private final AtomicBoolean reminding = new AtomicBoolean();

    public ReminderJob(StateFeed feed, Notifications notifications, Dispatcher dispatcher, Clock clock) {
        this.feed = feed;
        this.notifications = notifications;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    /**
     * Runs on a worker thread (a void method): the first run makes this bean, the dispatcher and what they use, which
     * must not happen on an event loop. It only starts the reminders' sends and returns; while a run's emails are
     * still being sent (e.g. while the SMTP server is away) the next run is skipped, so no thread waits and nothing is
     * sent twice.
     */
    @Scheduled(identity = "yubikey-reminders", every = "${notifier.yubikey-reminder.check-every}")
    void remind() {
        if (!feed.isCaughtUp() || !reminding.compareAndSet(false, true)) {
            return;
        }
        CompletionStage<Void> all = CompletableFuture.completedFuture(null);
        try {
            all = feed.sync().thenCompose(synced -> {
                CompletionStage<Void> sends = CompletableFuture.completedFuture(null);
                for (Notifications.Reminder reminder : notifications.remindersDue(clock.instant())) {
                    sends = sends.thenCompose(previous -> send(reminder));
                }
                return sends;
            }).exceptionally(failure -> {
                LOG.debugf("No YubiKey reminders this time: %s", failure.toString());
                return null;
            });
        } finally {
            all.whenComplete((done, failure) -> reminding.set(false));
        }
    }

    private CompletionStage<Void> send(Notifications.Reminder reminder) {
        return dispatcher.deliver(reminder.emails()).handle((sent, failure) -> {
            RequestMdc.log(reminder.requestId(), () -> {
                if (failure == null) {
                    LOG.infof("YubiKey reminder %d sent for request %s", reminder.number(), reminder.requestId());
                } else {
                    LOG.errorf("YubiKey reminder %d for request %s could not be sent: %s", reminder.number(), reminder.requestId(),
                            failure);
                }
            });
            return null;
        });
    }
}
