package uk.gov.gds.awsam.agent.cli;

import java.util.concurrent.Callable;

import jakarta.enterprise.context.Dependent;

import org.jboss.logging.MDC;

import io.quarkus.arc.Unremovable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import uk.gov.gds.awsam.agent.config.AgentConfig;
import uk.gov.gds.awsam.agent.domain.EventSink;
import uk.gov.gds.awsam.agent.domain.TaskLog;
import uk.gov.gds.awsam.agent.domain.Terminal;
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

    private final AgentConfig config;
    private final TaskLog taskLog;
    private final EventSink sink;
    private final Terminal terminal;

    public VerifyCommand(AgentConfig config, TaskLog taskLog, EventSink sink, Terminal terminal) {
        this.config = config;
        this.taskLog = taskLog;
        this.sink = sink;
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        String engineer = Engineer.of(config);
        MDC.put("requestId", reference);
        return ExitCodes.of(new VerifyRunbook(taskLog, sink, terminal, engineer).run(reference, reason));
    }
}
