package uk.gov.gds.awsam.provisioner.messaging;

import java.time.Instant;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.smallrye.reactive.messaging.annotations.Blocking;
import uk.gov.gds.awsam.events.Envelope;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.ResumableStage;
import uk.gov.gds.awsam.events.RootMfaSeeded;
import uk.gov.gds.awsam.events.RootSecured;
import uk.gov.gds.awsam.provisioner.domain.RootSecuring;
import uk.gov.gds.awsam.provisioner.domain.Run;
import uk.gov.gds.awsam.provisioner.domain.SecuredRoot;
import uk.gov.gds.awsam.provisioner.domain.StepFailed;
import uk.gov.gds.awsam.provisioner.messaging.PublishedEvents.KnownAccount;

/**
 * RootMfaSeeded: verifies root MFA, makes the bootstrap role trust the request's admins (as reviewed: the
 * list the provisioner announced in AccountCreated, read back from its topic after a restart), and
 * publishes RootSecured once. Runs again, without a second seeding, when an engineer retries SECURE_ROOT.
 */
@ApplicationScoped
public class RootMfaSeededConsumer {

    private static final Logger LOG = Logger.getLogger(RootMfaSeededConsumer.class);

    private final Handling handling;
    private final ProvisionerEvents events;
    private final PublishedEvents published;
    private final RootSecuring rootSecuring;

    public RootMfaSeededConsumer(Handling handling, ProvisionerEvents events, PublishedEvents published, RootSecuring rootSecuring) {
        this.handling = handling;
        this.events = events;
        this.published = published;
        this.rootSecuring = rootSecuring;
    }

    @Incoming("root-mfa-seeded")
    @Blocking(value = "provisioner-workers", ordered = false)
    public CompletionStage<Void> onSeeded(Message<RootMfaSeeded> message) {
        RootMfaSeeded seeded = message.getPayload();
        return handling.handle(message, seeded.getRequestId(), seeded.getEventId(), run -> secure(run, seeded));
    }

    /** Secures root for a seeding (again): RootSecured's id derives from the seeding, so it is published once. */
    public void secure(Run run, RootMfaSeeded seeded) {
        String cause = seeded.getEventId();
        String securedId = Envelope.derivedEventId(cause, EventType.ROOT_SECURED);
        if (handling.published(securedId)) {
            LOG.infof("RootSecured for RootMfaSeeded %s is already published", cause);
            return;
        }
        if (run.passes() == 1) {
            LOG.infof("RootMfaSeeded %s: account %s on keys %s by %s (sign-in tested: %s)", cause, seeded.getAccountId(),
                    seeded.getYubikeySerials(), seeded.getEngineer(), seeded.getRootSignInTested());
        }
        StepFailed failed = handling.attempt(run, ResumableStage.SECURE_ROOT, seeded.getAccountId(), () -> {
            KnownAccount account = published.account(seeded.getRequestId()).orElseThrow(() -> StepFailed.permanent(ResumableStage.SECURE_ROOT,
                    "the provisioner announced no account for this request (no AccountCreated), so it does not know whom to trust",
                    "an engineer checks the request's timeline: the account must be created (AccountCreated) before root is secured"));
            if (!account.accountId().equals(seeded.getAccountId())) {
                throw StepFailed.permanent(ResumableStage.SECURE_ROOT, "RootMfaSeeded names account " + seeded.getAccountId()
                        + ", but the request's account is " + account.accountId(),
                        "the engineer seeds root MFA for account " + account.accountId() + " with the yubikey-agent");
            }
            if (!seeded.getRootSignInTested()) {
                LOG.warnf("The engineer did not confirm a root sign-in with MFA for account %s", seeded.getAccountId());
            }
            SecuredRoot secured = rootSecuring.secure(run, account.accountId(), account.adminUserEmails());
            events.publishOnce(RootSecured.newBuilder()
                    .setEventId(securedId).setRequestId(seeded.getRequestId()).setOccurredAt(Instant.now()).setCausationId(cause)
                    .setAccountId(secured.accountId()).setBootstrapRoleArn(secured.bootstrapRoleArn())
                    .setTrustedPrincipalArns(secured.trustedPrincipalArns())
                    .setRootMfaVerified(secured.rootMfaVerified())
                    .setMissingAdminUserEmails(secured.missingAdminUserEmails())
                    .setAuditRoleArn(secured.auditRoleArn())
                    .build());
            handling.count("provisioner.roots.secured");
        });
        Handling.rethrowIfRetryable(failed);
    }
}
