package uk.gov.gds.awsam.request.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import uk.gov.gds.awsam.testsupport.Infrastructure;
import uk.gov.gds.awsam.testsupport.identity.Keycloak;
import uk.gov.gds.awsam.testsupport.identity.KeycloakTestResource;
import uk.gov.gds.awsam.testsupport.mail.FreePorts;

/**
 * The packaged service (target/quarkus-app/quarkus-run.jar) run as its own process against this JVM's
 * broker and registry, on a free loopback port, stopped by its PID.
 */
final class ServiceProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private ServiceProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * A real identity provider for the service, as in production (its start is not measured), in {@code out}/keycloak,
     * stopped when this JVM exits.
     */
    static Keycloak identityProvider(Path out) {
        Keycloak tokens = Keycloak.start(out.resolve("keycloak"), FreePorts.next("127.0.0.1"), FreePorts.next("127.0.0.1"),
                KeycloakTestResource.realmFile());
        Runtime.getRuntime().addShutdownHook(new Thread(tokens::close, "keycloak-stop"));
        return tokens;
    }

    /**
     * Starts the service with a fixed heap and {@code gc} (e.g. -XX:+UseParallelGC for throughput; empty
     * for the JVM's choice, G1 on this machine).
     */
    static ServiceProcess start(Path jar, Infrastructure infrastructure, Keycloak keycloak, String heap, List<String> gc, Path log,
            Map<String, String> extraEnv) {
        try {
            int port = freePort();
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + heap, "-Xms" + heap));
            command.addAll(gc);
            // extra JVM options for the service, e.g. -Dbench.service.options=-XX:StartFlightRecording=filename=x.jfr
            String extra = System.getProperty("bench.service.options", "").trim();
            if (!extra.isEmpty()) {
                command.addAll(List.of(extra.split("\\s+")));
            }
            command.addAll(List.of("-jar", jar.toString()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            // the local profile: the broker, registry and Keycloak are on this machine, which production refuses
            env.put("QUARKUS_PROFILE", "local");
            env.put("KAFKA_BOOTSTRAP_SERVERS", infrastructure.bootstrapServers());
            env.put("APICURIO_REGISTRY_URL", infrastructure.registryUrl());
            env.put("REQUEST_HTTP_PORT", Integer.toString(port));
            env.put("REQUEST_OIDC_ISSUER", keycloak.issuer());
            env.put("REQUEST_OIDC_CLIENT_SECRET", keycloak.home().clientSecret());
            env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
            env.putAll(extraEnv);
            Files.createDirectories(log.toAbsolutePath().getParent());
            return new ServiceProcess(builder.start(), port, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    /** A figure from /proc/PID/status in MB: VmRSS (resident now) or VmHWM (the peak). */
    long statusMb(String field) {
        return statusMb(pid(), field);
    }

    /** The same for any process, e.g. this one ({@code ProcessHandle.current().pid()}). */
    static long statusMb(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) / 1024;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException(field + " not in /proc/" + pid + "/status");
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    /** Waits until readiness says UP; returns how long that took from now. */
    Duration awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newHttpClient();
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            pause(Duration.ofMillis(50));
        }
        throw new IllegalStateException("the service was not ready within " + timeout + "; see " + log);
    }

    String get(String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs a JDK tool (jcmd) against the service's PID; returns its output. */
    String jcmd(String... arguments) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid())));
        command.addAll(List.of(arguments));
        try {
            Process jcmd = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(jcmd.getInputStream().readAllBytes());
            jcmd.waitFor();
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    static void pause(Duration duration) {
        java.util.concurrent.locks.LockSupport.parkNanos(duration.toNanos());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
