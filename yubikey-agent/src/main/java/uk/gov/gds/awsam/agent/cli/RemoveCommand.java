package uk.gov.gds.awsam.agent.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import jakarta.enterprise.context.Dependent;

import org.jboss.logging.MDC;

import io.quarkus.arc.Unremovable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import uk.gov.gds.awsam.agent.config.AgentConfig;
import uk.gov.gds.awsam.agent.domain.EventSink;
import uk.gov.gds.awsam.agent.domain.KnownKeys;
import uk.gov.gds.awsam.agent.domain.RemoveRunbook;
import uk.gov.gds.awsam.agent.domain.TaskLog;
import uk.gov.gds.awsam.agent.domain.Terminal;
import uk.gov.gds.awsam.agent.domain.YubiKeys;

@Dependent
@Unremovable
@Command(name = "remove", mixinStandardHelpOptions = true,
        description = {"Deletes a closed account's root MFA credential from both YubiKeys, checking each key, then (keys back",
                "in the safe) publishes RootMfaRemoved. Safe to run again: a key already clean counts as done."})
public class RemoveCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<request-id|account-id>", description = "the closure: its request id, or the account id")
    String reference;

    @Option(names = "--key", paramLabel = "SERIAL", description = "a registered YubiKey to use (once per key) when more than two are registered")
    List<String> keys = new ArrayList<>();

    private final AgentConfig config;
    private final TaskLog taskLog;
    private final EventSink sink;
    private final YubiKeys yubiKeys;
    private final KnownKeys knownKeys;
    private final Terminal terminal;

    public RemoveCommand(AgentConfig config, TaskLog taskLog, EventSink sink, YubiKeys yubiKeys, KnownKeys knownKeys, Terminal terminal) {
        this.config = config;
        this.taskLog = taskLog;
        this.sink = sink;
        this.yubiKeys = yubiKeys;
        this.knownKeys = knownKeys;
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        String engineer = Engineer.of(config);
        MDC.put("requestId", reference);
        RemoveRunbook runbook = new RemoveRunbook(taskLog, sink, yubiKeys, knownKeys, terminal, engineer);
        try (Interruption ignored = Interruption.report(runbook::interruptionReport)) {
            return ExitCodes.of(runbook.run(reference, keys));
        }
    }
}
