package uk.gov.gds.awsam.agent.domain;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
    private final Set<String> keysHoldingCredential = new LinkedHashSet<>();
    private boolean passwordShown;
    private boolean consoleAccepted;
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
            return steps(reference, chosenSerials);
        } catch (Terminal.EndOfInput closed) {
            terminal.say("");
            terminal.say(interruptionReport());
            return Outcome.INTERRUPTED;
        } catch (StepFailed failed) {
            terminal.say("");
            terminal.say("✗ " + failed.getMessage());
            LOG.log(System.Logger.Level.WARNING, "seed stopped: {0}", failed.getMessage());
            return Outcome.FAILED;
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
        StringBuilder report = new StringBuilder("Interrupted: nothing was published.");
        if (task != null) {
            report.append(keysHoldingCredential.isEmpty()
                    ? " No key was changed."
                    : " " + plural(keysHoldingCredential.size(), "YubiKey") + " " + String.join(", ", keysHoldingCredential)
                            + " now hold " + task.request().credentialName() + ".");
        }
        report.append(" The root password and the MFA secret were not saved anywhere.");
        if (consoleAccepted) {
            report.append(" The console already accepted the codes: run seed again and answer yes when asked whether"
                    + " the console step was finished.");
        } else if (passwordShown) {
            report.append(" Run seed again when ready: it makes a new password (reset it again in the console) and"
                    + " checks what is already on the keys.");
        }
        if (task != null) {
            report.append(System.lineSeparator()).append("To continue: yubikey-agent seed ").append(task.requestId());
        }
        return report.toString();
    }

    private Outcome steps(String reference, List<String> chosenSerials) {
        terminal.say("Reading the root-MFA tasks from Kafka…");
        TaskBoard board;
        try {
            board = taskLog.rebuild();
        } catch (TaskLog.Unavailable unavailable) {
            throw new StepFailed("Cannot read the tasks from Kafka: " + unavailable.getMessage()
                    + ". Nothing was done; run seed again once the broker is reachable.");
        }
        try {
            task = board.find(reference).orElseThrow(() -> new StepFailed("There is no root-MFA task for " + reference
                    + " (no RootMfaRequested with that request id or account id). `yubikey-agent tasks` lists them."));
        } catch (TaskBoard.AmbiguousReference ambiguous) {
            throw new StepFailed(ambiguous.getMessage());
        }
        TaskEvent.MfaRequested request = task.request();
        if (task.seeded().isPresent() && task.stage() == RootMfaTask.Stage.FAILED) {
            TaskEvent.MfaSeeded done = task.seeded().get();
            TaskEvent.Failed failure = task.failure().get();
            throw new StepFailed("Root MFA of account " + request.accountId() + " is already seeded (by " + done.engineer() + " at "
                    + done.occurredAt() + ", keys " + String.join(", ", done.serials()) + "): do not seed it again. But the request"
                    + " failed after that, at " + failure.stage() + ": " + failure.reason() + "."
                    + (failure.whatNext() == null || failure.whatNext().isBlank() ? "" : " " + failure.whatNext())
                    + " Next: " + task.nextStep());
        }
        if (task.seeded().isPresent()) {
            TaskEvent.MfaSeeded done = task.seeded().get();
            terminal.say("Root MFA of account " + request.accountId() + " was already seeded: RootMfaSeeded was published at "
                    + done.occurredAt() + " by " + done.engineer() + " (keys " + String.join(", ", done.serials())
                    + "). Nothing to do. Next: " + task.nextStep());
            return Outcome.ALREADY_DONE;
        }
        LOG.log(System.Logger.Level.INFO, "seeding root MFA for request {0}, account {1}", task.requestId(), request.accountId());
        terminal.say("");
        terminal.say("Root MFA for account " + request.accountId() + " (" + request.accountName() + ")");
        terminal.say("  request        " + task.requestId());
        terminal.say("  root user      " + request.rootEmail());
        terminal.say("  console        " + request.consoleSignInUrl());
        terminal.say("  credential     " + request.credentialName());
        List<KnownKey> keys = chooseKeys(request.keysRequired(), chosenSerials);

        // Step 1
        terminal.say("");
        terminal.say("Step 1 of 5: ykman and the YubiKeys");
        checkYkman();
        Map<KnownKey, KeyDetails> details = checkKeys(keys, request.credentialName());
        List<KnownKey> holders = keys.stream().filter(k -> details.get(k).holds(request.credentialName())).toList();
        holders.forEach(k -> keysHoldingCredential.add(k.serial()));
        if (holders.size() == keys.size()) {
            terminal.say("All the keys already hold " + request.credentialName() + ": an earlier run got at least that far.");
            if (terminal.confirm("Did that earlier run finish the console step (the console accepted two codes from these keys)?")) {
                consoleAccepted = true;
                keysAgree(keys, request.credentialName());
                return finish(keys, signInTested(keys));
            }
            terminal.say("Then they hold a secret the console never took: they are checked against the new secret below,"
                    + " and replaced once you agree.");
        } else if (!holders.isEmpty()) {
            terminal.say(describe(holders) + " already " + (holders.size() == 1 ? "holds " : "hold ") + request.credentialName()
                    + " from an earlier run: it is checked against the secret you enter, and not added twice.");
        }

        // Step 2
        terminal.say("");
        terminal.say("Step 2 of 5: reset the root password");
        terminal.say("  In a private browser window open " + request.consoleSignInUrl() + ", choose \"Root user\", enter "
                + request.rootEmail() + ", then \"Forgot password?\", and follow the link AWS emails to that address.");
        password = RootPassword.generate(random);
        terminal.showOnce("  The new root password (40 characters; shown once, never stored, copy it into the reset page):",
                password, "  Press Enter once the console has accepted it (the password is then cleared from the screen)");
        RootPassword.wipe(password);
        passwordShown = true;
        terminal.say("  ✓ root password reset");

        // Step 3
        terminal.say("");
        terminal.say("Step 3 of 5: store the MFA secret on the keys");
        terminal.say("  Sign in as root with the new password. In \"Security credentials\" choose \"Assign MFA device\","
                + " type \"Authenticator app\", then \"Show secret key\".");
        readSecret();
        for (KnownKey key : keys) {
            store(key, details.get(key), request.credentialName());
        }
        keysAgree(keys, request.credentialName());

        // Step 4
        terminal.say("");
        terminal.say("Step 4 of 5: two consecutive codes for the console");
        while (true) {
            showTwoCodes(keys, request.credentialName());
            if (terminal.confirm("Did the console accept both codes and show the MFA device as assigned?")) {
                break;
            }
            if (!terminal.confirm("Show two new codes to try again?")) {
                throw new StepFailed("Stopped before the console accepted the codes; nothing was published. The keys hold "
                        + request.credentialName() + ". Run seed again when ready: if the console still shows the same secret,"
                        + " enter it again; the keys are checked, not seeded twice.");
            }
        }
        consoleAccepted = true;
        wipeSecret();
        LOG.log(System.Logger.Level.INFO, "console accepted the codes for request {0}", task.requestId());
        return finish(keys, signInTested(keys));
    }

    private List<KnownKey> chooseKeys(int required, List<String> chosenSerials) {
        List<KnownKey> known = knownKeys.list();
        List<KnownKey> keys;
        if (!chosenSerials.isEmpty()) {
            keys = new ArrayList<>();
            for (String serial : new LinkedHashSet<>(chosenSerials)) {
                keys.add(known.stream().filter(k -> k.serial().equals(serial)).findFirst()
                        .orElseThrow(() -> new StepFailed("YubiKey " + serial + " is not registered. `yubikey-agent keys list`"
                                + " shows the registered keys; `yubikey-agent keys add " + serial + "` registers it.")));
            }
        } else {
            keys = known;
        }
        if (keys.size() < required) {
            throw new StepFailed(required + " YubiKeys must hold the credential and " + plural(keys.size(), "key") + " "
                    + (keys.size() == 1 ? "is" : "are") + " registered. Register each key once with `yubikey-agent keys add <serial>`"
                    + " (`ykman list --serials` shows the serials of the inserted keys).");
        }
        if (keys.size() > required) {
            throw new StepFailed(plural(keys.size(), "YubiKey") + " are registered and " + required
                    + " are needed: choose them with --key <serial> (once per key).");
        }
        terminal.say("  keys           " + describe(keys));
        return keys;
    }

    private void checkYkman() {
        String version;
        try {
            version = yubiKeys.version();
        } catch (YubiKeyError e) {
            throw new StepFailed(e.getMessage());
        }
        if (!KeyDetails.atLeast(version, 5, 0)) {
            throw new StepFailed("ykman " + version + " is too old: the agent needs yubikey-manager 5 or later.");
        }
        terminal.say("  ✓ ykman " + version);
    }

    private Map<KnownKey, KeyDetails> checkKeys(List<KnownKey> keys, String credentialName) {
        waitForKeys(keys);
        Map<KnownKey, KeyDetails> details = new LinkedHashMap<>();
        for (KnownKey key : keys) {
            KeyDetails d;
            try {
                d = yubiKeys.describe(key.serial());
            } catch (YubiKeyError e) {
                throw new StepFailed(keyProblem(key, e) + " Nothing was changed on the keys; run seed again.");
            }
            if (!d.usable()) {
                throw new StepFailed("YubiKey " + key.describe() + " protects its OATH accounts with a password that ykman does not"
                        + " remember. Run `ykman --device " + key.serial() + " oath access remember` first, then seed again.");
            }
            boolean holds = d.holds(credentialName);
            if (!holds && d.free() == 0) {
                throw new StepFailed("YubiKey " + key.describe() + " is full: " + d.credentials().size() + " of " + d.capacity()
                        + " OATH slots are used (firmware " + d.firmware() + "; keys hold 32 accounts, 64 from firmware 5.7)."
                        + " Nothing was changed. Free a slot (`ykman --device " + key.serial()
                        + " oath accounts delete <name>`) or register another key, then run seed again.");
            }
            terminal.say("  ✓ YubiKey " + key.describe() + ": firmware " + d.firmware() + ", " + d.credentials().size() + " of "
                    + d.capacity() + " OATH slots used" + (holds ? ", already holds " + credentialName : ", credential not present"));
            details.put(key, d);
        }
        return details;
    }

    private void waitForKeys(List<KnownKey> keys) {
        while (true) {
            List<String> connected;
            try {
                connected = yubiKeys.connectedSerials();
            } catch (YubiKeyError e) {
                throw new StepFailed(e.getMessage());
            }
            List<KnownKey> missing = keys.stream().filter(k -> !connected.contains(k.serial())).toList();
            if (missing.isEmpty()) {
                return;
            }
            List<String> strangers = connected.stream().filter(s -> keys.stream().noneMatch(k -> k.serial().equals(s))).toList();
            terminal.say("  Insert YubiKey " + describe(missing) + (keys.size() > missing.size() ? "." : " (both keys can be inserted at once)."));
            if (!strangers.isEmpty()) {
                terminal.say("  Connected, but not a key of this task: " + String.join(", ", strangers)
                        + ". It is left alone; check the serial printed on the key (`yubikey-agent keys list`).");
            }
            String answer = terminal.ask("  Press Enter to check again, or type q to stop");
            if (answer.strip().equalsIgnoreCase("q")) {
                throw new StepFailed("Stopped: YubiKey " + describe(missing) + " was not inserted. Nothing was changed; run seed again.");
            }
        }
    }

    private void readSecret() {
        for (int attempt = 1; ; attempt++) {
            wipeSecret();
            secret = terminal.askHidden("  Paste or type the secret key the console shows (hidden)");
            if (secret == null) {
                throw new Terminal.EndOfInput();
            }
            Optional<String> problem = Base32.problem(secret);
            if (problem.isEmpty()) {
                secretBytes = Base32.decode(secret);
                terminal.say("  ✓ secret key read (" + secretBytes.length * 8 + " bits)");
                return;
            }
            terminal.say("  That is not the secret key: " + problem.get() + ".");
            if (attempt == SECRET_TRIES) {
                throw new StepFailed("No valid secret key after " + SECRET_TRIES + " tries; nothing was added to the keys. Run seed again.");
            }
        }
    }

    private void store(KnownKey key, KeyDetails details, String credentialName) {
        if (details.holds(credentialName)) {
            String onKey = code(key, credentialName);
            if (matchesSecret(onKey)) {
                terminal.say("  ✓ YubiKey " + key.describe() + " already holds this secret (an earlier run stored it): not added again");
                keysHoldingCredential.add(key.serial());
                return;
            }
            if (!terminal.confirm("  YubiKey " + key.describe() + " holds an older " + credentialName
                    + " that does not match this secret (an attempt the console never accepted). Replace it?")) {
                throw new StepFailed("Stopped: YubiKey " + key.describe() + " keeps its older " + credentialName
                        + "; nothing was published. Run seed again to replace it.");
            }
        }
        try {
            yubiKeys.addTotp(key.serial(), credentialName, secret);
        } catch (YubiKeyError e) {
            throw new StepFailed(keyProblem(key, e) + afterPartialSeed(credentialName));
        }
        keysHoldingCredential.add(key.serial());
        LOG.log(System.Logger.Level.INFO, "credential {0} stored on YubiKey {1}", credentialName, key.serial());
        terminal.say("  ✓ stored on YubiKey " + key.describe());
    }

    private String afterPartialSeed(String credentialName) {
        if (consoleAccepted) {
            return " Nothing was published; the keys and the console hold the MFA device. Put the key back, run seed again"
                    + " and answer yes when asked whether the console step was finished.";
        }
        String held = keysHoldingCredential.isEmpty() ? " No key holds " + credentialName + " yet."
                : " " + String.join(", ", keysHoldingCredential) + (keysHoldingCredential.size() == 1 ? " holds " : " hold ")
                        + credentialName + " already; that is detected, not duplicated, when you run seed again.";
        return held + " Nothing was published. Fix the key, then run seed again with the same secret key (the console"
                + " still shows it while the \"Assign MFA device\" page is open).";
    }

    /** Both keys must give the same code, and (when the secret is known) the code of that secret. */
    private String keysAgree(List<KnownKey> keys, String credentialName) {
        for (int attempt = 0; attempt < 3; attempt++) {
            long before = Totp.window(ticker.now());
            Map<KnownKey, String> codes = new LinkedHashMap<>();
            for (KnownKey key : keys) {
                codes.put(key, code(key, credentialName));
            }
            long after = Totp.window(ticker.now());
            if (before != after) {
                continue; // a window ended between two keys: ask again
            }
            if (codes.values().stream().distinct().count() > 1) {
                throw new StepFailed("The keys give different codes for " + credentialName + " (" + codesText(codes)
                        + "): they do not hold the same secret. Nothing was published; run seed again to re-store it.");
            }
            String code = codes.values().iterator().next();
            if (secretBytes != null && !matchesSecret(code)) {
                throw new StepFailed("The keys' code does not match the secret key you entered: check this computer's clock."
                        + " Nothing was published.");
            }
            terminal.say("  ✓ both keys give the same code" + (secretBytes != null ? ", the code of the secret you entered" : ""));
            return code;
        }
        throw new StepFailed("Could not read the keys' codes within one 30-second window; run seed again.");
    }

    private void showTwoCodes(List<KnownKey> keys, String credentialName) {
        if (Totp.leftInWindow(ticker.now()).compareTo(MIN_TIME_LEFT_FOR_FIRST_CODE) < 0) {
            countdown("First code in");
        }
        String first = keysAgree(keys, credentialName);
        terminal.say("  MFA code 1:  " + first);
        countdown("Second code in");
        String second = keysAgree(keys, credentialName);
        terminal.say("  MFA code 2:  " + second);
        terminal.say("  Type them into \"MFA code 1\" and \"MFA code 2\" and choose \"Add MFA\".");
    }

    private void countdown(String what) {
        Instant target = Totp.nextWindowStart(ticker.now()).plus(WINDOW_MARGIN);
        Instant now = ticker.now();
        while (now.isBefore(target)) {
            Duration left = Duration.between(now, target);
            terminal.progress("  " + what + " " + Math.max(1, (left.toMillis() + 999) / 1000) + " s…");
            try {
                Duration step = Duration.ofMillis(left.toMillis() % 1000 == 0 ? 1000 : left.toMillis() % 1000);
                ticker.sleep(step);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Terminal.EndOfInput();
            }
            now = ticker.now();
        }
        terminal.progress("");
    }

    private boolean signInTested(List<KnownKey> keys) {
        String credentialName = task.request().credentialName();
        terminal.say("");
        terminal.say("  Now test it: sign out, open a new private window at " + task.request().consoleSignInUrl() + ", sign in as the"
                + " root user " + task.request().rootEmail() + " with the new password and a code from a key.");
        while (true) {
            String answer = terminal.ask("  Press Enter for a code to sign in with; type y when the sign-in with MFA worked, n if it did not")
                    .strip().toLowerCase();
            if (answer.isEmpty()) {
                String code = code(keys.get(0), credentialName);
                terminal.say("  code: " + code + " (" + Totp.leftInWindow(ticker.now()).toSeconds() + " s left)");
            } else if (answer.equals("y") || answer.equals("yes")) {
                return true;
            } else if (answer.equals("n") || answer.equals("no")) {
                if (terminal.confirm("  Publish RootMfaSeeded recording that the root sign-in was NOT tested?")) {
                    return false;
                }
                throw new StepFailed("Stopped: nothing was published. The keys and the console hold the MFA device. Once the"
                        + " sign-in works, run seed again and answer yes when asked whether the console step was finished.");
            }
        }
    }

    private Outcome finish(List<KnownKey> keys, boolean signInTested) {
        terminal.say("");
        terminal.say("Step 5 of 5: record it");
        List<String> serials = keys.stream().map(KnownKey::serial).toList();
        String eventId;
        try {
            eventId = sink.publishSeeded(task, serials, engineer, signInTested);
        } catch (EventSink.Failed failed) {
            throw new StepFailed("Could not publish RootMfaSeeded: " + failed.getMessage() + ". The keys and the console are done;"
                    + " only the record is missing. When Kafka is reachable run `yubikey-agent seed " + task.requestId()
                    + "` again and answer yes when asked whether the console step was finished: it checks the keys and publishes.");
        }
        LOG.log(System.Logger.Level.INFO, "RootMfaSeeded {0} published for request {1}", eventId, task.requestId());
        terminal.say("✓ Done: RootMfaSeeded published and acknowledged (event " + eventId + "; keys " + String.join(", ", serials)
                + "; root sign-in " + (signInTested ? "tested" : "NOT tested") + ").");
        terminal.say("Next: the provisioner secures the account (RootSecured). Then lock both keys back in the safe and run"
                + " `yubikey-agent returned " + task.requestId() + "`.");
        return Outcome.PUBLISHED;
    }

    private String code(KnownKey key, String credentialName) {
        try {
            return yubiKeys.code(key.serial(), credentialName);
        } catch (YubiKeyError e) {
            throw new StepFailed(keyProblem(key, e) + afterPartialSeed(credentialName));
        }
    }

    private boolean matchesSecret(String code) {
        if (secretBytes == null) {
            return false;
        }
        long window = Totp.window(ticker.now());
        for (long w = window - 1; w <= window + 1; w++) {
            if (Totp.code(secretBytes, w).equals(code)) {
                return true;
            }
        }
        return false;
    }

    private static String keyProblem(KnownKey key, YubiKeyError e) {
        String said = e.getMessage().endsWith(".") ? e.getMessage() : e.getMessage() + ".";
        return switch (e.kind()) {
            case NOT_CONNECTED, NO_KEY -> "YubiKey " + key.describe() + " is not connected (was it removed?). ykman said: " + said;
            case FULL -> "YubiKey " + key.describe() + " has no free OATH slot. ykman said: " + said;
            default -> "ykman failed on YubiKey " + key.describe() + ": " + said;
        };
    }

    private static String codesText(Map<KnownKey, String> codes) {
        List<String> parts = new ArrayList<>();
        codes.forEach((k, c) -> parts.add(k.serial() + ": " + c));
        return String.join(", ", parts);
    }

    private static String describe(List<KnownKey> keys) {
        return String.join(" and ", keys.stream().map(KnownKey::describe).toList());
    }

    private static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private void wipeSecret() {
        if (secret != null) {
            Arrays.fill(secret, '\0');
            secret = null;
        }
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
