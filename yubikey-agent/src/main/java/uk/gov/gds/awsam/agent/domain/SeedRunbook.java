package uk.gov.gds.awsam.agent.domain;

import static uk.gov.gds.awsam.agent.domain.Wording.text;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.LongStream;

import uk.gov.gds.awsam.agent.domain.Runbook.Step;

/**
 * The root-MFA runbook, step by step, refusing to go on when a check fails:
 * <ol>
 * <li>ykman is there; the two registered keys are inserted, usable, have a free OATH slot, and whether they
 * already hold the credential (from an earlier run);</li>
 * <li>a new 40-character root password, shown once for the console's password reset;</li>
 * <li>the MFA secret key, typed hidden and checked as base32, stored on each key with ykman (a key already
 * holding that very secret is left alone), then both keys must give the same, right code;</li>
 * <li>two consecutive codes for the console (waiting for the next 30-second window, with a countdown), and
 * the engineer's word that the console took them and that a root sign-in with MFA works;</li>
 * <li>RootMfaSeeded, acknowledged by the broker.</li>
 * </ol>
 * The password and the secret live only in {@code char[]}/{@code byte[]} fields of this object, go to the
 * screen (password, once) and to ykman (secret, through its standard input), and are wiped when the run
 * ends, however it ends.
 *
 * <p>Running it again is always safe: a task whose RootMfaSeeded is already on the topic is not seeded
 * again; a key already holding the credential is detected and checked against the new secret rather than
 * given a second copy; keys that an earlier run finished with can be published without redoing them.
 *
 * <p>Each step is a {@link Step} (what it checks, its heading, what it does); the words are in {@code runbooks.properties}.
 */
public final class SeedRunbook {

    /** Codes are only shown with at least this much of their window left. */
    static final Duration MIN_TIME_LEFT_FOR_FIRST_CODE = Duration.ofSeconds(5);
    /** A little past a window's start, so that the keys are surely in the new window too. */
    static final Duration WINDOW_MARGIN = Duration.ofMillis(300);
    private static final System.Logger LOG = System.getLogger(SeedRunbook.class.getName());
    private static final int SECRET_TRIES = 3;

    private final TaskLog taskLog;
    private final EventSink sink;
    private final YubiKeys yubiKeys;
    private final KnownKeys knownKeys;
    private final Terminal terminal;
    private final Ticker ticker;
    private final SecureRandom random;
    private final String engineer;

    // The run's state: secrets (wiped at the end) and how far it got (for the message on an interruption).
    private char[] password;
    private char[] secret;
    private byte[] secretBytes;
    private RootMfaTask task;
    private List<KnownKey> keys;
    private Map<KnownKey, KeyDetails> details;
    private final Set<String> keysHoldingCredential = new LinkedHashSet<>();
    private boolean passwordShown;
    private boolean consoleAccepted;
    private boolean signInTested;
    private volatile boolean finished;

    public SeedRunbook(TaskLog taskLog, EventSink sink, YubiKeys yubiKeys, KnownKeys knownKeys, Terminal terminal,
            Ticker ticker, SecureRandom random, String engineer) {
        this.taskLog = taskLog;
        this.sink = sink;
        this.yubiKeys = yubiKeys;
        this.knownKeys = knownKeys;
        this.terminal = terminal;
        this.ticker = ticker;
        this.random = random;
        this.engineer = engineer;
    }

    /**
     * Runs the runbook for a task named by its request id or account id, on the registered keys (or on
     * {@code chosenSerials} when more keys are registered than the task needs).
     */
    public Outcome run(String reference, List<String> chosenSerials) {
        try {
            return Runbook.run(terminal, "seed", this::interruptionReport, List.of(
                    new Step(() -> true, () -> text("seed.reading"), () -> findTask(reference, chosenSerials)),
                    Step.of(() -> text("seed.step.keys"), this::checkYkmanAndKeys),
                    Step.of(() -> text("seed.step.password"), this::resetPassword).onlyIf(() -> !consoleAccepted),
                    Step.of(() -> text("seed.step.secret"), this::storeSecret).onlyIf(() -> !consoleAccepted),
                    Step.of(() -> text("seed.step.codes"), this::codesForConsole).onlyIf(() -> !consoleAccepted),
                    Step.of(() -> text("seed.test", request().consoleSignInUrl(), request().rootEmail()), this::testSignIn),
                    new Step(() -> true, () -> text("seed.step.record"), this::publish)));
        } finally {
            wipe();
            finished = true;
        }
    }

    /**
     * What to tell the engineer when the run is cut short (Ctrl-C, or the input closed): nothing was
     * published, nothing secret was kept, and what the keys hold now. Wipes the secrets.
     */
    public String interruptionReport() {
        wipe();
        if (finished) {
            return "";
        }
        StringBuilder report = new StringBuilder(text("seed.interrupted"));
        if (task != null) {
            report.append(keysHoldingCredential.isEmpty() ? text("seed.interrupted.unchanged") : text("seed.interrupted.holding",
                    keysHoldingCredential.size(), String.join(", ", keysHoldingCredential), request().credentialName()));
        }
        report.append(text("seed.interrupted.secrets"));
        if (consoleAccepted) {
            report.append(text("seed.interrupted.accepted"));
        } else if (passwordShown) {
            report.append(text("seed.interrupted.shown"));
        }
        return task == null ? report.toString() : report.append(text("seed.interrupted.continue", task.requestId())).toString();
    }

    private TaskEvent.MfaRequested request() {
        return task.request();
    }

    /** Finds the task; ends the run when it is already seeded. */
    private Outcome findTask(String reference, List<String> chosenSerials) {
        task = Runbook.find(taskLog, reference, "seed");
        TaskEvent.MfaRequested request = request();
        if (task.seeded().isPresent()) {
            TaskEvent.MfaSeeded done = task.seeded().get();
            String serials = String.join(", ", done.serials());
            if (task.stage() == RootMfaTask.Stage.FAILED) {
                TaskEvent.Failed failure = task.failure().get();
                throw new StepFailed(text("seed.failed-after-seeding", request.accountId(), done.engineer(), done.occurredAt(), serials,
                        failure.stage(), failure.reason(), failure.whatNext() == null || failure.whatNext().isBlank() ? ""
                                : " " + failure.whatNext(), task.nextStep()));
            }
            terminal.say(text("seed.already-seeded", request.accountId(), done.occurredAt(), done.engineer(), serials, task.nextStep()));
            return Outcome.ALREADY_DONE;
        }
        LOG.log(System.Logger.Level.INFO, "seeding root MFA for request {0}, account {1}", task.requestId(), request.accountId());
        terminal.say(text("seed.task", request.accountId(), request.accountName(), task.requestId(), request.rootEmail(),
                request.consoleSignInUrl(), request.credentialName()));
        keys = KeySteps.choose(knownKeys, terminal, request.keysRequired(), chosenSerials);
        return null;
    }

    /** Step 1: ykman, the keys, and whether an earlier run already stored the credential (and finished the console step). */
    private void checkYkmanAndKeys() {
        KeySteps.checkYkman(yubiKeys, terminal);
        String credentialName = request().credentialName();
        details = checkKeys(credentialName);
        List<KnownKey> holders = keys.stream().filter(k -> details.get(k).holds(credentialName)).toList();
        holders.forEach(k -> keysHoldingCredential.add(k.serial()));
        if (holders.size() == keys.size()) {
            terminal.say(text("seed.all-hold", credentialName));
            if (terminal.confirm(text("seed.earlier-finished"))) {
                consoleAccepted = true;
                keysAgree(credentialName);
                return;
            }
            terminal.say(text("seed.all-hold-replace"));
        } else if (!holders.isEmpty()) {
            terminal.say(text("seed.some-hold", KeySteps.describe(holders), holders.size(), credentialName));
        }
    }

    private Map<KnownKey, KeyDetails> checkKeys(String credentialName) {
        KeySteps.waitFor(keys, yubiKeys, terminal, "seed");
        Map<KnownKey, KeyDetails> checked = new LinkedHashMap<>();
        for (KnownKey key : keys) {
            KeyDetails d = KeySteps.describeUsable(key, yubiKeys, "seed");
            boolean holds = d.holds(credentialName);
            if (!holds && d.free() == 0) {
                throw new StepFailed(text("seed.key-full", key.describe(), d.credentials().size(), d.capacity(), d.firmware(), key.serial()));
            }
            terminal.say(text(holds ? "seed.key-checked-holding" : "seed.key-checked", key.describe(), d.firmware(), d.credentials().size(),
                    d.capacity(), credentialName));
            checked.put(key, d);
        }
        return checked;
    }

    /** Step 2: a new root password, shown once. */
    private void resetPassword() {
        terminal.say(text("seed.password-reset", request().consoleSignInUrl(), request().rootEmail()));
        password = RootPassword.generate(random);
        terminal.showOnce(text("seed.password-label"), password, text("seed.password-prompt"));
        RootPassword.wipe(password);
        passwordShown = true;
        terminal.say(text("seed.password-done"));
    }

    /** Step 3: the secret, read hidden and stored on each key; then the keys must agree with it. */
    private void storeSecret() {
        terminal.say(text("seed.secret-where"));
        readSecret();
        for (KnownKey key : keys) {
            store(key, details.get(key), request().credentialName());
        }
        keysAgree(request().credentialName());
    }

    private void readSecret() {
        for (int attempt = 1; ; attempt++) {
            wipeSecret();
            secret = terminal.askHidden(text("seed.secret-prompt"));
            if (secret == null) {
                throw new Terminal.EndOfInput();
            }
            Optional<String> problem = Base32.problem(secret);
            if (problem.isEmpty()) {
                secretBytes = Base32.decode(secret);
                terminal.say(text("seed.secret-read", secretBytes.length * 8));
                return;
            }
            terminal.say(text("seed.secret-invalid", problem.get()));
            if (attempt == SECRET_TRIES) {
                throw new StepFailed(text("seed.secret-tries", SECRET_TRIES));
            }
        }
    }

    private void store(KnownKey key, KeyDetails details, String credentialName) {
        if (details.holds(credentialName)) {
            if (matchesSecret(code(key, credentialName))) {
                terminal.say(text("seed.key-has-secret", key.describe()));
                keysHoldingCredential.add(key.serial());
                return;
            }
            if (!terminal.confirm(text("seed.replace-older", key.describe(), credentialName))) {
                throw new StepFailed(text("seed.kept-older", key.describe(), credentialName));
            }
        }
        try {
            yubiKeys.addTotp(key.serial(), credentialName, secret);
        } catch (YubiKeyError e) {
            throw new StepFailed(afterPartialSeed(KeySteps.problem(key, e), credentialName));
        }
        keysHoldingCredential.add(key.serial());
        LOG.log(System.Logger.Level.INFO, "credential {0} stored on YubiKey {1}", credentialName, key.serial());
        terminal.say(text("seed.stored", key.describe()));
    }

    private String afterPartialSeed(String problem, String credentialName) {
        if (consoleAccepted) {
            return text("seed.partial.accepted", problem);
        }
        return keysHoldingCredential.isEmpty() ? text("seed.partial.none", problem, credentialName) : text("seed.partial.some",
                problem, String.join(", ", keysHoldingCredential), keysHoldingCredential.size(), credentialName);
    }

    /** Both keys must give the same code, and (when the secret is known) the code of that secret. */
    private String keysAgree(String credentialName) {
        for (int attempt = 0; attempt < 3; attempt++) {
            long before = Totp.window(ticker.now());
            Map<KnownKey, String> codes = new LinkedHashMap<>();
            for (KnownKey key : keys) {
                codes.put(key, code(key, credentialName));
            }
            if (before != Totp.window(ticker.now())) {
                continue; // a window ended between two keys: ask again
            }
            if (codes.values().stream().distinct().count() > 1) {
                throw new StepFailed(text("seed.codes-differ", credentialName, codesText(codes)));
            }
            String code = codes.values().iterator().next();
            if (secretBytes != null && !matchesSecret(code)) {
                throw new StepFailed(text("seed.code-not-secret"));
            }
            terminal.say(text(secretBytes != null ? "seed.keys-agree-secret" : "seed.keys-agree"));
            return code;
        }
        throw new StepFailed(text("seed.window-missed"));
    }

    /** Step 4: two consecutive codes, until the console accepts them. */
    private void codesForConsole() {
        String credentialName = request().credentialName();
        while (true) {
            if (Totp.leftInWindow(ticker.now()).compareTo(MIN_TIME_LEFT_FOR_FIRST_CODE) < 0) {
                countdown(text("seed.first-code-in"));
            }
            terminal.say(text("seed.code-1", keysAgree(credentialName)));
            countdown(text("seed.second-code-in"));
            terminal.say(text("seed.code-2", keysAgree(credentialName)));
            terminal.say(text("seed.codes-where"));
            if (terminal.confirm(text("seed.console-accepted"))) {
                break;
            }
            if (!terminal.confirm(text("seed.codes-again"))) {
                throw new StepFailed(text("seed.codes-refused", credentialName));
            }
        }
        consoleAccepted = true;
        wipeSecret();
        LOG.log(System.Logger.Level.INFO, "console accepted the codes for request {0}", task.requestId());
    }

    private void countdown(String what) {
        Instant target = Totp.nextWindowStart(ticker.now()).plus(WINDOW_MARGIN);
        Instant now = ticker.now();
        while (now.isBefore(target)) {
            Duration left = Duration.between(now, target);
            terminal.progress(text("seed.countdown", what, Math.max(1, (left.toMillis() + 999) / 1000)));
            try {
                ticker.sleep(Duration.ofMillis(left.toMillis() % 1000 == 0 ? 1000 : left.toMillis() % 1000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Terminal.EndOfInput();
            }
            now = ticker.now();
        }
        terminal.progress("");
    }

    /** The engineer tests a root sign-in with a code from a key (or says it was not tested). */
    private void testSignIn() {
        while (true) {
            String answer = terminal.ask(text("seed.test-prompt")).strip().toLowerCase(Locale.ROOT);
            if (answer.isEmpty()) {
                String code = code(keys.get(0), request().credentialName());
                terminal.say(text("seed.test-code", code, Totp.leftInWindow(ticker.now()).toSeconds()));
            } else if (answer.equals("y") || answer.equals("yes")) {
                signInTested = true;
                return;
            } else if (answer.equals("n") || answer.equals("no")) {
                if (terminal.confirm(text("seed.untested"))) {
                    return;
                }
                throw new StepFailed(text("seed.untested-stopped"));
            }
        }
    }

    /** Step 5: RootMfaSeeded, acknowledged by the broker. */
    private Outcome publish() {
        List<String> serials = keys.stream().map(KnownKey::serial).toList();
        String eventId = Runbook.publish("seed", task.requestId(), () -> sink.publishSeeded(task, serials, engineer, signInTested));
        LOG.log(System.Logger.Level.INFO, "RootMfaSeeded {0} published for request {1}", eventId, task.requestId());
        terminal.say(text("seed.done", eventId, String.join(", ", serials), signInTested ? 1 : 0));
        terminal.say(text("seed.next", task.requestId()));
        return Outcome.PUBLISHED;
    }

    private String code(KnownKey key, String credentialName) {
        try {
            return yubiKeys.code(key.serial(), credentialName);
        } catch (YubiKeyError e) {
            throw new StepFailed(afterPartialSeed(KeySteps.problem(key, e), credentialName));
        }
    }

    private boolean matchesSecret(String code) {
        long window = Totp.window(ticker.now());
        return secretBytes != null && LongStream.rangeClosed(window - 1, window + 1).anyMatch(w -> Totp.code(secretBytes, w).equals(code));
    }

    private static String codesText(Map<KnownKey, String> codes) {
        return String.join(", ", codes.entrySet().stream().map(e -> e.getKey().serial() + ": " + e.getValue()).toList());
    }

    private void wipeSecret() {
        RootPassword.wipe(secret);
        secret = null;
        if (secretBytes != null) {
            Arrays.fill(secretBytes, (byte) 0);
            secretBytes = null;
        }
    }

    private synchronized void wipe() {
        RootPassword.wipe(password);
        password = null;
        wipeSecret();
    }
}
