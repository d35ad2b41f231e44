package uk.gov.gds.awsam.agent.cli;

import java.util.function.Function;
import java.util.function.Supplier;

import org.jboss.logging.MDC;

import uk.gov.gds.awsam.agent.config.AgentConfig;
import uk.gov.gds.awsam.agent.config.AgentFiles;
import uk.gov.gds.awsam.agent.domain.EventSink;
import uk.gov.gds.awsam.agent.domain.KnownKeys;
import uk.gov.gds.awsam.agent.domain.Outcome;
import uk.gov.gds.awsam.agent.domain.TaskLog;
import uk.gov.gds.awsam.agent.domain.Terminal;
import uk.gov.gds.awsam.agent.domain.Ticker;
import uk.gov.gds.awsam.agent.domain.YubiKeys;

/**
 * What the runbook commands ({@code seed}, {@code verify}, {@code returned}, {@code remove}) hand their runbook, and
 * the one way they run it: as the configured engineer, logs keyed by the task's reference, Ctrl-C answered with the
 * runbook's account of where it stopped, and its {@link Outcome} turned into the exit status.
 */
record RunbookParts(AgentConfig config, TaskLog taskLog, EventSink sink, YubiKeys yubiKeys, KnownKeys knownKeys, Terminal terminal,
        Ticker ticker) {

    /** A runbook ready to run: its steps, and what it says when Ctrl-C cuts it short ("": nothing). */
    record Run(Supplier<Outcome> steps, Supplier<String> interruptionReport) {

        Run(Supplier<Outcome> steps) {
            this(steps, () -> "");
        }
    }

    /** Builds the run for the engineer ({@code runFor}) and runs it on the task named by {@code reference}. */
    int run(String reference, Function<String, Run> runFor) {
        String engineer = engineer();
        MDC.put("requestId", reference);
        Run run = runFor.apply(engineer);
        try (Interruption ignored = Interruption.report(run.interruptionReport())) {
            return ExitCodes.of(run.steps().get());
        }
    }

    /** The engineer's identity, which every event the agent publishes records. */
    private String engineer() {
        return config.engineer().filter(e -> !e.isBlank()).map(String::strip).orElseThrow(() -> new IllegalStateException(
                "who you are is not configured: add `agent.engineer=<your email address>` to " + AgentFiles.configFile()));
    }
}
