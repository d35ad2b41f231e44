package uk.gov.gds.awsam.notifier.messaging;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import uk.gov.gds.awsam.events.AccountClosed;
import uk.gov.gds.awsam.events.AccountClosing;
import uk.gov.gds.awsam.events.BootstrapRoleChecked;
import uk.gov.gds.awsam.events.Envelope;
import uk.gov.gds.awsam.events.PrClosed;
import uk.gov.gds.awsam.events.PrOpened;
import uk.gov.gds.awsam.events.RequestFailed;
import uk.gov.gds.awsam.events.RequestSubmitted;
import uk.gov.gds.awsam.events.RequestWaiting;
import uk.gov.gds.awsam.events.RootMfaRemoved;
import uk.gov.gds.awsam.events.RootMfaRequested;
import uk.gov.gds.awsam.events.RootSecured;
import uk.gov.gds.awsam.events.UserCreated;
import uk.gov.gds.awsam.events.UserRemoved;
import uk.gov.gds.awsam.logging.RequestMdc;
import uk.gov.gds.awsam.notifier.domain.Dispatcher;
import uk.gov.gds.awsam.notifier.domain.Facts;
import uk.gov.gds.awsam.notifier.domain.Notifications;

/**
 * One handler per event the notifier emails about, all on one path ({@link #handle}): decode the event into its facts,
 * wait for the state feed to have read everything published before (so the request and the sent-log are known), ask
 * the domain for its emails ({@link Notifications#emailsFor}), have the dispatcher send and record them, and only then
 * acknowledge the record. An event that cannot be handled (unknown request, a password that cannot be opened, an
 * undecodable record, a permanent SMTP refusal) fails and goes to the topic's dead-letter topic.
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
    private final AtomicInteger inFlight = new AtomicInteger();

    public EventHandlers(StateFeed feed, Notifications notifications, Dispatcher dispatcher) {
        this.feed = feed;
        this.notifications = notifications;
        this.dispatcher = dispatcher;
    }

    @Incoming("request-submitted")
    public CompletionStage<Void> onRequestSubmitted(RequestSubmitted event) {
        return handle("request-submitted", event, AvroMapping::submitted);
    }

    @Incoming("pr-opened")
    public CompletionStage<Void> onPrOpened(PrOpened event) {
        return handle("pr-opened", event, AvroMapping::prOpened);
    }

    @Incoming("pr-closed")
    public CompletionStage<Void> onPrClosed(PrClosed event) {
        return handle("pr-closed", event, AvroMapping::prClosed);
    }

    @Incoming("root-mfa-requested")
    public CompletionStage<Void> onRootMfaRequested(RootMfaRequested event) {
        return handle("root-mfa-requested", event, AvroMapping::rootMfaRequested);
    }

    @Incoming("root-secured")
    public CompletionStage<Void> onRootSecured(RootSecured event) {
        return handle("root-secured", event, AvroMapping::rootSecured);
    }

    /** The only event with a secret: the domain opens the password, the dispatcher wipes it once delivered. */
    @Incoming("user-created")
    public CompletionStage<Void> onUserCreated(UserCreated event) {
        return handle("user-created", event, AvroMapping::userCreated);
    }

    @Incoming("user-removed")
    public CompletionStage<Void> onUserRemoved(UserRemoved event) {
        return handle("user-removed", event, AvroMapping::userRemoved);
    }

    @Incoming("request-failed")
    public CompletionStage<Void> onRequestFailed(RequestFailed event) {
        return handle("request-failed", event, AvroMapping::requestFailed);
    }

    @Incoming("request-waiting")
    public CompletionStage<Void> onRequestWaiting(RequestWaiting event) {
        return handle("request-waiting", event, AvroMapping::requestWaiting);
    }

    @Incoming("account-closing")
    public CompletionStage<Void> onAccountClosing(AccountClosing event) {
        return handle("account-closing", event, AvroMapping::accountClosing);
    }

    @Incoming("account-closed")
    public CompletionStage<Void> onAccountClosed(AccountClosed event) {
        return handle("account-closed", event, AvroMapping::accountClosed);
    }

    @Incoming("root-mfa-removed")
    public CompletionStage<Void> onRootMfaRemoved(RootMfaRemoved event) {
        return handle("root-mfa-removed", event, AvroMapping::rootMfaRemoved);
    }

    @Incoming("bootstrap-role-checked")
    public CompletionStage<Void> onBootstrapRoleChecked(BootstrapRoleChecked event) {
        return handle("bootstrap-role-checked", event, AvroMapping::bootstrapRoleChecked);
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

    /** Every event's one path: decode, wait for the state feed, ask the domain for the emails, deliver them, log. */
    private <E extends SpecificRecord> CompletionStage<Void> handle(String channel, E event, Function<E, Facts.Event> decode) {
        if (event == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("undecodable record on " + channel));
        }
        Envelope envelope = Envelope.of(event);
        String type = event.getClass().getSimpleName();
        inFlight.incrementAndGet();
        return feed.sync()
                .thenCompose(synced -> dispatcher.deliver(notifications.emailsFor(decode.apply(event))))
                .whenComplete((done, failure) -> inFlight.decrementAndGet())
                .whenComplete((done, failure) -> RequestMdc.log(envelope.requestId(), () -> {
                    if (failure == null) {
                        LOG.debugf("%s %s of request %s handled", type, envelope.eventId(), envelope.requestId());
                    } else {
                        LOG.warnf("%s %s of request %s not handled, dead-lettered: %s", type, envelope.eventId(), envelope.requestId(),
                                rootCause(failure).toString());
                    }
                }));
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
