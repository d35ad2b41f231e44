package uk.gov.gds.awsam.agent.cli;

import java.util.concurrent.Callable;

import jakarta.enterprise.context.Dependent;

import io.quarkus.arc.Unremovable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import uk.gov.gds.awsam.agent.cli.RunbookParts.Run;
import uk.gov.gds.awsam.agent.domain.VerifyRunbook;

@Dependent
@Unremovable
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"After the request failed at SECURE_ROOT and you fixed the cause (the root MFA device, admins missing from",
                "gds-users), asks the provisioner to check the root again and secure the account (RetryRequested).",
                "Nothing is seeded again."})
public class VerifyCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<request-id|account-id>", description = "the task: its request id, or the account id")
    String reference;

    @Option(names = "--reason", paramLabel = "TEXT", description = "what you fixed, recorded on the request's timeline (asked for if left out)")
    String reason;

    private final RunbookParts parts;

    public VerifyCommand(RunbookParts parts) {
        this.parts = parts;
    }

    @Override
    public Integer call() {
        return parts.run(reference,
                engineer -> new Run(() -> new VerifyRunbook(parts.taskLog(), parts.sink(), parts.terminal(), engineer).run(reference, reason)));
    }
}
