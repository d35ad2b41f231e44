package uk.gov.gds.awsam.provisioner.messaging;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.smallrye.reactive.messaging.annotations.Blocking;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.PrMerged;
import uk.gov.gds.awsam.events.RequestHistory;
import uk.gov.gds.awsam.events.ResumableStage;
import uk.gov.gds.awsam.events.RetryRequested;
import uk.gov.gds.awsam.events.RootMfaSeeded;
import uk.gov.gds.awsam.provisioner.domain.Run;
import uk.gov.gds.awsam.provisioner.domain.StepFailed;

/**
 * RetryRequested: an engineer resumes a FAILED request from its failed stage once the cause is fixed. For a
 * stage the provisioner owns ({@link ResumableStage#owner()}) it runs the request's work again from what Kafka
 * holds: SECURE_ROOT from the request's RootMfaSeeded (no second seeding), every other stage from its PrMerged.
 * Each step finds what was done before; the outcome events keep the ids derived from the original event, so they
 * are published once; a failure this time derives its id from the retry, so it is a new RequestFailed. Stages
 * of other services are left to them.
 */
@ApplicationScoped
public class RetryRequestedConsumer {

    private static final Logger LOG = Logger.getLogger(RetryRequestedConsumer.class);

    private final Handling handling;
    private final RequestHistory history;
    private final MergedChanges merges;
    private final RootMfaSeededConsumer roots;

    public RetryRequestedConsumer(Handling handling, RequestHistory history, MergedChanges merges, RootMfaSeededConsumer roots) {
        this.handling = handling;
        this.history = history;
        this.merges = merges;
        this.roots = roots;
    }

    @Incoming("retry-requested")
    @Blocking(value = "provisioner-workers", ordered = false)
    public CompletionStage<Void> onRetry(Message<RetryRequested> message) {
        RetryRequested retry = message.getPayload();
        Optional<ResumableStage> stage = ResumableStage.named(retry.getStage());
        if (stage.isEmpty() || stage.get().owner() != ResumableStage.Service.PROVISIONER) {
            LOG.debugf("RetryRequested %s of stage %s: not the provisioner's", retry.getEventId(), retry.getStage());
            return message.ack();
        }
        LOG.infof("RetryRequested %s by %s: resuming request %s at %s (%s)", retry.getEventId(), retry.getEngineer(), retry.getRequestId(),
                retry.getStage(), retry.getReason());
        return handling.handle(message, retry.getRequestId(), retry.getEventId(), run -> resume(run, stage.get(), retry));
    }

    private void resume(Run run, ResumableStage stage, RetryRequested retry) {
        if (stage == ResumableStage.SECURE_ROOT) {
            RootMfaSeeded seeded = run.progress("seeded", () -> history.latest(EventType.ROOT_MFA_SEEDED, retry.getRequestId(),
                    RootMfaSeeded.class).orElse(null));
            if (seeded == null) {
                nothingToResumeFrom(run, stage, "RootMfaSeeded", "the engineer seeds root MFA with the yubikey-agent first");
                return;
            }
            roots.secure(run, seeded);
        } else {
            PrMerged merged = run.progress("merged", () -> history.latest(EventType.PR_MERGED, retry.getRequestId(), PrMerged.class).orElse(null));
            if (merged == null) {
                nothingToResumeFrom(run, stage, "PrMerged", "the request's pull request must be merged first");
                return;
            }
            merges.apply(run, merged);
        }
    }

    private void nothingToResumeFrom(Run run, ResumableStage stage, String event, String whatNext) {
        handling.attempt(run, stage, stage.name(), () -> {
            throw StepFailed.permanent(stage, "a retry of " + stage + " resumes from the request's " + event + ", and Kafka holds none for it",
                    whatNext);
        });
    }
}
