package uk.gov.gds.awsam.provisioner.messaging;

import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import uk.gov.gds.awsam.contract.RootMfaCredential;
import uk.gov.gds.awsam.events.AccountClosed;
import uk.gov.gds.awsam.events.AccountClosing;
import uk.gov.gds.awsam.events.AccountCreated;
import uk.gov.gds.awsam.events.BootstrapRoleChecked;
import uk.gov.gds.awsam.events.BootstrapRoleState;
import uk.gov.gds.awsam.events.Envelope;
import uk.gov.gds.awsam.events.EventMessages;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.RequestFailed;
import uk.gov.gds.awsam.events.RequestWaiting;
import uk.gov.gds.awsam.events.RootMfaRequested;
import uk.gov.gds.awsam.events.RootSecured;
import uk.gov.gds.awsam.events.SealedSecret;
import uk.gov.gds.awsam.events.SealedSecrets;
import uk.gov.gds.awsam.events.UserCreated;
import uk.gov.gds.awsam.events.UserRemoved;
import uk.gov.gds.awsam.provisioner.config.ProvisionerConfig;
import uk.gov.gds.awsam.provisioner.domain.AccountClosure;
import uk.gov.gds.awsam.provisioner.domain.Facts;
import uk.gov.gds.awsam.provisioner.domain.Publisher;
import uk.gov.gds.awsam.provisioner.domain.Run;
import uk.gov.gds.awsam.provisioner.domain.SealedPassword;
import uk.gov.gds.awsam.provisioner.domain.Stopping;
import uk.gov.gds.awsam.provisioner.domain.Waiting;

/**
 * The provisioner's one publisher: maps each domain fact (and an announced wait) to its Avro event, logs what the fact
 * says was done (the domain returns facts rather than logging them; the handling's requestId is in the MDC), counts it
 * in the metrics, and publishes it once: an event whose (derived) id was already published is not sent again. Returns only when the broker has acknowledged the event; a broker that does not acknowledge within
 * {@value #ACK_TIMEOUT_SECONDS} s makes the handling wait and try again (same id), rather than hold its thread.
 */
@ApplicationScoped
public class ProvisionerEvents implements Publisher {

    /** The ce_source of every event the provisioner publishes. */
    public static final String SOURCE = "provisioner";

    private static final Logger LOG = Logger.getLogger(ProvisionerEvents.class);
    static final long ACK_TIMEOUT_SECONDS = 20;
    /** The YubiKeys every root MFA credential is seeded on. */
    static final int KEYS_REQUIRED = 2;

    private final Emitter<AccountCreated> accountCreated;
    private final Emitter<RootMfaRequested> rootMfaRequested;
    private final Emitter<RootSecured> rootSecured;
    private final Emitter<UserCreated> userCreated;
    private final Emitter<UserRemoved> userRemoved;
    private final Emitter<AccountClosing> accountClosing;
    private final Emitter<AccountClosed> accountClosed;
    private final Emitter<BootstrapRoleChecked> bootstrapRoleChecked;
    private final Emitter<RequestFailed> requestFailed;
    private final Emitter<RequestWaiting> requestWaiting;
    private final PublishedEvents published;
    private final MeterRegistry metrics;
    private final String consoleSignInUrl;

    public ProvisionerEvents(@Channel("account-created") Emitter<AccountCreated> accountCreated,
            @Channel("root-mfa-requested") Emitter<RootMfaRequested> rootMfaRequested,
            @Channel("root-secured") Emitter<RootSecured> rootSecured,
            @Channel("user-created") Emitter<UserCreated> userCreated,
            @Channel("user-removed") Emitter<UserRemoved> userRemoved,
            @Channel("account-closing") Emitter<AccountClosing> accountClosing,
            @Channel("account-closed") Emitter<AccountClosed> accountClosed,
            @Channel("bootstrap-role-checked") Emitter<BootstrapRoleChecked> bootstrapRoleChecked,
            @Channel("request-failed") Emitter<RequestFailed> requestFailed,
            @Channel("request-waiting") Emitter<RequestWaiting> requestWaiting,
            PublishedEvents published, MeterRegistry metrics, ProvisionerConfig config) {
        this.accountCreated = accountCreated;
        this.rootMfaRequested = rootMfaRequested;
        this.rootSecured = rootSecured;
        this.userCreated = userCreated;
        this.userRemoved = userRemoved;
        this.accountClosing = accountClosing;
        this.accountClosed = accountClosed;
        this.bootstrapRoleChecked = bootstrapRoleChecked;
        this.requestFailed = requestFailed;
        this.requestWaiting = requestWaiting;
        this.published = published;
        this.metrics = metrics;
        this.consoleSignInUrl = config.accounts().consoleSignInUrl();
    }

    /** Seals a new initial password to the notifier's key (schemas' {@link SealedSecrets}), for the domain to carry. */
    public static SealedPassword seal(byte[] secret, PublicKey notifier) {
        SealedSecret sealed = SealedSecrets.seal(secret, notifier);
        return new SealedPassword(sealed.getAlgorithm(), sealed.getKeyId(), sealed.getEncryptedKey(), sealed.getIv(), sealed.getCiphertext());
    }

    /** The domain's sealed password as the UserCreated event carries it (null: the login profile was kept). */
    static SealedSecret sealedSecret(SealedPassword sealed) {
        return sealed == null ? null : SealedSecret.newBuilder().setAlgorithm(sealed.algorithm()).setKeyId(sealed.keyId())
                .setEncryptedKey(sealed.encryptedKey()).setIv(sealed.iv()).setCiphertext(sealed.ciphertext()).build();
    }

    @Override
    public boolean publish(Facts.Fact fact) {
        if (fact instanceof Facts.AccountCreated created) {
            var account = created.account();
            boolean sent = publishOnce(AccountCreated.newBuilder()
                    .setEventId(created.eventId()).setRequestId(created.requestId()).setOccurredAt(Instant.now())
                    .setCausationId(created.causationId()).setAccountId(account.accountId()).setAccountName(account.name())
                    .setRootEmail(account.rootEmail()).setCreateAccountRequestId(account.createAccountRequestId())
                    .setAdminUserEmails(created.adminUserEmails())
                    .build());
            if (sent) {
                count("provisioner.accounts", "outcome", account.adopted() ? "adopted" : "created");
                metrics.timer("provisioner.account.provisioning").record(Duration.between(created.started(), Instant.now()));
            }
            return sent;
        }
        if (fact instanceof Facts.RootMfaRequested requested) {
            return publishOnce(RootMfaRequested.newBuilder()
                    .setEventId(requested.eventId()).setRequestId(requested.requestId()).setOccurredAt(Instant.now())
                    .setCausationId(requested.causationId()).setAccountId(requested.account().accountId())
                    .setAccountName(requested.account().name()).setRootEmail(requested.account().rootEmail())
                    .setCredentialName(RootMfaCredential.nameFor(requested.account().accountId()))
                    .setKeysRequired(KEYS_REQUIRED)
                    .setConsoleSignInUrl(consoleSignInUrl)
                    .build());
        }
        if (fact instanceof Facts.UserCreated created) {
            var user = created.user();
            LOG.infof("IAM user %s, %s: %s", user.arn(), user.adopted() ? "adopted (it existed before this request)" : "created by this request",
                    switch (user.loginProfile()) {
                        case CREATED -> "login profile created (password reset required)";
                        case PASSWORD_RESET -> "a new initial password: this request set its login profile, whose password was never delivered";
                        case KEPT -> "its existing login profile kept";
                    });
            boolean sent = publishOnce(UserCreated.newBuilder()
                    .setEventId(created.eventId()).setRequestId(created.requestId()).setOccurredAt(Instant.now())
                    .setCausationId(created.causationId()).setUserName(created.user().userName()).setArn(created.user().arn())
                    .setGroups(created.user().groups()).setSealedInitialPassword(sealedSecret(created.user().sealedInitialPassword()))
                    .setAdopted(created.user().adopted())
                    .build());
            count("provisioner.users.created", "password", created.user().sealedInitialPassword() == null ? "kept" : "new");
            return sent;
        }
        if (fact instanceof Facts.UserRemoved removed) {
            var user = removed.user();
            if (!user.userExisted()) {
                LOG.infof("There is no IAM user %s in gds-users: nothing to remove (no trust policy can name a user that does not exist)",
                        user.userName());
            } else {
                LOG.logf(user.unreadableAccounts().isEmpty() ? Logger.Level.INFO : Logger.Level.WARN,
                        "Removed IAM user %s: %s; bootstrap roles whose trust policy names it: %s; accounts whose trust policy could not be read: %s",
                        user.userName(), user.removed(), user.trustPoliciesStillNamingUser(), user.unreadableAccounts());
            }
            boolean sent = publishOnce(UserRemoved.newBuilder()
                    .setEventId(removed.eventId()).setRequestId(removed.requestId()).setOccurredAt(Instant.now())
                    .setCausationId(removed.causationId()).setUserName(removed.user().userName()).setRemoved(removed.user().removed())
                    .setTrustPoliciesStillNamingUser(removed.user().trustPoliciesStillNamingUser())
                    .setUnreadableAccounts(removed.user().unreadableAccounts())
                    .setUserExisted(removed.user().userExisted())
                    .build());
            count("provisioner.users.removed");
            return sent;
        }
        if (fact instanceof Facts.RootSecured secured) {
            var root = secured.root();
            if (!root.missingAdminUserEmails().isEmpty()) {
                LOG.warnf("Admins %s have no IAM user in gds-users; %s does not trust them", root.missingAdminUserEmails(), root.bootstrapRoleArn());
            }
            LOG.infof("%s %s %s with MFA", root.bootstrapRoleArn(), root.trustPolicyRewritten() ? "now trusts" : "already trusted",
                    root.trustedPrincipalArns());
            boolean sent = publishOnce(RootSecured.newBuilder()
                    .setEventId(secured.eventId()).setRequestId(secured.requestId()).setOccurredAt(Instant.now())
                    .setCausationId(secured.causationId()).setAccountId(secured.root().accountId())
                    .setBootstrapRoleArn(secured.root().bootstrapRoleArn()).setTrustedPrincipalArns(secured.root().trustedPrincipalArns())
                    .setRootMfaVerified(secured.root().rootMfaVerified())
                    .setMissingAdminUserEmails(secured.root().missingAdminUserEmails())
                    .setAuditRoleArn(secured.root().auditRoleArn())
                    .build());
            count("provisioner.roots.secured");
            return sent;
        }
        if (fact instanceof Facts.AccountClosing closing) {
            return publishOnce(AccountClosing.newBuilder()
                    .setEventId(closing.eventId()).setRequestId(closing.requestId()).setOccurredAt(Instant.now())
                    .setCausationId(closing.causationId()).setAccountId(closing.accountId()).setAccountName(closing.accountName())
                    .setSuspendedParentId(closing.suspendedParentId()).setClosureRequestedAt(closing.requestedAt())
                    .build());
        }
        if (fact instanceof Facts.AccountClosed closed) {
            boolean sent = publishOnce(AccountClosed.newBuilder()
                    .setEventId(closed.eventId()).setRequestId(closed.requestId()).setOccurredAt(Instant.now())
                    .setCausationId(closed.causationId()).setAccountId(closed.accountId()).setAccountName(closed.accountName())
                    .setClosedAt(closed.closedAt()).setReinstatableUntil(closed.closedAt().plus(AccountClosure.REINSTATABLE))
                    .setCredentialName(RootMfaCredential.nameFor(closed.accountId()))
                    .build());
            if (sent) {
                metrics.counter("provisioner.accounts.closed").increment();
            }
            return sent;
        }
        if (fact instanceof Facts.BootstrapRoleChecked checked) {
            boolean sent = publishOnce(BootstrapRoleChecked.newBuilder()
                    .setEventId(checked.eventId()).setRequestId(checked.requestId()).setOccurredAt(checked.checkedAt())
                    .setCausationId(checked.causationId()).setAccountId(checked.accountId()).setAccountName(checked.accountName())
                    .setRoleName(checked.roleName()).setState(BootstrapRoleState.valueOf(checked.state().name())).setDetail(checked.detail())
                    .setHandedOverAt(checked.handedOverAt()).setCheckedAt(checked.checkedAt()).setNextCheckAt(checked.nextCheckAt())
                    .build());
            if (sent) {
                count("provisioner.bootstrap-role.checks", "state", checked.state().name());
            }
            return sent;
        }
        if (fact instanceof Facts.Failed failed) {
            var failure = failed.failure();
            LOG.errorf("%s failed for %s (retryable: %s, attempt %d): %s", failure.stage(), failed.subject(), failure.retryable(),
                    failure.attempt(), failure.reason());
            count("provisioner.request.failures", "stage", failure.stage().name(), "retryable", Boolean.toString(failure.retryable()));
            return publishOnce(RequestFailed.newBuilder()
                    .setEventId(failed.eventId()).setRequestId(failed.requestId()).setOccurredAt(Instant.now())
                    .setCausationId(failed.causationId()).setStage(failure.stage().name()).setReason(failure.reason())
                    .setRetryable(failure.retryable()).setAttempt(failure.attempt()).setWhatNext(failure.whatNext())
                    .build());
        }
        throw new IllegalArgumentException("not a fact the provisioner publishes: " + fact);
    }

    /** A wait that has lasted long enough for a person to wonder is said on the request's timeline, once. */
    void announce(Run run, Waiting waiting, Duration announceAfter) {
        if (!waiting.announce() || waiting.stage() == null || !waiting.queued() && run.waited(waiting.key()).compareTo(announceAfter) < 0) {
            return;
        }
        String id = waitingId(run.causeId(), waiting.stage().name(), waiting.key(), waiting.queued() ? waiting.until() : null);
        if (published(id)) {
            return;
        }
        publishOnce(RequestWaiting.newBuilder()
                .setEventId(id).setRequestId(run.requestId()).setOccurredAt(Instant.now()).setCausationId(run.causeId())
                .setStage(waiting.stage().name()).setWaitingFor(waiting.waitingFor())
                .setReason(waiting.reason() + " (waiting since " + run.waitingSince(waiting.key()) + ")")
                .setUntil(waiting.queued() ? waiting.until() : Instant.now().plus(waiting.delay()))
                .build());
    }

    /**
     * A wait's announcement id, from its cause and what it waits for; a closure queued for the quota also by its
     * {@code until} (to the millisecond, as published), so a closure queued again for a later end is said again.
     */
    static String waitingId(String causeId, String stage, String key, Instant until) {
        return AccountClosure.QUOTA_WAIT.equals(key) && until != null
                ? Envelope.derivedEventId(causeId, EventType.REQUEST_WAITING, stage, key, Long.toString(until.toEpochMilli()))
                : Envelope.derivedEventId(causeId, EventType.REQUEST_WAITING, stage, key);
    }

    private void count(String name, String... tags) {
        metrics.counter(name, tags).increment();
    }

    @Override
    public List<Instant> closuresRequestedSince(Instant since) {
        return published.closuresRequestedSince(since);
    }

    @Override
    public boolean published(String eventId) {
        return published.contains(eventId);
    }

    /** Publishes the event unless its id was published before; true when it was sent now. */
    private boolean publishOnce(SpecificRecord event) {
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
            case ACCOUNT_CLOSING -> EventMessages.send(accountClosing, (AccountClosing) event, SOURCE);
            case ACCOUNT_CLOSED -> EventMessages.send(accountClosed, (AccountClosed) event, SOURCE);
            case BOOTSTRAP_ROLE_CHECKED -> EventMessages.send(bootstrapRoleChecked, (BootstrapRoleChecked) event, SOURCE);
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
