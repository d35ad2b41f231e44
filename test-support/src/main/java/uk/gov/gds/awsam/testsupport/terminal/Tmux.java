package uk.gov.gds.awsam.testsupport.terminal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real terminal for a test: a program run in a tmux session of its own (its own server socket), typed
 * into with send-keys and read with capture-pane, history included. When the program ends the pane shows
 * {@code [exit <status>]}.
 */
public final class Tmux implements AutoCloseable {

    private final String name;
    private final Map<String, String> environment;
    private int sessions;
    private String socket;

    /** A terminal whose programs run with these environment variables (added to this JVM's). */
    public Tmux(String name, Map<String, String> environment) {
        this.name = name + "-" + ProcessHandle.current().pid();
        this.socket = this.name;
        this.environment = new HashMap<>(environment);
    }

    /** Starts the command in a fresh 160x50 session (ending any earlier one). */
    public void start(List<String> command) {
        StringBuilder shell = new StringBuilder("env");
        environment.forEach((k, v) -> shell.append(' ').append(k).append('=').append(quote(v)));
        for (String word : command) {
            shell.append(' ').append(quote(word));
        }
        shell.append("; echo \"[exit $?]\"; sleep 600");
        close();
        // a server of its own for each session: a new session on the socket of a server still shutting down (after
        // kill-server) can be taken down with it ("no server running", seen under load)
        socket = name + "-" + ++sessions;
        run(List.of("tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", "test", "-x", "160", "-y", "50",
                "bash", "--noprofile", "--norc", "-c", shell.toString()), null, environment);
    }

    /** Types text as it is. */
    public void type(String text) {
        run(List.of("tmux", "-L", socket, "send-keys", "-t", "test", "-l", text), null, environment);
    }

    /** Presses a key, in tmux's names: Enter, C-c, ... */
    public void keys(String key) {
        run(List.of("tmux", "-L", socket, "send-keys", "-t", "test", key), null, environment);
    }

    /** The pane with its whole history. */
    public String screen() {
        return run(List.of("tmux", "-L", socket, "capture-pane", "-p", "-J", "-S", "-", "-t", "test"), null, environment);
    }

    /** Waits until the screen shows the text; returns the screen, or fails showing it. */
    public String waitFor(String text, Duration timeout) {
        try {
            return Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(this::screen, s -> s.contains(text));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the terminal never showed \"" + text + "\"; it shows:\n" + screen(), e);
        }
    }

    @Override
    public void close() {
        run(List.of("tmux", "-L", socket, "kill-server"), null, environment);
    }

    /** Runs a command without a terminal (input through a pipe, or none); its output, whatever its status. */
    public static String run(List<String> command, String input, Map<String, String> environment) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(environment);
            Process process = builder.start();
            try (var in = process.getOutputStream()) {
                if (input != null) {
                    in.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("did not finish within 120 s: " + command);
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
