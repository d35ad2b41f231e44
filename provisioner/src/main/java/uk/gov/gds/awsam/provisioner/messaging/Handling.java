package uk.gov.gds.awsam.provisioner.messaging;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.smallrye.reactive.messaging.annotations.Blocking;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.PrMerged;
import uk.gov.gds.awsam.events.RequestHistory;
import uk.gov.gds.awsam.events.ResumableStage;
import uk.gov.gds.awsam.events.RetryRequested;
import uk.gov.gds.awsam.events.RootMfaSeeded;
import uk.gov.gds.awsam.provisioner.config.ProvisionerConfig;
import uk.gov.gds.awsam.provisioner.domain.AccountClosure;
import uk.gov.gds.awsam.provisioner.domain.Facts.Failed;
import uk.gov.gds.awsam.provisioner.domain.MergedFile;
import uk.gov.gds.awsam.provisioner.domain.Provisioning;
import uk.gov.gds.awsam.provisioner.domain.Provisioning.Merge;
import uk.gov.gds.awsam.provisioner.domain.Provisioning.Seeding;
import uk.gov.gds.awsam.provisioner.domain.Run;
import uk.gov.gds.awsam.provisioner.domain.StepFailed;
import uk.gov.gds.awsam.provisioner.domain.Stopping;
import uk.gov.gds.awsam.provisioner.domain.Waiting;
import uk.gov.gds.awsam.provisioner.messaging.PublishedEvents.KnownAccount;

/**
 * The provisioner's events in: each mapped to its domain input for one {@link Provisioning} call (whose facts
 * {@link ProvisionerEvents} publishes), run by {@link #handle} with the request's id in the log context, one handling
 * at a time per request, the published events read back first, passes that give their thread back while they wait
 * on AWS (announced when the wait lasts), and the message settled.
 */
@ApplicationScoped
public class Handling {

    private static final Logger LOG = Logger.getLogger(Handling.class);
    private static final Duration READ_BACK_LOOK = Duration.ofMillis(200);

    private final RequestQueue queue = new RequestQueue();
    private final PublishedEvents published;
    private final ProvisionerEvents events;
    private final Passes passes;
    private final Provisioning provisioning;
    private final RequestHistory history;
    private final Duration announceAfter;
    private final Duration closureHold;
    private final Duration followHold;
    private final Clock clock = Clock.systemUTC();

    public Handling(PublishedEvents published, ProvisionerEvents events, Passes passes, Provisioning provisioning, RequestHistory history,
            ProvisionerConfig config) {
        this.published = published;
        this.events = events;
        this.passes = passes;
        this.provisioning = provisioning;
        this.history = history;
        this.announceAfter = config.waiting().announceAfter();
        this.closureHold = config.accounts().closureQueue().hold();
        this.followHold = config.accounts().closureFollow().hold();
    }

    @Incoming("pr-merged")
    @Blocking(value = "provisioner-workers", ordered = false)
    public CompletionStage<Void> onMerged(Message<PrMerged> message) {
        PrMerged merged = message.getPayload();
        return handle(message, merged.getRequestId(), merged.getEventId(), run -> provisioning.apply(run, merge(run, merged)));
    }

    /** RootMfaSeeded: secures root for the account and admins the provisioner announced (AccountCreated, read back). */
    @Incoming("root-mfa-seeded")
    @Blocking(value = "provisioner-workers", ordered = false)
    public CompletionStage<Void> onSeeded(Message<RootMfaSeeded> message) {
        RootMfaSeeded seeded = message.getPayload();
        return handle(message, seeded.getRequestId(), seeded.getEventId(), run -> provisioning.secure(run, seeding(run, seeded)));
    }

    /**
     * RetryRequested: an engineer resumes a FAILED request from its failed stage once the cause is fixed. For a
     * stage the provisioner owns ({@link ResumableStage#owner()}) it runs the request's work again from what Kafka
     * holds: SECURE_ROOT from the request's RootMfaSeeded (no second seeding), every other stage from its PrMerged.
     * Each step finds what was done before; the outcome events keep the ids derived from the original event, so they
     * are published once; a failure this time derives its id from the retry, so it is a new RequestFailed. Stages
     * of other services are left to them.
     */
    @Incoming("retry-requested")
    @Blocking(value = "provisioner-workers", ordered = false)
    public CompletionStage<Void> onRetry(Message<RetryRequested> message) {
        RetryRequested retry = message.getPayload();
        Optional<ResumableStage> stage = ResumableStage.named(retry.getStage());
        if (stage.isEmpty() || stage.get().owner() != ResumableStage.Service.PROVISIONER) {
            LOG.debugf("RetryRequested %s of stage %s: not the provisioner's", retry.getEventId(), retry.getStage());
            return settle(message, null);
        }
        LOG.infof("RetryRequested %s by %s: resuming request %s at %s (%s)", retry.getEventId(), retry.getEngineer(), retry.getRequestId(),
                retry.getStage(), retry.getReason());
        return handle(message, retry.getRequestId(), retry.getEventId(), run -> resume(run, stage.get(), retry.getRequestId()));
    }

    /**
     * A queued closure whose wait is over, or a put-down closure still followed to SUSPENDED ({@link ClosureQueueJob}):
     * resumed as a retry of CLOSE_ACCOUNT resumes it, from the request's PrMerged, on the request's queue (never beside
     * a redelivered PrMerged). {@code causeId} is the event whose handling put it down (a followed one: its
     * AccountClosing), so its announcements and failures keep their ids; its outcome events derive theirs from
     * the PrMerged, as an unqueued closure's do. A follow is not held in place here: one DescribeAccount, and if the
     * account is not SUSPENDED yet it is put down again for the job's next look.
     */
    CompletionStage<Void> resumeQueuedClosure(String requestId, String causeId) {
        Message<String> resumption = Message.of(requestId, () -> CompletableFuture.completedFuture(null), failure -> {
            LOG.warnf("Resuming the queued closure of request %s failed (published as RequestFailed where it could be): %s", requestId,
                    failure.getMessage());
            return CompletableFuture.completedFuture(null);
        });
        return handle(resumption, requestId, causeId, Duration.ZERO, run -> resume(run, ResumableStage.CLOSE_ACCOUNT, requestId));
    }

    /** Whether a handling of the request is in progress or queued. */
    boolean handling(String requestId) {
        return queue.holds(requestId);
    }

    private void resume(Run run, ResumableStage stage, String requestId) {
        if (stage == ResumableStage.SECURE_ROOT) {
            RootMfaSeeded seeded = run.progress("seeded", () -> history.latest(EventType.ROOT_MFA_SEEDED, requestId, RootMfaSeeded.class)
                    .orElse(null));
            if (seeded == null) {
                nothingToResumeFrom(run, stage, "RootMfaSeeded", "the engineer seeds root MFA with the yubikey-agent first");
            } else {
                provisioning.secure(run, seeding(run, seeded));
            }
        } else {
            PrMerged merged = run.progress("merged", () -> history.latest(EventType.PR_MERGED, requestId, PrMerged.class).orElse(null));
            if (merged == null) {
                nothingToResumeFrom(run, stage, "PrMerged", "the request's pull request must be merged first");
            } else {
                provisioning.apply(run, merge(run, merged));
            }
        }
    }

    private void nothingToResumeFrom(Run run, ResumableStage stage, String event, String whatNext) {
        events.publish(Failed.of(run, stage.name(), StepFailed.permanent(stage, "a retry of " + stage + " resumes from the request's "
                + event + ", and Kafka holds none for it", whatNext)));
    }

    private static Merge merge(Run run, PrMerged merged) {
        if (run.passes() == 1) {
            LOG.infof("PrMerged %s: %s %s merged by %s in %s#%d", merged.getEventId(), merged.getKind(), merged.getSubjects(),
                    merged.getMergedBy(), merged.getRepository(), merged.getNumber());
        }
        return new Merge(merged.getEventId(), merged.getRequestId(), Merge.Kind.valueOf(merged.getKind().name()), merged.getSubjects(),
                merged.getFiles().stream().map(file -> new MergedFile(file.getPath(), file.getContent(), file.getSha256())).toList(),
                merged.getRepository(), merged.getNumber());
    }

    private Seeding seeding(Run run, RootMfaSeeded seeded) {
        if (run.passes() == 1) {
            LOG.infof("RootMfaSeeded %s: account %s on keys %s by %s (sign-in tested: %s)", seeded.getEventId(), seeded.getAccountId(),
                    seeded.getYubikeySerials(), seeded.getEngineer(), seeded.getRootSignInTested());
        }
        Optional<KnownAccount> account = published.account(seeded.getRequestId());
        return new Seeding(seeded.getEventId(), seeded.getRequestId(), seeded.getAccountId(), seeded.getRootSignInTested(),
                account.map(KnownAccount::accountId).orElse(null), account.map(KnownAccount::adminUserEmails).orElse(List.of()));
    }

    /**
     * Runs a handler for a request's event over as many passes as it takes and settles the message: acknowledged
     * when done (the offset may be committed), negatively acknowledged when it failed in a way a replay may get
     * over (dead-letter topic), and neither when the provisioner is stopping, so that the event is delivered again.
     *
     * @param causeId the event being handled: RequestFailed and RequestWaiting derive their ids from it
     */
    <T> CompletionStage<Void> handle(Message<T> message, String requestId, String causeId, Consumer<Run> handler) {
        return handle(message, requestId, causeId, followHold, handler);
    }

    /** @param followHold how long an accepted closure is followed in place before it is put down for the job */
    private <T> CompletionStage<Void> handle(Message<T> message, String requestId, String causeId, Duration followHold,
            Consumer<Run> handler) {
        CompletionStage<Void> handled = queue.enqueue(requestId, () -> passes.run(new Run(requestId, causeId, clock), run -> {
            MDC.put("requestId", requestId);
            try {
                if (!published.caughtUp()) {
                    throw Waiting.briefly(READ_BACK_LOOK, null, "the provisioner's published events are still being read back");
                }
                handler.accept(run);
            } catch (Waiting waiting) {
                events.announce(run, waiting, announceAfter);
                if (QueuedClosures.putsDown(waiting, run.waited(waiting.key()), run.now(), closureHold, followHold)) {
                    if (AccountClosure.followsClosure(waiting)) {
                        LOG.infof("%s: %s (%s); put down with its AccountClosing published, for the closure queue's job to follow",
                                waiting.stage(), waiting.waitingFor(), waiting.reason());
                        return;
                    }
                    LOG.infof("%s: the closure waits for %s until %s (%s); put down with its RequestWaiting published, for the closure"
                            + " queue to take up again", waiting.stage(), waiting.waitingFor(), waiting.until() == null ? "a time not known"
                                    : waiting.until(), waiting.reason());
                    return;
                }
                LOG.debugf("%s", waiting.getMessage());
                throw waiting;
            } finally {
                MDC.remove("requestId");
            }
        }));
        return handled.handle((done, failure) -> settle(message, failure)).thenCompose(settled -> settled);
    }

    static <T> CompletionStage<Void> settle(Message<T> message, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause == null) {
            return message.ack();
        }
        if (cause instanceof Stopping stopping) {
            LOG.warnf("%s: the event is left unacknowledged, to be delivered again after the restart", stopping.getMessage());
            return new CompletableFuture<>();
        }
        return message.nack(cause);
    }
}
