package uk.gov.gds.awsam.agent.domain;

import static uk.gov.gds.awsam.agent.domain.Wording.text;

import java.util.List;

import uk.gov.gds.awsam.agent.domain.Runbook.Step;

/**
 * After the request failed at SECURE_ROOT (root MFA not seen by AWS, admins missing from gds-users, ...) and the
 * engineer fixed the cause: asks the provisioner to check the root again and secure the account from the
 * RootMfaSeeded it already has, by publishing RetryRequested for SECURE_ROOT, naming the failure. The keys are
 * not touched and nothing is seeded again. Running it again publishes the same retry (its id derives from the
 * failure), so a repeat after a crash is harmless. Its words are in {@code runbooks.properties}.
 */
public final class VerifyRunbook {

    private static final System.Logger LOG = System.getLogger(VerifyRunbook.class.getName());

    private final TaskLog taskLog;
    private final EventSink sink;
    private final Terminal terminal;
    private final String engineer;
    private RootMfaTask task;

    public VerifyRunbook(TaskLog taskLog, EventSink sink, Terminal terminal, String engineer) {
        this.taskLog = taskLog;
        this.sink = sink;
        this.terminal = terminal;
        this.engineer = engineer;
    }

    /** Retries the task named by a request or account id, for {@code reason} (asked for when null). */
    public Outcome run(String reference, String reason) {
        return Runbook.run(terminal, "verify", () -> text("verify.interrupted"), List.of(
                new Step(() -> true, () -> null, () -> findTask(reference)),
                new Step(() -> true, this::describeFailure, () -> publish(reason))));
    }

    /** Finds the task; ends the run when there is nothing to retry (yet), refuses when it cannot be retried. */
    private Outcome findTask(String reference) {
        task = Runbook.find(taskLog, reference, "verify");
        String account = text("verify.account", task.accountId(), task.request().accountName());
        if (task.secured().isPresent()) {
            terminal.say(text("verify.secured", account, task.nextStep()));
            return Outcome.ALREADY_DONE;
        }
        if (task.canVerifyAgain()) {
            return null;
        }
        if (task.stage() == RootMfaTask.Stage.AWAITING_PROVISIONER) {
            terminal.say(task.lastRetry().map(retry -> text("verify.waiting-retried", account, retry.stage(), retry.engineer(),
                    retry.occurredAt())).orElse(text("verify.waiting", account)));
            return Outcome.ALREADY_DONE;
        }
        if (task.seeded().isEmpty()) {
            throw new StepFailed(text("verify.not-seeded", account, task.requestId()));
        }
        throw new StepFailed(text("verify.not-retried", task.failure().get().stage(), task.failure().get().reason()));
    }

    private String describeFailure() {
        TaskEvent.Failed failure = task.failure().get();
        String said = text("verify.failure", text("verify.account", task.accountId(), task.request().accountName()),
                task.seeded().get().engineer(), String.join(", ", task.seeded().get().serials()), failure.stage(), failure.reason());
        return failure.whatNext() == null || failure.whatNext().isBlank() ? said : said + "\n" + text("verify.what-next", failure.whatNext());
    }

    private Outcome publish(String reason) {
        String why = reason == null ? "" : reason.strip();
        while (why.isEmpty()) {
            why = terminal.ask(text("verify.reason")).strip();
        }
        String fixed = why;
        String eventId = Runbook.publish("verify", task.requestId(), () -> sink.publishRetry(task, engineer, fixed));
        LOG.log(System.Logger.Level.INFO, "RetryRequested {0} published for request {1}", eventId, task.requestId());
        terminal.say(text("verify.done", eventId));
        return Outcome.PUBLISHED;
    }
}
