package uk.gov.gds.awsam.agent.cli;

import java.security.SecureRandom;
import java.util.concurrent.Callable;

import jakarta.enterprise.context.Dependent;

import io.quarkus.arc.Unremovable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import uk.gov.gds.awsam.agent.cli.RunbookParts.Run;
import uk.gov.gds.awsam.agent.domain.SeedRunbook;

@Dependent
@Unremovable
@Command(name = "seed", mixinStandardHelpOptions = true,
        description = {"Walks you through seeding a new account's root MFA on two YubiKeys, checking each step,",
                "and publishes RootMfaSeeded. Safe to run again after any failure or Ctrl-C."})
public class SeedCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<request-id|account-id>", description = "the task: its request id, or the account id")
    String reference;

    @Mixin
    KeyChoice keys;

    private final RunbookParts parts;

    public SeedCommand(RunbookParts parts) {
        this.parts = parts;
    }

    @Override
    public Integer call() {
        if (!(parts.terminal() instanceof ConsoleTerminal)) {
            parts.terminal().say("✗ seed is interactive (the secret key is read hidden, the password shown once): run it in a terminal.");
            return ExitCodes.FAILED;
        }
        return parts.run(reference, engineer -> {
            SeedRunbook runbook = new SeedRunbook(parts.taskLog(), parts.sink(), parts.yubiKeys(), parts.knownKeys(), parts.terminal(),
                    parts.ticker(), new SecureRandom(), engineer);
            return new Run(() -> runbook.run(reference, keys.serials), runbook::interruptionReport);
        });
    }
}
