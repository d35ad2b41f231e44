package uk.gov.gds.awsam.provisioner.messaging;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

import uk.gov.gds.awsam.events.AccountCreated;
import uk.gov.gds.awsam.events.Envelope;
import uk.gov.gds.awsam.events.EventMessages;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.RequestFailed;
import uk.gov.gds.awsam.events.RequestWaiting;
import uk.gov.gds.awsam.events.RootMfaRequested;
import uk.gov.gds.awsam.events.RootSecured;
import uk.gov.gds.awsam.events.UserCreated;
import uk.gov.gds.awsam.events.UserRemoved;
import uk.gov.gds.awsam.provisioner.domain.Stopping;
import uk.gov.gds.awsam.provisioner.domain.Waiting;

/**
 * Publishes the provisioner's events, each once: an event whose (derived) id was already published is not
 * sent again. Returns only when the broker has acknowledged the event; a broker that does not acknowledge within
 * {@value #ACK_TIMEOUT_SECONDS} s makes the handling wait and try again (same id), rather than hold its thread.
 */
@ApplicationScoped
public class ProvisionerEvents {

    /** The ce_source of every event the provisioner publishes. */
    public static final String SOURCE = "provisioner";

    private static final Logger LOG = Logger.getLogger(ProvisionerEvents.class);
    static final long ACK_TIMEOUT_SECONDS = 20;

    private final Emitter<AccountCreated> accountCreated;
    private final Emitter<RootMfaRequested> rootMfaRequested;
    private final Emitter<RootSecured> rootSecured;
    private final Emitter<UserCreated> userCreated;
    private final Emitter<UserRemoved> userRemoved;
    private final Emitter<RequestFailed> requestFailed;
    private final Emitter<RequestWaiting> requestWaiting;
    private final PublishedEvents published;

    public ProvisionerEvents(@Channel("account-created") Emitter<AccountCreated> accountCreated,
            @Channel("root-mfa-requested") Emitter<RootMfaRequested> rootMfaRequested,
            @Channel("root-secured") Emitter<RootSecured> rootSecured,
            @Channel("user-created") Emitter<UserCreated> userCreated,
            @Channel("user-removed") Emitter<UserRemoved> userRemoved,
            @Channel("request-failed") Emitter<RequestFailed> requestFailed,
            @Channel("request-waiting") Emitter<RequestWaiting> requestWaiting,
            PublishedEvents published) {
        this.accountCreated = accountCreated;
        this.rootMfaRequested = rootMfaRequested;
        this.rootSecured = rootSecured;
        this.userCreated = userCreated;
        this.userRemoved = userRemoved;
        this.requestFailed = requestFailed;
        this.requestWaiting = requestWaiting;
        this.published = published;
    }

    /** Whether the event with this id was already published. */
    public boolean published(String eventId) {
        return published.contains(eventId);
    }

    /** Publishes the event unless its id was published before; true when it was sent now. */
    public boolean publishOnce(SpecificRecord event) {
        Envelope envelope = Envelope.of(event);
        EventType type = EventType.of(event);
        if (published.contains(envelope.eventId())) {
            LOG.infof("%s %s was already published; not again", type, envelope.eventId());
            return false;
        }
        var acknowledged = switch (type) {
            case ACCOUNT_CREATED -> EventMessages.send(accountCreated, (AccountCreated) event, SOURCE);
            case ROOT_MFA_REQUESTED -> EventMessages.send(rootMfaRequested, (RootMfaRequested) event, SOURCE);
            case ROOT_SECURED -> EventMessages.send(rootSecured, (RootSecured) event, SOURCE);
            case USER_CREATED -> EventMessages.send(userCreated, (UserCreated) event, SOURCE);
            case USER_REMOVED -> EventMessages.send(userRemoved, (UserRemoved) event, SOURCE);
            case REQUEST_FAILED -> EventMessages.send(requestFailed, (RequestFailed) event, SOURCE);
            case REQUEST_WAITING -> EventMessages.send(requestWaiting, (RequestWaiting) event, SOURCE);
            default -> throw new IllegalArgumentException("the provisioner does not publish " + type);
        };
        awaitAcknowledged(acknowledged, type + " " + envelope.eventId());
        published.record(event);
        LOG.infof("Published %s %s", type, envelope.eventId());
        return true;
    }

    /** Waits (bounded) for the broker's acknowledgement; a broker that is away makes the handling wait and retry. */
    static void awaitAcknowledged(java.util.concurrent.CompletionStage<Void> acknowledged, String what) {
        try {
            acknowledged.toCompletableFuture().get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopping("publishing " + what, e);
        } catch (TimeoutException e) {
            throw Waiting.briefly(java.time.Duration.ofSeconds(5), null, "the broker did not acknowledge " + what + " within "
                    + ACK_TIMEOUT_SECONDS + " s; sending it again");
        } catch (ExecutionException e) {
            throw new IllegalStateException("the broker did not acknowledge " + what, e);
        }
    }
}
