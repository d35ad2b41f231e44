package uk.gov.gds.awsam.agent.cli;

import java.util.concurrent.Callable;

import jakarta.enterprise.context.Dependent;

import org.jboss.logging.MDC;

import io.quarkus.arc.Unremovable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import uk.gov.gds.awsam.agent.config.AgentConfig;
import uk.gov.gds.awsam.agent.domain.EventSink;
import uk.gov.gds.awsam.agent.domain.ReturnRunbook;
import uk.gov.gds.awsam.agent.domain.TaskLog;
import uk.gov.gds.awsam.agent.domain.Terminal;
import uk.gov.gds.awsam.agent.domain.YubiKeys;

@Dependent
@Unremovable
@Command(name = "returned", mixinStandardHelpOptions = true,
        description = "Confirms both YubiKeys are back in the safe and publishes YubikeysReturned: the account is complete.")
public class ReturnedCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<request-id|account-id>", description = "the task: its request id, or the account id")
    String reference;

    private final AgentConfig config;
    private final TaskLog taskLog;
    private final EventSink sink;
    private final YubiKeys yubiKeys;
    private final Terminal terminal;

    public ReturnedCommand(AgentConfig config, TaskLog taskLog, EventSink sink, YubiKeys yubiKeys, Terminal terminal) {
        this.config = config;
        this.taskLog = taskLog;
        this.sink = sink;
        this.yubiKeys = yubiKeys;
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        String engineer = Engineer.of(config);
        MDC.put("requestId", reference);
        return ExitCodes.of(new ReturnRunbook(taskLog, sink, yubiKeys, terminal, engineer).run(reference));
    }
}
