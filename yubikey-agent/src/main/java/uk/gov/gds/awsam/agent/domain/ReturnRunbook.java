package uk.gov.gds.awsam.agent.domain;

import static uk.gov.gds.awsam.agent.domain.Wording.text;

import java.util.List;

import uk.gov.gds.awsam.agent.domain.Runbook.Step;

/**
 * The last step of the account journey: the engineer confirms both YubiKeys are back in the safe, and the
 * agent publishes YubikeysReturned. A key still connected to this computer is not in the safe: that is
 * refused. Running it again after the event was published changes nothing. Its words are in {@code runbooks.properties}.
 */
public final class ReturnRunbook {

    private static final System.Logger LOG = System.getLogger(ReturnRunbook.class.getName());

    private final TaskLog taskLog;
    private final EventSink sink;
    private final YubiKeys yubiKeys;
    private final Terminal terminal;
    private final String engineer;
    private RootMfaTask task;
    private List<String> serials;

    public ReturnRunbook(TaskLog taskLog, EventSink sink, YubiKeys yubiKeys, Terminal terminal, String engineer) {
        this.taskLog = taskLog;
        this.sink = sink;
        this.yubiKeys = yubiKeys;
        this.terminal = terminal;
        this.engineer = engineer;
    }

    public Outcome run(String reference) {
        return Runbook.run(terminal, "returned", () -> text("returned.interrupted", reference), List.of(
                new Step(() -> true, () -> null, () -> findTask(reference)),
                Step.of(() -> task.failure().map(failure -> text("returned.failed", failure.stage(), failure.reason()))
                        .orElse(text("returned.not-secured")), () -> confirmOr(text("returned.anyway"), "returned.wait"))
                        .onlyIf(() -> task.secured().isEmpty()),
                Step.of(() -> null, () -> KeySteps.refuseConnected(serials, yubiKeys, terminal, "returned")),
                Step.of(() -> null, () -> confirmOr(text("returned.in-safe", String.join(", ", serials)), "returned.not-in-safe")),
                new Step(() -> true, () -> null, this::publish)));
    }

    /** Finds the task; ends the run when the keys are already recorded as returned. */
    private Outcome findTask(String reference) {
        task = Runbook.find(taskLog, reference, "returned");
        if (task.returned().isPresent()) {
            TaskEvent.KeysReturned done = task.returned().get();
            terminal.say(text("returned.already", task.accountId(), done.engineer(), done.occurredAt()));
            return Outcome.ALREADY_DONE;
        }
        serials = task.seeded().orElseThrow(() -> new StepFailed(text("returned.not-seeded", task.accountId(), task.requestId())))
                .serials();
        terminal.say(text("returned.keys", task.accountId(), task.request().accountName(), String.join(", ", serials)));
        return null;
    }

    private void confirmOr(String question, String stoppedKey) {
        if (!terminal.confirm(question)) {
            throw new StepFailed(text(stoppedKey));
        }
    }

    private Outcome publish() {
        String eventId = Runbook.publish("returned", task.requestId(), () -> sink.publishReturned(task, serials, engineer));
        LOG.log(System.Logger.Level.INFO, "YubikeysReturned {0} published for request {1}", eventId, task.requestId());
        terminal.say(text("returned.done", eventId));
        return Outcome.PUBLISHED;
    }
}
