package uk.gov.gds.awsam.agent.cli;

import java.util.concurrent.Callable;

import jakarta.enterprise.context.Dependent;

import io.quarkus.arc.Unremovable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import uk.gov.gds.awsam.agent.cli.RunbookParts.Run;
import uk.gov.gds.awsam.agent.domain.ReturnRunbook;

@Dependent
@Unremovable
@Command(name = "returned", mixinStandardHelpOptions = true,
        description = "Confirms both YubiKeys are back in the safe and publishes YubikeysReturned: the account is complete.")
public class ReturnedCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<request-id|account-id>", description = "the task: its request id, or the account id")
    String reference;

    private final RunbookParts parts;

    public ReturnedCommand(RunbookParts parts) {
        this.parts = parts;
    }

    @Override
    public Integer call() {
        return parts.run(reference, engineer -> new Run(
                () -> new ReturnRunbook(parts.taskLog(), parts.sink(), parts.yubiKeys(), parts.terminal(), engineer).run(reference)));
    }
}
