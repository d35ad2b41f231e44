package uk.gov.gds.awsam.notifier.messaging;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import uk.gov.gds.awsam.events.PrClosed;
import uk.gov.gds.awsam.events.PrOpened;
import uk.gov.gds.awsam.events.RequestFailed;
import uk.gov.gds.awsam.events.RequestSubmitted;
import uk.gov.gds.awsam.events.RootMfaRequested;
import uk.gov.gds.awsam.events.RootSecured;
import uk.gov.gds.awsam.events.UserCreated;
import uk.gov.gds.awsam.events.UserRemoved;
import uk.gov.gds.awsam.notifier.client.InitialPasswordOpener;
import uk.gov.gds.awsam.notifier.client.RequestMdc;
import uk.gov.gds.awsam.notifier.domain.Dispatcher;
import uk.gov.gds.awsam.notifier.domain.Email;
import uk.gov.gds.awsam.notifier.domain.InitialPassword;
import uk.gov.gds.awsam.notifier.domain.Notifications;

/**
 * One handler per event the notifier emails about. Each waits for the state feed to have read everything
 * published before (so the request and the sent-log are known), asks the domain which emails the event
 * gives, and completes when they are all sent and recorded: only then is the record acknowledged. An event
 * that cannot be handled (unknown request, a password that cannot be opened, an undecodable record, a
 * permanent SMTP refusal) fails and goes to the topic's dead-letter topic.
 *
 * <p>On TERM the events being handled get a short while to finish ({@link #DRAIN}, all at once) before the
 * channels close; one still unfinished then is neither acknowledged nor dead-lettered, so it is delivered again
 * after the restart and the sent-log keeps what was already sent from going twice.
 */
@ApplicationScoped
public class EventHandlers {

    private static final Logger LOG = Logger.getLogger(EventHandlers.class);
    /** How long the handling of events in flight may take to finish once the notifier is asked to stop. */
    static final Duration DRAIN = Duration.ofSeconds(3);

    private final StateFeed feed;
    private final Notifications notifications;
    private final Dispatcher dispatcher;
    private final InitialPasswordOpener passwords;
    private final AtomicInteger inFlight = new AtomicInteger();

    public EventHandlers(StateFeed feed, Notifications notifications, Dispatcher dispatcher, InitialPasswordOpener passwords) {
        this.feed = feed;
        this.notifications = notifications;
        this.dispatcher = dispatcher;
        this.passwords = passwords;
    }

    @Incoming("request-submitted")
    public CompletionStage<Void> onRequestSubmitted(RequestSubmitted event) {
        return event == null ? undecodable("request-submitted")
                : handle("RequestSubmitted", event.getRequestId(), event.getEventId(),
                        () -> notifications.requestSubmitted(event.getEventId(), AvroMapping.request(event)));
    }

    @Incoming("pr-opened")
    public CompletionStage<Void> onPrOpened(PrOpened event) {
        return event == null ? undecodable("pr-opened")
                : handle("PrOpened", event.getRequestId(), event.getEventId(),
                        () -> notifications.pullRequestOpened(AvroMapping.prOpened(event)));
    }

    @Incoming("pr-closed")
    public CompletionStage<Void> onPrClosed(PrClosed event) {
        return event == null ? undecodable("pr-closed")
                : handle("PrClosed", event.getRequestId(), event.getEventId(),
                        () -> notifications.pullRequestClosed(AvroMapping.prClosed(event)));
    }

    @Incoming("root-mfa-requested")
    public CompletionStage<Void> onRootMfaRequested(RootMfaRequested event) {
        return event == null ? undecodable("root-mfa-requested")
                : handle("RootMfaRequested", event.getRequestId(), event.getEventId(),
                        () -> notifications.rootMfaNeeded(AvroMapping.rootMfaRequested(event)));
    }

    @Incoming("root-secured")
    public CompletionStage<Void> onRootSecured(RootSecured event) {
        return event == null ? undecodable("root-secured")
                : handle("RootSecured", event.getRequestId(), event.getEventId(),
                        () -> notifications.accountSecured(AvroMapping.rootSecured(event)));
    }

    /** The only handler that sees a secret: the password is opened after the sync, and wiped once delivered. */
    @Incoming("user-created")
    public CompletionStage<Void> onUserCreated(UserCreated event) {
        if (event == null) {
            return undecodable("user-created");
        }
        InitialPassword[] opened = new InitialPassword[1];
        return handle("UserCreated", event.getRequestId(), event.getEventId(), () -> {
            opened[0] = event.getSealedInitialPassword() == null ? null : passwords.open(event.getSealedInitialPassword());
            return notifications.userCreated(AvroMapping.userCreated(event), opened[0]);
        }).whenComplete((done, failure) -> {
            if (opened[0] != null) {
                opened[0].wipe();
            }
        });
    }

    @Incoming("user-removed")
    public CompletionStage<Void> onUserRemoved(UserRemoved event) {
        return event == null ? undecodable("user-removed")
                : handle("UserRemoved", event.getRequestId(), event.getEventId(),
                        () -> notifications.userRemoved(AvroMapping.userRemoved(event)));
    }

    @Incoming("request-failed")
    public CompletionStage<Void> onRequestFailed(RequestFailed event) {
        return event == null ? undecodable("request-failed")
                : handle("RequestFailed", event.getRequestId(), event.getEventId(),
                        () -> notifications.requestFailed(AvroMapping.requestFailed(event)));
    }

    /** Before the state feed stops and the channels close (observers of a lower priority run first). */
    void drain(@Observes @Priority(1) ShutdownEvent stopping) {
        long deadline = System.nanoTime() + DRAIN.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        if (inFlight.get() > 0) {
            LOG.infof("Stopping with %d event(s) still being handled: they are delivered again after the restart", inFlight.get());
        }
    }

    private CompletionStage<Void> handle(String type, String requestId, String eventId, Supplier<List<Email>> plan) {
        inFlight.incrementAndGet();
        return feed.sync()
                .thenCompose(synced -> dispatcher.deliver(plan.get()))
                .whenComplete((done, failure) -> inFlight.decrementAndGet())
                .whenComplete((done, failure) -> RequestMdc.log(requestId, () -> {
                    if (failure == null) {
                        LOG.debugf("%s %s of request %s handled", type, eventId, requestId);
                    } else {
                        LOG.warnf("%s %s of request %s not handled, dead-lettered: %s", type, eventId, requestId,
                                rootCause(failure).toString());
                    }
                }));
    }

    private static CompletionStage<Void> undecodable(String channel) {
        return CompletableFuture.failedFuture(new IllegalArgumentException("undecodable record on " + channel));
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
