package uk.gov.gds.awsam.agent.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import jakarta.enterprise.context.Dependent;

import io.quarkus.arc.Unremovable;
import picocli.CommandLine.Command;
import uk.gov.gds.awsam.agent.client.YkmanPreflight;
import uk.gov.gds.awsam.agent.domain.Terminal;
import uk.gov.gds.awsam.agent.messaging.KafkaPreflight;
import uk.gov.gds.awsam.agent.messaging.RegistryPreflight;
import uk.gov.gds.awsam.preflight.Finding;
import uk.gov.gds.awsam.preflight.Report;

/**
 * {@code preflight}: checks the engineer's machine before a first seeding (ykman, Kafka with the agent's credentials
 * and grants, the registry), with the agent's configuration, and prints the report: 0 when it passed, 1 otherwise. No
 * key is touched and nothing is published.
 */
@Dependent
@Unremovable
@Command(name = "preflight", mixinStandardHelpOptions = true,
        description = "Checks this machine before a first seeding: ykman, Kafka (login, read and write grants), the schema registry.")
public class PreflightCommand implements Callable<Integer> {

    static final String SERVICE = "yubikey-agent";

    private final YkmanPreflight ykman;
    private final KafkaPreflight kafka;
    private final RegistryPreflight registry;
    private final Terminal terminal;

    public PreflightCommand(YkmanPreflight ykman, KafkaPreflight kafka, RegistryPreflight registry, Terminal terminal) {
        this.ykman = ykman;
        this.kafka = kafka;
        this.registry = registry;
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        List<Finding> findings = new ArrayList<>(ykman.check());
        findings.addAll(kafka.check());
        findings.addAll(registry.check());
        Report report = new Report(SERVICE, findings);
        terminal.say(report.text().stripTrailing());
        return report.passed() ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
