package uk.gov.gds.awsam.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

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
    private final String socket = "e2e-agent-" + ProcessHandle.current().pid();

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
        return exec(command, input);
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
        startInTmux("seed", requestId);
        waitFor("console has accepted it");
        keys("Enter");
        waitFor("secret key the console shows (hidden)");
        type(secret);
        keys("Enter");
        waitFor("Did the console accept both codes");
        type("y");
        keys("Enter");
        waitFor("Press Enter for a code to sign in with");
        type("y");
        keys("Enter");
        return waitFor("[exit 0]");
    }

    /** The keys go back in the safe (unplugged first: the agent refuses while one is connected). */
    String returned(String requestId) {
        SERIALS.forEach(ykman::remove);
        return run("y\n", "returned", requestId);
    }

    @Override
    public void close() {
        exec(List.of("tmux", "-L", socket, "kill-server"), null);
    }

    private void startInTmux(String... args) {
        StringBuilder shell = new StringBuilder("env");
        env.forEach((k, v) -> shell.append(' ').append(k).append('=').append(quote(v)));
        shell.append(' ').append(quote(launcher.toString())).append(" --config ").append(quote(config.toString()));
        for (String arg : args) {
            shell.append(' ').append(quote(arg));
        }
        shell.append("; echo \"[exit $?]\"; sleep 600");
        exec(List.of("tmux", "-L", socket, "kill-server"), null);
        exec(List.of("tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", "agent", "-x", "160", "-y", "50",
                "bash", "--noprofile", "--norc", "-c", shell.toString()), null);
    }

    private void type(String text) {
        exec(List.of("tmux", "-L", socket, "send-keys", "-t", "agent", "-l", text), null);
    }

    private void keys(String key) {
        exec(List.of("tmux", "-L", socket, "send-keys", "-t", "agent", key), null);
    }

    String screen() {
        return exec(List.of("tmux", "-L", socket, "capture-pane", "-p", "-J", "-S", "-", "-t", "agent"), null);
    }

    private String waitFor(String text) {
        try {
            return Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(this::screen, s -> s.contains(text));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the agent's terminal never showed \"" + text + "\"; it shows:\n" + screen(), e);
        }
    }

    private String exec(List<String> command, String input) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(env);
            Process process = builder.start();
            try (var in = process.getOutputStream()) {
                if (input != null) {
                    in.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("did not finish: " + command);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
