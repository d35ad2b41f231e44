package uk.gov.gds.awsam.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.gov.gds.awsam.agent.cli.PreflightCommand;
import uk.gov.gds.awsam.agent.client.YkmanCli;
import uk.gov.gds.awsam.agent.client.YkmanPreflight;
import uk.gov.gds.awsam.agent.messaging.KafkaConnection;
import uk.gov.gds.awsam.agent.messaging.KafkaPreflight;
import uk.gov.gds.awsam.agent.messaging.RegistryPreflight;
import uk.gov.gds.awsam.testsupport.mail.FreePorts;

/**
 * {@code preflight}: the engineer's machine checked before a first seeding, with the fake ykman, the real broker and
 * the registry stand-in; then without ykman, and with a broker and registry that are not there. No key is touched and
 * nothing is published.
 */
class PreflightTest {

    @TempDir
    Path dir;

    @Test
    void passesWithYkmanTheBrokerAndTheRegistry() {
        AgentFixture f = new AgentFixture(dir);
        ScriptedTerminal terminal = new ScriptedTerminal();

        int exit = command(f.yubiKeys(), "ykman", f.connection, terminal).call();

        assertThat(terminal.transcript()).startsWith("# yubikey-agent\n")
                .contains("PASS          ykman     ykman answers --version, version 5 or later: ykman 5.5.1 (agent.ykman=ykman)")
                .contains("PASS          kafka     connect and log in: " + f.connection.bootstrapServers() + ": cluster ")
                .contains("PASS          kafka     may read the topics it follows: the broker allows READ on aws-accounts.root-mfa-requested, ")
                .contains("PASS          kafka     may write the topics it publishes to: the broker allows WRITE on aws-accounts.root-mfa-seeded, "
                        + "aws-accounts.yubikeys-returned, aws-accounts.retry-requested, aws-accounts.root-mfa-removed (asked of the broker's authorizer: nothing was written)")
                .contains("PASS          kafka     rebuild the tasks from the topics: ")
                .contains("PASS          registry  the schema registry answers: " + f.connection.serdeProperties().get("apicurio.registry.url"))
                .endsWith("yubikey-agent: preflight passed");
        assertThat(exit).isZero();
        assertThat(f.ykman.calls()).as("only --version: no key is touched").allMatch(call -> call.contains("--version"));
    }

    @Test
    void ykmanMissingFailsSayingHowToInstallItOrWhereToPointAgentYkman() {
        AgentFixture f = new AgentFixture(dir);
        Map<String, String> noYkman = new HashMap<>(f.ykman.environment());
        noYkman.put("PATH", dir.resolve("empty").toString());
        ScriptedTerminal onPath = new ScriptedTerminal();
        ScriptedTerminal atPath = new ScriptedTerminal();

        int exit = command(new YkmanCli("ykman", noYkman, Duration.ofSeconds(5)), "ykman", f.connection, onPath).call();
        command(new YkmanCli("/opt/yubikey-manager/bin/ykman", noYkman, Duration.ofSeconds(5)), "/opt/yubikey-manager/bin/ykman",
                f.connection, atPath).call();

        assertThat(exit).isEqualTo(1);
        assertThat(onPath.transcript())
                .contains("FAIL          ykman     ykman answers --version, version 5 or later: ykman is not installed: `ykman` is not on the PATH ("
                        + dir.resolve("empty") + "). Install yubikey-manager 5 (`pipx install yubikey-manager`, or your package manager's "
                        + "yubikey-manager), or set agent.ykman to its path")
                .contains("PASS          kafka     connect and log in")
                .endsWith("yubikey-agent: preflight FAILED, 1 to fix");
        assertThat(atPath.transcript()).contains("FAIL          ykman     ykman answers --version, version 5 or later: "
                + "ykman is not installed at /opt/yubikey-manager/bin/ykman (agent.ykman). "
                + "Install yubikey-manager 5 (`pipx install yubikey-manager`, or your package manager's yubikey-manager), "
                + "or set agent.ykman to its path");
    }

    @Test
    void aBrokerAndARegistryThatAreNotThereFailNamingWhereTheyWereLookedFor() {
        AgentFixture f = new AgentFixture(dir);
        String nowhere = "127.0.0.1:" + FreePorts.next("127.0.0.1");
        KafkaConnection absent = new KafkaConnection(Map.of("bootstrap.servers", nowhere),
                Map.of("apicurio.registry.url", "http://" + nowhere + "/apis/registry/v3"), Duration.ofSeconds(2), Duration.ofSeconds(2));
        ScriptedTerminal terminal = new ScriptedTerminal();

        int exit = command(f.yubiKeys(), "ykman", absent, terminal).call();

        assertThat(exit).isEqualTo(1);
        assertThat(terminal.transcript())
                .contains("FAIL          kafka     connect and log in: Kafka at " + nowhere + " did not answer within 2 s: "
                        + "check agent.kafka.bootstrap.servers (or KAFKA_BOOTSTRAP_SERVERS) and that this machine can reach it (VPN)")
                .contains("CANNOT-CHECK  kafka     may write the topics it publishes to: an earlier check failed")
                .contains("FAIL          registry  the schema registry answers: the registry at http://" + nowhere
                        + "/apis/registry/v3 could not be reached within 2 s")
                .contains("check agent.apicurio.registry.url (or APICURIO_REGISTRY_URL)")
                .endsWith("yubikey-agent: preflight FAILED, 2 to fix");
    }

    private static PreflightCommand command(YkmanCli yubiKeys, String ykman, KafkaConnection connection, ScriptedTerminal terminal) {
        return new PreflightCommand(new YkmanPreflight(yubiKeys, ykman), new KafkaPreflight(connection), new RegistryPreflight(connection),
                terminal);
    }
}
