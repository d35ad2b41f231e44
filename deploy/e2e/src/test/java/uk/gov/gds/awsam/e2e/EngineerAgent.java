package uk.gov.gds.awsam.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import uk.gov.gds.awsam.testsupport.terminal.Tmux;
import uk.gov.gds.awsam.testsupport.yubikey.FakeYkman;

/**
 * An engineer's laptop: the packaged yubikey-agent, run through its launcher in a real terminal (tmux),
 * with two YubiKeys (the fake ykman on the PATH) and a configuration pointing at the local run.
 */
final class EngineerAgent implements AutoCloseable {

    static final String ENGINEER = "engineer@digital.cabinet-office.gov.uk";
    static final List<String> SERIALS = List.of("31000001", "31000002");
    private static final Duration WAIT = Duration.ofSeconds(90);

    private final Path launcher;
    private final Path config;
    private final FakeYkman ykman;
    private final Map<String, String> env = new HashMap<>();
    private final Tmux terminal;

    EngineerAgent(Path root, Path home, String bootstrapServers, String registryUrl) {
        try {
            launcher = root.resolve("yubikey-agent/bin/yubikey-agent");
            Path jar;
            try (var files = Files.list(root.resolve("yubikey-agent/target"))) {
                jar = files.filter(f -> f.getFileName().toString().endsWith("-runner.jar")).findFirst()
                        .orElseThrow(() -> new IllegalStateException("yubikey-agent is not packaged"));
            }
            ykman = FakeYkman.create(home.resolve("ykman"));
            SERIALS.forEach(serial -> ykman.addKey(serial, "5.7.1"));
            config = home.resolve(".config/aws-accounts/agent.properties");
            Files.createDirectories(config.getParent());
            Files.writeString(config, String.join("\n", "agent.engineer=" + ENGINEER,
                    "agent.kafka.bootstrap.servers=" + bootstrapServers, "agent.apicurio.registry.url=" + registryUrl, ""));
            env.putAll(ykman.environment());
            env.put("HOME", home.toString());
            env.put("YUBIKEY_AGENT_LOG", home.resolve("agent.log").toString());
            env.put("YUBIKEY_AGENT_JAR", jar.toString());
            env.put("JAVA_HOME", System.getProperty("java.home"));
            terminal = new Tmux("e2e-agent", env);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    FakeYkman ykman() {
        return ykman;
    }

    /** Runs a command without a terminal (input through a pipe); its output. */
    String run(String input, String... args) {
        List<String> command = new ArrayList<>(List.of(launcher.toString(), "--config", config.toString()));
        command.addAll(List.of(args));
        return Tmux.run(command, input, env);
    }

    void registerKeys() {
        for (String serial : SERIALS) {
            assertThat(run(null, "keys", "add", serial)).contains("Registered YubiKey " + serial);
        }
    }

    /**
     * Seeds root MFA for a request as the engineer does at the console: reads the password shown once,
     * types the MFA secret the console shows, answers that the console accepted both codes and that a root
     * sign-in worked. Returns the whole screen.
     */
    String seed(String requestId, String secret) {
        terminal.start(List.of(launcher.toString(), "--config", config.toString(), "seed", requestId));
        terminal.waitFor("console has accepted it", WAIT);
        terminal.keys("Enter");
        terminal.waitFor("secret key the console shows (hidden)", WAIT);
        terminal.type(secret);
        terminal.keys("Enter");
        terminal.waitFor("Did the console accept both codes", WAIT);
        terminal.type("y");
        terminal.keys("Enter");
        terminal.waitFor("Press Enter for a code to sign in with", WAIT);
        terminal.type("y");
        terminal.keys("Enter");
        return terminal.waitFor("[exit 0]", WAIT);
    }

    /** Runs {@code seed} again in the terminal and waits for it to end; the whole screen. */
    String seedAgain(String requestId) {
        terminal.start(List.of(launcher.toString(), "--config", config.toString(), "seed", requestId));
        return terminal.waitFor("[exit ", WAIT);
    }

    /** The keys go back in the safe (unplugged first: the agent refuses while one is connected). */
    String returned(String requestId) {
        SERIALS.forEach(ykman::remove);
        return run("y\n", "returned", requestId);
    }

    /**
     * A closed account's root MFA credential deleted from both keys in the terminal, as the engineer does it: both
     * keys inserted, then unplugged and locked back in the safe when the agent asks. Returns the whole screen.
     */
    String removeCredential(String requestId) {
        SERIALS.forEach(ykman::insert);
        terminal.start(List.of(launcher.toString(), "--config", config.toString(), "remove", requestId));
        terminal.waitFor("unplugged and locked back in the safe?", WAIT);
        SERIALS.forEach(ykman::remove);
        terminal.type("y");
        terminal.keys("Enter");
        return terminal.waitFor("[exit ", WAIT);
    }

    String screen() {
        return terminal.screen();
    }

    @Override
    public void close() {
        terminal.close();
    }
}
