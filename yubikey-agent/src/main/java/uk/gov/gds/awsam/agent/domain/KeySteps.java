package uk.gov.gds.awsam.agent.domain;

import static uk.gov.gds.awsam.agent.domain.Wording.text;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Supplier;

/**
 * The key handling the runbooks share ({@code seed}, {@code remove}, {@code returned}): which registered keys a run uses,
 * waiting until they are inserted, ykman's trouble in the engineer's words, and refusing a key still connected when
 * it should be in the safe. {@code command} names the command to run again in the words.
 */
final class KeySteps {

    private KeySteps() {
    }

    /** ykman is there and is yubikey-manager 5 or later. */
    static void checkYkman(YubiKeys yubiKeys, Terminal terminal) {
        String version = orStop(yubiKeys::version);
        if (!KeyDetails.atLeast(version, 5, 0)) {
            throw new StepFailed(text("keys.ykman-too-old", version));
        }
        terminal.say(text("keys.ykman", version));
    }

    /** The registered keys (or those chosen with --key), exactly {@code required} of them. */
    static List<KnownKey> choose(KnownKeys knownKeys, Terminal terminal, int required, List<String> chosenSerials) {
        List<KnownKey> known = knownKeys.list();
        List<KnownKey> chosen = chosenSerials.isEmpty() ? known : new LinkedHashSet<>(chosenSerials).stream()
                .map(serial -> known.stream().filter(k -> k.serial().equals(serial)).findFirst()
                        .orElseThrow(() -> new StepFailed(text("keys.not-registered", serial))))
                .toList();
        if (chosen.size() < required) {
            throw new StepFailed(text("keys.too-few", required, chosen.size()));
        }
        if (chosen.size() > required) {
            throw new StepFailed(text("keys.too-many", chosen.size(), required));
        }
        terminal.say(text("keys.chosen", describe(chosen)));
        return chosen;
    }

    /** Asks for the missing keys until they are all inserted (or the engineer types q). */
    static void waitFor(List<KnownKey> keys, YubiKeys yubiKeys, Terminal terminal, String command) {
        while (true) {
            List<String> connected = orStop(yubiKeys::connectedSerials);
            List<KnownKey> missing = keys.stream().filter(k -> !connected.contains(k.serial())).toList();
            if (missing.isEmpty()) {
                return;
            }
            List<String> strangers = connected.stream().filter(s -> keys.stream().noneMatch(k -> k.serial().equals(s))).toList();
            terminal.say(text(keys.size() > missing.size() ? "keys.insert" : "keys.insert-both", describe(missing)));
            if (!strangers.isEmpty()) {
                terminal.say(text("keys.strangers", String.join(", ", strangers)));
            }
            if (terminal.ask(text("keys.insert-again")).strip().equalsIgnoreCase("q")) {
                throw new StepFailed(text("keys.not-inserted", describe(missing), command));
            }
        }
    }

    /** The state of an inserted key; a password ykman does not remember stops the run. */
    static KeyDetails describeUsable(KnownKey key, YubiKeys yubiKeys, String command) {
        KeyDetails details;
        try {
            details = yubiKeys.describe(key.serial());
        } catch (YubiKeyError e) {
            throw new StepFailed(text("keys.unchanged", problem(key, e), command));
        }
        if (!details.usable()) {
            throw new StepFailed(text("keys.password", key.describe(), key.serial(), command));
        }
        return details;
    }

    /** A key that should be in the safe and is still connected to this computer stops the run. */
    static void refuseConnected(List<String> serials, YubiKeys yubiKeys, Terminal terminal, String command) {
        try {
            List<String> stillHere = yubiKeys.connectedSerials().stream().filter(serials::contains).toList();
            if (!stillHere.isEmpty()) {
                throw new StepFailed(text("keys.connected", String.join(", ", stillHere), command));
            }
        } catch (YubiKeyError e) {
            terminal.say(text("keys.unchecked", e.getMessage()));
        }
    }

    /** A ykman call whose failure stops the run, in ykman's words. */
    static <T> T orStop(Supplier<T> call) {
        try {
            return call.get();
        } catch (YubiKeyError e) {
            throw new StepFailed(e.getMessage());
        }
    }

    /** What went wrong with a key, with ykman's own words. */
    static String problem(KnownKey key, YubiKeyError e) {
        String said = e.getMessage().endsWith(".") ? e.getMessage() : e.getMessage() + ".";
        return text(switch (e.kind()) {
            case NOT_CONNECTED, NO_KEY -> "keys.gone";
            case FULL -> "keys.no-slot";
            default -> "keys.ykman-failed";
        }, key.describe(), said);
    }

    static String describe(List<KnownKey> keys) {
        return String.join(" and ", keys.stream().map(KnownKey::describe).toList());
    }
}
