package uk.gov.gds.awsam.agent.cli;

import java.util.List;
import java.util.concurrent.Callable;

import jakarta.enterprise.context.Dependent;

import io.quarkus.arc.Unremovable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import uk.gov.gds.awsam.agent.config.KnownKeysFile;
import uk.gov.gds.awsam.agent.domain.KeyDetails;
import uk.gov.gds.awsam.agent.domain.KnownKey;
import uk.gov.gds.awsam.agent.domain.Terminal;
import uk.gov.gds.awsam.agent.domain.YubiKeyError;
import uk.gov.gds.awsam.agent.domain.YubiKeys;

@Dependent
@Unremovable
@Command(name = "keys", mixinStandardHelpOptions = true, description = "The YubiKeys that hold root MFA: register them once.",
        subcommands = {KeysCommand.Add.class, KeysCommand.ListKeys.class, KeysCommand.Remove.class})
public class KeysCommand {

    private final KnownKeysFile keys;
    private final YubiKeys yubiKeys;
    private final Terminal terminal;

    public KeysCommand(KnownKeysFile keys, YubiKeys yubiKeys, Terminal terminal) {
        this.keys = keys;
        this.yubiKeys = yubiKeys;
        this.terminal = terminal;
    }

    /** "firmware 5.4.3, 3 of 32 OATH slots used, 29 free". */
    static String slotsOf(KeyDetails key) {
        return "firmware " + key.firmware() + ", " + key.credentials().size() + " of " + key.capacity() + " OATH slots used, " + key.free()
                + " free";
    }

    @Dependent
    @Unremovable
    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Registers a YubiKey by its serial. The key must be inserted, so that a mistyped serial is caught.")
    public static class Add implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "<serial>", description = "the serial, as `ykman list --serials` prints it")
        String serial;

        @Option(names = "--label", paramLabel = "TEXT", description = "a name for the key, e.g. where it lives in the safe")
        String label = "";

        @ParentCommand
        KeysCommand parent;

        @Override
        public Integer call() {
            KnownKey key;
            try {
                key = new KnownKey(serial, label);
            } catch (IllegalArgumentException e) {
                parent.terminal.say("✗ " + e.getMessage());
                return ExitCodes.USAGE;
            }
            try {
                List<String> connected = parent.yubiKeys.connectedSerials();
                if (!connected.contains(serial)) {
                    parent.terminal.say("✗ YubiKey " + serial + " is not connected"
                            + (connected.isEmpty() ? " (no YubiKey is)" : " (connected: " + String.join(", ", connected) + ")")
                            + ". Insert it and run keys add again; the serial is printed on the key.");
                    return ExitCodes.FAILED;
                }
                KeyDetails details = parent.yubiKeys.describe(serial);
                parent.keys.add(key);
                parent.terminal.say("✓ Registered YubiKey " + key.describe() + ": " + slotsOf(details) + ". (" + parent.keys.file() + ")");
                return ExitCodes.OK;
            } catch (YubiKeyError e) {
                parent.terminal.say("✗ " + e.getMessage());
                return ExitCodes.FAILED;
            }
        }
    }

    @Dependent
    @Unremovable
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists the registered YubiKeys and, for those inserted, their used and free OATH credential slots.")
    public static class ListKeys implements Callable<Integer> {

        @ParentCommand
        KeysCommand parent;

        @Override
        public Integer call() {
            List<KnownKey> known = parent.keys.list();
            if (known.isEmpty()) {
                parent.terminal.say("No YubiKey is registered. Register each key once: yubikey-agent keys add <serial>");
                return ExitCodes.OK;
            }
            List<String> connected;
            try {
                connected = parent.yubiKeys.connectedSerials();
            } catch (YubiKeyError e) {
                known.forEach(k -> parent.terminal.say(k.describe()));
                parent.terminal.say("✗ Cannot see the keys' slots: " + e.getMessage());
                return ExitCodes.FAILED;
            }
            for (KnownKey key : known) {
                parent.terminal.say(key.describe() + ": " + slots(key, connected));
            }
            return ExitCodes.OK;
        }

        private String slots(KnownKey key, List<String> connected) {
            if (!connected.contains(key.serial())) {
                return "not inserted (insert it to see its slots)";
            }
            try {
                return slotsOf(parent.yubiKeys.describe(key.serial()));
            } catch (YubiKeyError e) {
                return "✗ " + e.getMessage();
            }
        }
    }

    @Dependent
    @Unremovable
    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Forgets a registered YubiKey.")
    public static class Remove implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "<serial>")
        String serial;

        @ParentCommand
        KeysCommand parent;

        @Override
        public Integer call() {
            if (parent.keys.remove(serial)) {
                parent.terminal.say("✓ YubiKey " + serial + " is no longer registered.");
                return ExitCodes.OK;
            }
            parent.terminal.say("✗ YubiKey " + serial + " was not registered.");
            return ExitCodes.FAILED;
        }
    }
}
