package uk.gov.gds.awsam.agent.domain;

/**
 * After the request failed at SECURE_ROOT (root MFA not seen by AWS, admins missing from gds-users, ...) and the
 * engineer fixed the cause: asks the provisioner to check the root again and secure the account from the
 * RootMfaSeeded it already has, by publishing RetryRequested for SECURE_ROOT, naming the failure. The keys are
 * not touched and nothing is seeded again. Running it again publishes the same retry (its id derives from the
 * failure), so a repeat after a crash is harmless.
 */
public final class VerifyRunbook {

    private static final System.Logger LOG = System.getLogger(VerifyRunbook.class.getName());

    private final TaskLog taskLog;
    private final EventSink sink;
    private final Terminal terminal;
    private final String engineer;

    public VerifyRunbook(TaskLog taskLog, EventSink sink, Terminal terminal, String engineer) {
        this.taskLog = taskLog;
        this.sink = sink;
        this.terminal = terminal;
        this.engineer = engineer;
    }

    /** Retries the task named by a request or account id, for {@code reason} (asked for when null). */
    public Outcome run(String reference, String reason) {
        try {
            return steps(reference, reason);
        } catch (Terminal.EndOfInput closed) {
            terminal.say("");
            terminal.say("Interrupted: nothing was published.");
            return Outcome.INTERRUPTED;
        } catch (StepFailed failed) {
            terminal.say("✗ " + failed.getMessage());
            LOG.log(System.Logger.Level.WARNING, "verify stopped: {0}", failed.getMessage());
            return Outcome.FAILED;
        }
    }

    private Outcome steps(String reference, String reason) {
        RootMfaTask task;
        try {
            task = taskLog.rebuild().find(reference).orElseThrow(() -> new StepFailed("There is no root-MFA task for " + reference
                    + ". `yubikey-agent tasks` lists them."));
        } catch (TaskLog.Unavailable unavailable) {
            throw new StepFailed("Cannot read the tasks from Kafka: " + unavailable.getMessage() + ". Nothing was published; run verify"
                    + " again once the broker is reachable.");
        } catch (TaskBoard.AmbiguousReference ambiguous) {
            throw new StepFailed(ambiguous.getMessage());
        }
        String account = "account " + task.accountId() + " (" + task.request().accountName() + ")";
        if (task.secured().isPresent()) {
            terminal.say("The provisioner already secured " + account + " (RootSecured): nothing to retry. Next: " + task.nextStep());
            return Outcome.ALREADY_DONE;
        }
        if (!task.canVerifyAgain()) {
            if (task.stage() == RootMfaTask.Stage.AWAITING_PROVISIONER) {
                terminal.say(task.lastRetry().map(retry -> "A retry of " + retry.stage() + " was already asked for by " + retry.engineer()
                        + " at " + retry.occurredAt() + ". ").orElse("Nothing has failed. ")
                        + "The provisioner has not secured " + account + " yet: wait for RootSecured (`yubikey-agent tasks`).");
                return Outcome.ALREADY_DONE;
            }
            if (task.seeded().isEmpty()) {
                throw new StepFailed("Root MFA of " + account + " has not been seeded: there is nothing to verify. Run `yubikey-agent seed "
                        + task.requestId() + "`.");
            }
            throw new StepFailed("The request failed at " + task.failure().get().stage() + ", which the agent does not retry: "
                    + task.failure().get().reason() + ". Fix it, then retry the request from its page (engineers).");
        }
        TaskEvent.Failed failure = task.failure().get();
        terminal.say("Root MFA of " + account + " was seeded by " + task.seeded().get().engineer() + " on keys "
                + String.join(", ", task.seeded().get().serials()) + "; then the request failed at " + failure.stage() + ":");
        terminal.say("  " + failure.reason());
        if (failure.whatNext() != null && !failure.whatNext().isBlank()) {
            terminal.say("  What to do: " + failure.whatNext());
        }
        String why = reason == null ? "" : reason.strip();
        while (why.isEmpty()) {
            why = terminal.ask("What did you fix (recorded on the request's timeline)?").strip();
        }
        String eventId;
        try {
            eventId = sink.publishRetry(task, engineer, why);
        } catch (EventSink.Failed failed) {
            throw new StepFailed("Could not publish RetryRequested: " + failed.getMessage() + ". Run verify again when Kafka is reachable.");
        }
        LOG.log(System.Logger.Level.INFO, "RetryRequested {0} published for request {1}", eventId, task.requestId());
        terminal.say("✓ RetryRequested published and acknowledged (event " + eventId + "). The provisioner checks the root and the admins"
                + " again and secures the account from the RootMfaSeeded it has: no second seeding, the keys are not needed for it."
                + " `yubikey-agent tasks` shows when it is secured (RootSecured).");
        return Outcome.PUBLISHED;
    }
}
