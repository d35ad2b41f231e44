package uk.gov.gds.awsam.agent.domain;

import java.util.List;

/**
 * The last step of the account journey: the engineer confirms both YubiKeys are back in the safe, and the
 * agent publishes YubikeysReturned. A key still connected to this computer is not in the safe: that is
 * refused. Running it again after the event was published changes nothing.
 */
public final class ReturnRunbook {

    private static final System.Logger LOG = System.getLogger(ReturnRunbook.class.getName());


    private final TaskLog taskLog;
    private final EventSink sink;
    private final YubiKeys yubiKeys;
    private final Terminal terminal;
    private final String engineer;

    public ReturnRunbook(TaskLog taskLog, EventSink sink, YubiKeys yubiKeys, Terminal terminal, String engineer) {
        this.taskLog = taskLog;
        this.sink = sink;
        this.yubiKeys = yubiKeys;
        this.terminal = terminal;
        this.engineer = engineer;
    }

    public Outcome run(String reference) {
        try {
            return steps(reference);
        } catch (Terminal.EndOfInput closed) {
            terminal.say("");
            terminal.say("Interrupted: nothing was published. Run `yubikey-agent returned " + reference + "` again when the keys are in the safe.");
            return Outcome.INTERRUPTED;
        } catch (StepFailed failed) {
            terminal.say("✗ " + failed.getMessage());
            LOG.log(System.Logger.Level.WARNING, "returned stopped: {0}", failed.getMessage());
            return Outcome.FAILED;
        }
    }

    private Outcome steps(String reference) {
        RootMfaTask task;
        try {
            task = taskLog.rebuild().find(reference).orElseThrow(() -> new StepFailed("There is no root-MFA task for " + reference
                    + ". `yubikey-agent tasks` lists them."));
        } catch (TaskLog.Unavailable unavailable) {
            throw new StepFailed("Cannot read the tasks from Kafka: " + unavailable.getMessage() + ". Nothing was published; run returned"
                    + " again once the broker is reachable.");
        } catch (TaskBoard.AmbiguousReference ambiguous) {
            throw new StepFailed(ambiguous.getMessage());
        }
        if (task.returned().isPresent()) {
            TaskEvent.KeysReturned done = task.returned().get();
            terminal.say("The keys of account " + task.accountId() + " were already recorded as returned by " + done.engineer() + " at "
                    + done.occurredAt() + ". Nothing to do.");
            return Outcome.ALREADY_DONE;
        }
        TaskEvent.MfaSeeded seeded = task.seeded().orElseThrow(() -> new StepFailed("Root MFA of account " + task.accountId()
                + " has not been seeded yet (no RootMfaSeeded): run `yubikey-agent seed " + task.requestId() + "` first."));
        List<String> serials = seeded.serials();
        terminal.say("Account " + task.accountId() + " (" + task.request().accountName() + "): YubiKeys " + String.join(", ", serials));
        if (task.secured().isEmpty()) {
            terminal.say(task.failure().map(failure -> "The request failed at " + failure.stage() + " (" + failure.reason() + "), so the"
                    + " provisioner has not secured the account yet. Retrying it (`yubikey-agent verify`) needs no key.")
                    .orElse("The provisioner has not secured the account yet (no RootSecured)."));
            if (!terminal.confirm("Record the keys as returned anyway?")) {
                throw new StepFailed("Nothing was published. Run returned again after RootSecured (`yubikey-agent tasks` shows it).");
            }
        }
        try {
            List<String> stillHere = yubiKeys.connectedSerials().stream().filter(serials::contains).toList();
            if (!stillHere.isEmpty()) {
                throw new StepFailed("YubiKey " + String.join(", ", stillHere) + " is still connected to this computer, so it is not"
                        + " in the safe. Unplug it, lock it away, then run returned again. Nothing was published.");
            }
        } catch (YubiKeyError e) {
            terminal.say("(Could not check that the keys are unplugged: " + e.getMessage() + ")");
        }
        if (!terminal.confirm("Are both YubiKeys (" + String.join(", ", serials) + ") locked back in the safe?")) {
            throw new StepFailed("Nothing was published. Run returned again once they are.");
        }
        String eventId;
        try {
            eventId = sink.publishReturned(task, serials, engineer);
        } catch (EventSink.Failed failed) {
            throw new StepFailed("Could not publish YubikeysReturned: " + failed.getMessage() + ". Run returned again when Kafka is reachable.");
        }
        LOG.log(System.Logger.Level.INFO, "YubikeysReturned {0} published for request {1}", eventId, task.requestId());
        terminal.say("✓ Done: YubikeysReturned published and acknowledged (event " + eventId + "). The account's journey is complete.");
        return Outcome.PUBLISHED;
    }
}
