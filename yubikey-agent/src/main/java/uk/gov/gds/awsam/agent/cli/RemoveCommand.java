package uk.gov.gds.awsam.agent.cli;

import java.util.concurrent.Callable;

import jakarta.enterprise.context.Dependent;

import io.quarkus.arc.Unremovable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import uk.gov.gds.awsam.agent.cli.RunbookParts.Run;
import uk.gov.gds.awsam.agent.domain.RemoveRunbook;

@Dependent
@Unremovable
@Command(name = "remove", mixinStandardHelpOptions = true,
        description = {"Deletes a closed account's root MFA credential from both YubiKeys, checking each key, then (keys back",
                "in the safe) publishes RootMfaRemoved. Safe to run again: a key already clean counts as done."})
public class RemoveCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<request-id|account-id>", description = "the closure: its request id, or the account id")
    String reference;

    @Mixin
    KeyChoice keys;

    private final RunbookParts parts;

    public RemoveCommand(RunbookParts parts) {
        this.parts = parts;
    }

    @Override
    public Integer call() {
        return parts.run(reference, engineer -> {
            RemoveRunbook runbook = new RemoveRunbook(parts.taskLog(), parts.sink(), parts.yubiKeys(), parts.knownKeys(), parts.terminal(),
                    engineer);
            return new Run(() -> runbook.run(reference, keys.serials), runbook::interruptionReport);
        });
    }
}
