package uk.gov.gds.awsam.request.messaging;

import org.apache.avro.specific.SpecificRecord;

import uk.gov.gds.awsam.events.AccountClosed;
import uk.gov.gds.awsam.events.AccountClosing;
import uk.gov.gds.awsam.events.AccountCreated;
import uk.gov.gds.awsam.events.BootstrapRoleChecked;
import uk.gov.gds.awsam.events.DeadLetterReplayed;
import uk.gov.gds.awsam.events.Envelope;
import uk.gov.gds.awsam.events.PrClosed;
import uk.gov.gds.awsam.events.PrMerged;
import uk.gov.gds.awsam.events.PrOpened;
import uk.gov.gds.awsam.events.RequestFailed;
import uk.gov.gds.awsam.events.RequestSubmitted;
import uk.gov.gds.awsam.events.RequestWaiting;
import uk.gov.gds.awsam.events.RetryRequested;
import uk.gov.gds.awsam.events.RootMfaRemoved;
import uk.gov.gds.awsam.events.RootMfaRequested;
import uk.gov.gds.awsam.events.RootMfaSeeded;
import uk.gov.gds.awsam.events.RootSecured;
import uk.gov.gds.awsam.events.TerraformGenerated;
import uk.gov.gds.awsam.events.UserCreated;
import uk.gov.gds.awsam.events.UserRemoved;
import uk.gov.gds.awsam.events.YubikeysReturned;
import uk.gov.gds.awsam.request.domain.LifecycleEvent;
import uk.gov.gds.awsam.request.domain.LifecycleEvent.Type;
import uk.gov.gds.awsam.request.domain.RequestKind;

/**
 * Any event of the catalogue as the lifecycle keeps it. Only what people look at is kept: not the merged
 * files' content, never a sealed secret; and texts that recur across events and requests (repositories,
 * account names, people, engineers, YubiKey serials) are held once.
 */
public final class LifecycleEvents {

    /** Enough for every person, team, account name and user of a large organisation's history. */
    private static final Interner TEXTS = new Interner(2_000_000);

    private LifecycleEvents() {
    }

    public static LifecycleEvent toDomain(SpecificRecord event) {
        Envelope envelope = Envelope.of(event);
        return LifecycleEvent.of(type(event), envelope.requestId(), envelope.eventId(), envelope.causationId(),
                envelope.occurredAt(), detail(event, TEXTS));
    }

    private static Type type(SpecificRecord event) {
        return Type.valueOf(uk.gov.gds.awsam.events.EventType.of(event).name());
    }

    private static LifecycleEvent.Detail detail(SpecificRecord event, Interner texts) {
        if (event instanceof RequestSubmitted e) {
            return new LifecycleEvent.Submitted(SubmissionEvents.toDomain(e, texts));
        } else if (event instanceof TerraformGenerated e) {
            return new LifecycleEvent.TerraformGenerated(kind(e.getKind()), texts.intern(e.getRepository()), e.getBranch(),
                    texts.intern(e.getSubjects()));
        } else if (event instanceof PrOpened e) {
            return new LifecycleEvent.PrOpened(texts.intern(e.getRepository()), e.getNumber(), e.getUrl(), e.getWarnings());
        } else if (event instanceof PrMerged e) {
            return new LifecycleEvent.PrMerged(texts.intern(e.getRepository()), e.getNumber(), texts.intern(e.getMergedBy()),
                    kind(e.getKind()), texts.intern(e.getSubjects()));
        } else if (event instanceof PrClosed e) {
            return new LifecycleEvent.PrClosed(texts.intern(e.getRepository()), e.getNumber(), texts.intern(e.getClosedBy()));
        } else if (event instanceof AccountCreated e) {
            return new LifecycleEvent.AccountCreated(texts.intern(e.getAccountId()), texts.intern(e.getAccountName()),
                    e.getCreateAccountRequestId() == null);
        } else if (event instanceof RootMfaRequested e) {
            return new LifecycleEvent.RootMfaRequested(texts.intern(e.getAccountId()), e.getKeysRequired());
        } else if (event instanceof RootMfaSeeded e) {
            return new LifecycleEvent.RootMfaSeeded(texts.intern(e.getYubikeySerials()), texts.intern(e.getEngineer()),
                    e.getRootSignInTested());
        } else if (event instanceof RootSecured e) {
            return new LifecycleEvent.RootSecured(e.getBootstrapRoleArn(), texts.intern(e.getTrustedPrincipalArns()),
                    texts.intern(e.getMissingAdminUserEmails()), e.getRootMfaVerified());
        } else if (event instanceof YubikeysReturned e) {
            return new LifecycleEvent.YubikeysReturned(texts.intern(e.getYubikeySerials()), texts.intern(e.getEngineer()));
        } else if (event instanceof UserCreated e) {
            return new LifecycleEvent.UserCreated(texts.intern(e.getUserName()), e.getArn(), e.getAdopted(),
                    e.getSealedInitialPassword() != null);
        } else if (event instanceof UserRemoved e) {
            return new LifecycleEvent.UserRemoved(texts.intern(e.getUserName()), texts.intern(e.getTrustPoliciesStillNamingUser()),
                    texts.intern(e.getUnreadableAccounts()), e.getUserExisted());
        } else if (event instanceof AccountClosing e) {
            return new LifecycleEvent.AccountClosing(texts.intern(e.getAccountId()), texts.intern(e.getAccountName()),
                    texts.intern(e.getSuspendedParentId()));
        } else if (event instanceof AccountClosed e) {
            return new LifecycleEvent.AccountClosed(texts.intern(e.getAccountId()), texts.intern(e.getAccountName()),
                    e.getReinstatableUntil(), texts.intern(e.getCredentialName()));
        } else if (event instanceof RootMfaRemoved e) {
            return new LifecycleEvent.RootMfaRemoved(texts.intern(e.getAccountId()), texts.intern(e.getCredentialName()),
                    texts.intern(e.getYubikeySerials()), texts.intern(e.getEngineer()));
        } else if (event instanceof BootstrapRoleChecked e) {
            return new LifecycleEvent.BootstrapRoleChecked(texts.intern(e.getAccountId()), texts.intern(e.getAccountName()),
                    texts.intern(e.getRoleName()), LifecycleEvent.BootstrapRoleChecked.State.valueOf(e.getState().name()), e.getDetail(),
                    e.getHandedOverAt(), e.getCheckedAt(), e.getNextCheckAt());
        } else if (event instanceof RequestFailed e) {
            return new LifecycleEvent.Failed(texts.intern(e.getStage()), e.getReason(), e.getRetryable(), e.getAttempt(), e.getWhatNext());
        } else if (event instanceof RequestWaiting e) {
            return new LifecycleEvent.Waiting(texts.intern(e.getStage()), texts.intern(e.getWaitingFor()), e.getReason(), e.getUntil());
        } else if (event instanceof RetryRequested e) {
            return new LifecycleEvent.RetryRequested(texts.intern(e.getStage()), texts.intern(e.getEngineer()), e.getReason(),
                    e.getFailedEventId());
        } else if (event instanceof DeadLetterReplayed e) {
            return new LifecycleEvent.DeadLetterReplayed(texts.intern(e.getTopic()), texts.intern(e.getEngineer()), e.getReason(),
                    texts.intern(e.getDeadLetterTopic()), e.getPartition(), e.getOffset(), e.getError());
        }
        throw new IllegalArgumentException(event.getClass().getName() + " is not a lifecycle event");
    }

    private static RequestKind kind(uk.gov.gds.awsam.events.RequestKind kind) {
        return RequestKind.valueOf(kind.name());
    }
}
