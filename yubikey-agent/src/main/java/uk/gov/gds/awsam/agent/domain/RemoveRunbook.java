package uk.gov.gds.awsam.agent.domain;

import static uk.gov.gds.awsam.agent.domain.Wording.text;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import uk.gov.gds.awsam.agent.domain.Runbook.Step;

/**
 * The last step of an account's closure: the closed account's root MFA credential is deleted from both keys,
 * checked like seeding (ykman 5, the registered keys inserted and usable; the credential listed before, and not
 * listed after, each deletion), the keys go back to the safe, and RootMfaRemoved is published. A key that no
 * longer holds the credential counts as done, so running it again after a crash or a failure is safe and publishes
 * the same event. Its words are in {@code runbooks.properties}.
 */
public final class RemoveRunbook {

    private static final System.Logger LOG = System.getLogger(RemoveRunbook.class.getName());

    private final TaskLog taskLog;
    private final EventSink sink;
    private final YubiKeys yubiKeys;
    private final KnownKeys knownKeys;
    private final Terminal terminal;
    private final String engineer;
    private ClosureTask task;
    private List<KnownKey> keys;
    private final List<String> clean = new CopyOnWriteArrayList<>(); // read by the Ctrl-C report's thread
    private volatile String reference;

    public RemoveRunbook(TaskLog taskLog, EventSink sink, YubiKeys yubiKeys, KnownKeys knownKeys, Terminal terminal, String engineer) {
        this.taskLog = taskLog;
        this.sink = sink;
        this.yubiKeys = yubiKeys;
        this.knownKeys = knownKeys;
        this.terminal = terminal;
        this.engineer = engineer;
    }

    /** Runs it for a closure named by its request id or the account id, on the registered keys (or {@code chosenSerials}). */
    public Outcome run(String reference, List<String> chosenSerials) {
        this.reference = reference;
        return Runbook.run(terminal, "remove", this::interruptionReport, List.of(
                new Step(() -> true, () -> null, () -> findTask(reference, chosenSerials)),
                Step.of(() -> text("remove.step.keys"), this::checkKeys),
                Step.of(() -> text("remove.step.delete", task.credentialName()), () -> keys.forEach(this::deleteFrom)),
                Step.of(() -> text("remove.step.safe"), this::backInTheSafe),
                new Step(() -> true, () -> null, this::publish)));
    }

    /** What to tell the engineer when the run is cut short (Ctrl-C, or the input closed): which keys are already clean. */
    public String interruptionReport() {
        return text("remove.interrupted", cleanKeys(), reference);
    }

    /** Finds the closure; ends the run when RootMfaRemoved is already on the topic. */
    private Outcome findTask(String reference, List<String> chosenSerials) {
        task = Runbook.find(taskLog, reference, "remove", TaskBoard::findClosure);
        if (task.done()) {
            TaskEvent.MfaRemoved done = task.removed().get();
            terminal.say(text("remove.already", task.accountId(), done.engineer(), done.occurredAt(), String.join(", ", done.serials())));
            return Outcome.ALREADY_DONE;
        }
        LOG.log(System.Logger.Level.INFO, "removing root MFA of closed account {0}, request {1}", task.accountId(), task.requestId());
        terminal.say(text("remove.task", task.accountId(), task.closed().accountName(), task.requestId(), task.credentialName()));
        keys = KeySteps.choose(knownKeys, terminal, ClosureTask.KEYS, chosenSerials);
        return null;
    }

    /** ykman 5, both keys inserted and usable, and whether each still holds the credential. */
    private void checkKeys() {
        KeySteps.checkYkman(yubiKeys, terminal);
        KeySteps.waitFor(keys, yubiKeys, terminal, "remove");
        for (KnownKey key : keys) {
            KeyDetails details = KeySteps.describeUsable(key, yubiKeys, "remove");
            terminal.say(text(details.holds(task.credentialName()) ? "remove.key-holds" : "remove.key-clean", key.describe(),
                    details.credentials().size(), details.capacity()));
        }
    }

    /** Deletes the credential from one key if it is there, then checks it is gone. */
    private void deleteFrom(KnownKey key) {
        try {
            if (yubiKeys.describe(key.serial()).holds(task.credentialName())) {
                yubiKeys.delete(key.serial(), task.credentialName());
                KeyDetails after = yubiKeys.describe(key.serial());
                if (after.holds(task.credentialName())) {
                    throw new StepFailed(text("remove.still-there", key.describe(), task.credentialName(), task.requestId()));
                }
                LOG.log(System.Logger.Level.INFO, "credential {0} deleted from YubiKey {1}", task.credentialName(), key.serial());
                terminal.say(text("remove.deleted", key.describe(), after.credentials().size(), after.capacity()));
            } else {
                terminal.say(text("remove.absent", key.describe()));
            }
        } catch (YubiKeyError e) {
            throw new StepFailed(text("remove.key-failed", KeySteps.problem(key, e), cleanKeys(),
                    task.requestId()));
        }
        clean.add(key.serial());
    }

    private void backInTheSafe() {
        List<String> serials = serials();
        if (!terminal.confirm(text("remove.in-safe", String.join(", ", serials)))) {
            throw new StepFailed(text("remove.not-in-safe", task.requestId()));
        }
        KeySteps.refuseConnected(serials, yubiKeys, terminal, "remove");
    }

    private Outcome publish() {
        List<String> serials = serials();
        String eventId = Runbook.publish("remove", task.requestId(), () -> sink.publishRemoved(task, serials, engineer));
        LOG.log(System.Logger.Level.INFO, "RootMfaRemoved {0} published for request {1}", eventId, task.requestId());
        terminal.say(text("remove.done", eventId, String.join(", ", serials), task.accountId()));
        return Outcome.PUBLISHED;
    }

    private String cleanKeys() {
        return clean.isEmpty() ? "-" : String.join(", ", clean);
    }

    private List<String> serials() {
        return keys.stream().map(KnownKey::serial).toList();
    }
}
