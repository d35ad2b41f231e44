package uk.gov.gds.awsam.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The system as deploy/local runs it, each part its own process, driven through the same scripts a
 * developer uses (up, restart, down) on free ports with a run folder of its own, so a developer's own
 * local run on the default ports is left alone.
 */
final class LocalSystem implements AutoCloseable {

    static final List<String> PORT_VARIABLES = List.of("KAFKA_PORT", "CONTROLLER_PORT", "REGISTRY_PORT", "MOTO_PORT",
            "SMTP_PORT", "GREENMAIL_API_PORT", "GITHUB_PORT", "REQUEST_SERVICE_PORT", "TERRAFORM_GENERATOR_PORT",
            "PR_SERVICE_PORT", "PROVISIONER_PORT", "NOTIFIER_PORT", "KEYCLOAK_PORT", "KEYCLOAK_MANAGEMENT_PORT");

    /**
     * This module's directory: the working directory of a test (surefire runs in the module), or
     * {@code awsam.e2e.dir} when the benchmark runs inside Maven's own JVM (exec:java, from the repository root).
     */
    static final Path MODULE = Path.of(System.getProperty("awsam.e2e.dir", "")).toAbsolutePath();

    private final Path root;
    private final Path runDir;
    private final Map<String, Integer> ports;
    private final Map<String, String> environment;
    private final String upOutput;

    private LocalSystem(Path root, Path runDir, Map<String, Integer> ports, Map<String, String> environment, String upOutput) {
        this.root = root;
        this.runDir = runDir;
        this.ports = ports;
        this.environment = environment;
        this.upOutput = upOutput;
    }

    /**
     * Runs deploy/local/up --no-build (with --infra-only unless services are wanted), with its run folder
     * at target/local-run-NAME and free ports; {@code environment} reaches every part (e.g. a setting of a
     * service for this suite).
     */
    static LocalSystem up(String name, boolean services, Map<String, String> environment) {
        Path root = MODULE.getParent().getParent();
        Path runDir = MODULE.resolve("target").resolve("local-run-" + name);
        Map<String, Integer> ports = new LinkedHashMap<>();
        PORT_VARIABLES.forEach(variable -> ports.put(variable, freePort()));
        LocalSystem system = new LocalSystem(root, runDir, ports, Map.copyOf(environment), "");
        List<String> command = new ArrayList<>(List.of(root.resolve("deploy/local/up").toString(), "--no-build"));
        if (!services) {
            command.add("--infra-only");
        }
        String output = system.run(command, 600);
        return new LocalSystem(root, runDir, ports, system.environment, output);
    }

    int port(String variable) {
        Integer port = ports.get(variable);
        if (port == null) {
            throw new IllegalArgumentException("no port variable " + variable);
        }
        return port;
    }

    Path root() {
        return root;
    }

    String url(String portVariable) {
        return "http://127.0.0.1:" + port(portVariable);
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port("KAFKA_PORT");
    }

    String registryUrl() {
        return url("REGISTRY_PORT") + "/apis/registry/v3";
    }

    /** The issuer of the run's identity provider (Keycloak, the local realm). */
    String issuer() {
        return url("KEYCLOAK_PORT") + "/realms/aws-accounts";
    }

    /** The password of the run's Keycloak bootstrap admin. */
    String keycloakAdminPassword() {
        try {
            return Files.readString(runDir.resolve("keycloak/admin-password")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String upOutput() {
        return upOutput;
    }

    Path runDir() {
        return runDir;
    }

    /** The PID deploy/local recorded for a part, if it recorded one. */
    Optional<Long> pid(String part) {
        Path file = runDir.resolve("pids").resolve(part + ".pid");
        try {
            return Files.exists(file) ? Optional.of(Long.parseLong(Files.readString(file).trim().split("\\s+")[0]))
                    : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every PID deploy/local recorded. */
    Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        try (var files = Files.list(runDir.resolve("pids"))) {
            files.forEach(file -> {
                String part = file.getFileName().toString().replace(".pid", "");
                pid(part).ifPresent(pid -> pids.put(part, pid));
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pids;
    }

    /** Kills a part without warning, as a crash would. */
    void kill9(String part) {
        long pid = pid(part).orElseThrow(() -> new IllegalStateException(part + " has no PID"));
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }

    /** Stops a part as an orchestrator would (SIGTERM), and waits for it to have gone. */
    void stop(String part) {
        long pid = pid(part).orElseThrow(() -> new IllegalStateException(part + " has no PID"));
        ProcessHandle.of(pid).ifPresent(process -> {
            process.destroy();
            process.onExit().orTimeout(60, java.util.concurrent.TimeUnit.SECONDS).join();
        });
    }

    /** deploy/local/restart: starts parts again in place (data kept). */
    String restart(String... parts) {
        List<String> command = new ArrayList<>(List.of(root.resolve("deploy/local/restart").toString()));
        command.addAll(List.of(parts));
        return run(command, 300);
    }

    /** deploy/local/token: what it printed (an access token from the run's Keycloak). */
    String token(String person) {
        return run(List.of(root.resolve("deploy/local/token").toString(), person), 60);
    }

    /** deploy/preflight against this run (an engineer's token from its Keycloak); what it printed. Fails unless it passed. */
    String preflight() {
        return run(List.of(root.resolve("deploy/preflight").toString()), 300);
    }

    /** deploy/local/down; returns what it printed. */
    String down() {
        return run(List.of(root.resolve("deploy/local/down").toString()), 300);
    }

    @Override
    public void close() {
        down();
    }

    private String run(List<String> command, long timeoutSeconds) {
        try {
            Files.createDirectories(runDir);
            Path log = Files.createTempFile(runDir, "script-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            builder.environment().put("AWSAM_RUN_DIR", runDir.toString());
            ports.forEach((variable, port) -> builder.environment().put(variable, Integer.toString(port)));
            Process process = builder.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish in " + timeoutSeconds + " s:\n" + Files.readString(log));
            }
            String output = Files.readString(log);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command + " failed with exit code " + process.exitValue() + ":\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
