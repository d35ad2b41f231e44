package uk.gov.gds.awsam.agent.client;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import uk.gov.gds.awsam.agent.domain.KeyDetails;
import uk.gov.gds.awsam.agent.domain.YubiKeyError;
import uk.gov.gds.awsam.agent.domain.YubiKeyError.Kind;
import uk.gov.gds.awsam.agent.domain.YubiKeys;

/**
 * The YubiKeys through the real {@code ykman} command (yubikey-manager 5):
 *
 * <pre>
 * ykman --version
 * ykman list --serials
 * ykman --device SERIAL info
 * ykman --device SERIAL oath info
 * ykman --device SERIAL oath accounts list
 * ykman --device SERIAL oath accounts add -f -o TOTP -d 6 -a SHA1 -P 30 NAME      (secret on standard input)
 * ykman --device SERIAL oath accounts code -s NAME
 * ykman --device SERIAL oath accounts delete -f NAME
 * </pre>
 *
 * The secret is written to ykman's standard input, which ykman 5 reads when SECRET is left out and its
 * input is not a terminal, rather than passed as an argument as the manual runbook did: an argument shows
 * in the process list ({@code ps}) to every user of the machine. ykman's arguments and outputs are logged;
 * its input never is. Errors carry ykman's own message ({@code ERROR: No YubiKey detected!}, {@code ERROR:
 * Failed connecting to a YubiKey with serial: …}).
 */
public final class YkmanCli implements YubiKeys {

    private static final Logger LOG = Logger.getLogger(YkmanCli.class);
    private static final Pattern VERSION = Pattern.compile("version:\\s*(\\S+)");
    private static final Pattern FIRMWARE = Pattern.compile("(?m)^Firmware version:\\s*(\\S+)");
    private static final Pattern PROTECTION = Pattern.compile("(?m)^Password protection:\\s*(\\S+)");
    private static final Pattern CODE = Pattern.compile("[0-9]{6,8}");
    private static final String INSTALL = "Install yubikey-manager 5 (`pipx install yubikey-manager`, or your package manager's yubikey-manager)";

    private final String command;
    private final Map<String, String> environment;
    private final Duration timeout;

    /**
     * @param command     {@code ykman}, looked up on the PATH of {@code environment}, or a path to it
     * @param environment the environment ykman runs with (the agent's own, in production)
     * @param timeout     how long one ykman call may take
     */
    public YkmanCli(String command, Map<String, String> environment, Duration timeout) {
        this.command = command;
        this.environment = Map.copyOf(environment);
        this.timeout = timeout;
    }

    @Override
    public String version() {
        Matcher m = VERSION.matcher(run(null, null, "--version").stdout);
        if (!m.find()) {
            throw new YubiKeyError(Kind.NOT_INSTALLED, null, "`" + command + " --version` did not say which version it is: is it yubikey-manager?");
        }
        return m.group(1);
    }

    @Override
    public List<String> connectedSerials() {
        return run(null, null, "list", "--serials").stdout.lines().map(String::strip).filter(l -> l.matches("[0-9]+")).toList();
    }

    @Override
    public KeyDetails describe(String serial) {
        Matcher firmware = FIRMWARE.matcher(run(serial, null, "--device", serial, "info").stdout);
        String version = firmware.find() ? firmware.group(1) : "unknown";
        String oath = run(serial, null, "--device", serial, "oath", "info").stdout;
        Matcher protection = PROTECTION.matcher(oath);
        boolean locked = protection.find() && protection.group(1).equalsIgnoreCase("enabled");
        boolean remembered = oath.contains("remembered by ykman");
        if (locked && !remembered) {
            return new KeyDetails(serial, version, true, false, List.of());
        }
        List<String> names = run(serial, null, "--device", serial, "oath", "accounts", "list").stdout.lines()
                .filter(l -> !l.isBlank()).toList();
        return new KeyDetails(serial, version, locked, remembered, names);
    }

    @Override
    public void addTotp(String serial, String credentialName, char[] base32Secret) {
        byte[] line = new byte[base32Secret.length + 1];
        try {
            for (int i = 0; i < base32Secret.length; i++) {
                line[i] = (byte) base32Secret[i]; // base32 is ASCII: checked before it gets here
            }
            line[base32Secret.length] = '\n';
            run(serial, line, "--device", serial, "oath", "accounts", "add", "-f", "-o", "TOTP", "-d", "6", "-a", "SHA1", "-P", "30",
                    credentialName);
        } finally {
            Arrays.fill(line, (byte) 0);
        }
    }

    @Override
    public void delete(String serial, String credentialName) {
        run(serial, null, "--device", serial, "oath", "accounts", "delete", "-f", credentialName);
    }

    @Override
    public String code(String serial, String credentialName) {
        String out = run(serial, null, "--device", serial, "oath", "accounts", "code", "-s", credentialName).stdout.strip();
        if (!CODE.matcher(out).matches()) {
            throw new YubiKeyError(Kind.FAILED, serial, "ykman gave no code for " + credentialName);
        }
        return out;
    }

    private record Output(String stdout, String stderr) {
    }

    private Output run(String serial, byte[] input, String... args) {
        Path executable = resolve();
        List<String> argv = new ArrayList<>();
        argv.add(executable.toString());
        argv.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().clear();
        builder.environment().putAll(environment);
        long start = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new YubiKeyError(Kind.NOT_INSTALLED, serial, "ykman could not be started (" + executable + "): " + e.getMessage());
        }
        CompletableFuture<String> stdout = drain(process.getInputStream());
        CompletableFuture<String> stderr = drain(process.getErrorStream());
        try (OutputStream in = process.getOutputStream()) {
            if (input != null) {
                in.write(input);
            }
        } catch (IOException e) {
            // ykman exited before reading its input: its own error says why
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new YubiKeyError(Kind.FAILED, serial, "ykman did not answer within " + timeout.toSeconds() + " s (" + String.join(" ", args) + ")");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new YubiKeyError(Kind.FAILED, serial, "interrupted while ykman was running");
        }
        Output output = new Output(stdout.join(), stderr.join());
        int exit = process.exitValue();
        LOG.debugf("ykman %s: exit %d in %d ms", String.join(" ", args), exit, (System.nanoTime() - start) / 1_000_000);
        if (exit != 0) {
            throw failure(serial, exit, output.stderr);
        }
        return output;
    }

    static YubiKeyError failure(String serial, int exit, String stderr) {
        String message = message(stderr, exit);
        Kind kind;
        if (stderr.contains("No YubiKey detected")) {
            kind = Kind.NO_KEY;
        } else if (stderr.contains("Failed connecting to a YubiKey with serial")) {
            kind = Kind.NOT_CONNECTED;
        } else if (stderr.contains("No space left on the YubiKey") || stderr.contains("Is there enough space")) {
            kind = Kind.FULL;
        } else if (stderr.contains("Enter the password") || stderr.contains("Authentication to the YubiKey failed")) {
            kind = Kind.LOCKED;
        } else {
            kind = Kind.FAILED;
        }
        LOG.warnf("ykman failed (exit %d) on %s: %s", exit, serial == null ? "-" : serial, message);
        return new YubiKeyError(kind, serial, message);
    }

    /** ykman's own words: its ERROR: (or click's Error:) line and what follows it, with the cause of a crash. */
    static String message(String stderr, int exit) {
        List<String> lines = stderr.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("ERROR:") || line.startsWith("Error:")) {
                StringBuilder message = new StringBuilder(line);
                if (line.contains("unexpected error") && lines.size() > i + 1) {
                    message.append(" (").append(lines.get(lines.size() - 1)).append(')');
                } else if (i + 1 < lines.size() && !lines.get(i + 1).startsWith("Traceback")) {
                    message.append(' ').append(lines.get(i + 1));
                }
                return message.toString();
            }
        }
        if (!lines.isEmpty()) {
            return lines.get(lines.size() - 1);
        }
        return "ykman exited with status " + exit;
    }

    private Path resolve() {
        if (command.contains(File.separator)) {
            Path path = Path.of(command);
            if (Files.isExecutable(path)) {
                return path;
            }
            throw new YubiKeyError(Kind.NOT_INSTALLED, null, "ykman is not installed at " + command + " (agent.ykman). " + INSTALL
                    + ", or set agent.ykman to its path");
        }
        String pathVariable = environment.getOrDefault("PATH", "");
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new YubiKeyError(Kind.NOT_INSTALLED, null, "ykman is not installed: `" + command + "` is not on the PATH (" + pathVariable
                + "). " + INSTALL + ", or set agent.ykman to its path");
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, task -> {
            // a thread per stream: the common pool may have a single thread on a small machine
            Thread reader = new Thread(task, "ykman-output");
            reader.setDaemon(true);
            reader.start();
        });
    }
}
