package uk.gov.gds.awsam.agent.cli;

import java.security.SecureRandom;
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
import uk.gov.gds.awsam.agent.domain.SeedRunbook;
import uk.gov.gds.awsam.agent.domain.TaskLog;
import uk.gov.gds.awsam.agent.domain.Terminal;
import uk.gov.gds.awsam.agent.domain.Ticker;
import uk.gov.gds.awsam.agent.domain.YubiKeys;

@Dependent
@Unremovable
@Command(name = "seed", mixinStandardHelpOptions = true,
        description = {"Walks you through seeding a new account's root MFA on two YubiKeys, checking each step,",
                "and publishes RootMfaSeeded. Safe to run again after any failure or Ctrl-C."})
public class SeedCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<request-id|account-id>", description = "the task: its request id, or the account id")
    String reference;

    @Option(names = "--key", paramLabel = "SERIAL", description = "a registered YubiKey to use (once per key) when more than two are registered")
    List<String> keys = new ArrayList<>();

    private final AgentConfig config;
    private final TaskLog taskLog;
    private final EventSink sink;
    private final YubiKeys yubiKeys;
    private final KnownKeys knownKeys;
    private final Terminal terminal;
    private final Ticker ticker;

    public SeedCommand(AgentConfig config, TaskLog taskLog, EventSink sink, YubiKeys yubiKeys, KnownKeys knownKeys,
            Terminal terminal, Ticker ticker) {
        this.config = config;
        this.taskLog = taskLog;
        this.sink = sink;
        this.yubiKeys = yubiKeys;
        this.knownKeys = knownKeys;
        this.terminal = terminal;
        this.ticker = ticker;
    }

    @Override
    public Integer call() {
        if (!(terminal instanceof ConsoleTerminal)) {
            terminal.say("✗ seed is interactive (the secret key is read hidden, the password shown once): run it in a terminal.");
            return ExitCodes.FAILED;
        }
        String engineer = Engineer.of(config);
        MDC.put("requestId", reference);
        SeedRunbook runbook = new SeedRunbook(taskLog, sink, yubiKeys, knownKeys, terminal, ticker, new SecureRandom(), engineer);
        try (Interruption ignored = Interruption.report(runbook::interruptionReport)) {
            return ExitCodes.of(runbook.run(reference, keys));
        }
    }
}
