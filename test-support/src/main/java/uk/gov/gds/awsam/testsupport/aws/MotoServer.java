package uk.gov.gds.awsam.testsupport.aws;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.jboss.logging.Logger;

/**
 * The AWS emulator of tests and of the local run: moto's server behind the strict AWS layer
 * ({@code strict_aws.py}, shipped with this class, Python 3 with {@code moto[server]}), on loopback. The layer
 * makes moto answer as AWS does where moto is kinder (trust policies enforced on AssumeRole, propagation windows,
 * CreateAccount in progress, DeleteConflict, EntityTemporarilyUnmodifiable, root-MFA lag; see the script's
 * header and {@link StrictAws}), with the switches of a profile ({@value #PROFILE_ENV}, default {@code test}).
 *
 * <p>{@link #get()} gives the JVM's shared server, started on first use on a free port of 127.0.0.1 and stopped
 * (by its PID) when the JVM exits; or, when {@value #ENDPOINT_ENV} names one, a server that is already
 * running (the end-to-end suite, or a developer's). {@link #start(Path)} starts a separate one for whoever owns
 * its lifetime. Tests call {@link #reset()} before each test ({@code POST /moto-api/reset}): moto then forgets
 * every account, organisation, user and role (issued STS sessions stay valid) and the layer's switches return
 * to the profile.
 *
 * <p>What neither checks (MFA codes, root-user calls, most account creation failures, throttling) is tested
 * against a stand-in of the AWS API instead.
 */
public final class MotoServer implements AutoCloseable {

    /** An already running moto server to use instead of starting one, e.g. {@code http://127.0.0.1:5000}; tests reset it. */
    public static final String ENDPOINT_ENV = "MOTO_ENDPOINT_URL";
    /** A server command taking {@code -H host -p port}, instead of the strict layer run by {@code python3}. */
    public static final String EXECUTABLE_ENV = "MOTO_SERVER";
    /** The strict layer's profile: {@code test} (seconds), {@code production-like} (AWS's delays), {@code off} (bare moto). */
    public static final String PROFILE_ENV = "STRICT_AWS_PROFILE";
    /** The launcher, as a class-path resource next to this class (deploy/local runs it from the source tree). */
    public static final String LAUNCHER_RESOURCE = "strict_aws.py";
    /** Static credentials moto accepts (it does not check signatures). */
    public static final String ACCESS_KEY_ID = "testing";
    public static final String SECRET_ACCESS_KEY = "testing";
    public static final String REGION = "eu-west-2";
    /** The account moto acts in for callers that have not assumed a role into another one. */
    public static final String DEFAULT_ACCOUNT_ID = "123456789012";

    private static final Logger LOG = Logger.getLogger(MotoServer.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
    private static final int START_ATTEMPTS = 3;
    /** Where the JVM's shared server is parked, with JDK types only, so every class loader finds the same one. */
    private static final String JVM_WIDE_KEY = "uk.gov.gds.awsam.testsupport.aws.moto";
    private static MotoServer shared;

    private final URI endpoint;
    private final ProcessHandle process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private MotoServer(URI endpoint, ProcessHandle process) {
        this.endpoint = endpoint;
        this.process = process;
    }

    /** The JVM's shared moto server: started once, stopped at JVM exit. */
    public static MotoServer get() {
        synchronized (System.getProperties()) {
            if (shared != null) {
                return shared;
            }
            if (System.getProperties().get(JVM_WIDE_KEY) instanceof Map<?, ?> parked) {
                shared = new MotoServer(URI.create((String) parked.get("endpoint")), null);
                return shared;
            }
            String external = System.getenv(ENDPOINT_ENV);
            MotoServer server;
            if (external != null && !external.isBlank()) {
                server = new MotoServer(URI.create(external.strip()), null);
                server.awaitAnswering(() -> true);
                LOG.infof("Using the moto server at %s (%s)", server.endpoint, ENDPOINT_ENV);
            } else {
                server = start(defaultLogFile());
                Runtime.getRuntime().addShutdownHook(new Thread(server::close, "moto-server-stop"));
            }
            Map<String, Object> parked = new HashMap<>();
            parked.put("endpoint", server.endpoint.toString());
            System.getProperties().put(JVM_WIDE_KEY, parked);
            shared = server;
            return server;
        }
    }

    /**
     * Starts a new moto server on a free loopback port, writing its output to {@code logFile}, and returns
     * once it answers. The caller stops it with {@link #close()}.
     */
    public static MotoServer start(Path logFile) {
        Optional<String> executable = Optional.ofNullable(System.getenv(EXECUTABLE_ENV)).filter(s -> !s.isBlank());
        if (executable.isPresent()) {
            return start(logFile, List.of(executable.get()));
        }
        String profile = Optional.ofNullable(System.getenv(PROFILE_ENV)).filter(s -> !s.isBlank()).orElse("test");
        return start(logFile, List.of("python3", launcher(logFile.toAbsolutePath().getParent()).toString(), "--profile", profile));
    }

    /** Starts {@code executable} (a server command taking {@code -H host -p port}) as {@link #start(Path)} does. */
    public static MotoServer start(Path logFile, String executable) {
        return start(logFile, List.of(executable));
    }

    private static MotoServer start(Path logFile, List<String> command) {
        String executable = String.join(" ", command);
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int port = freePort();
            Process process;
            try {
                Files.createDirectories(logFile.toAbsolutePath().getParent());
                List<String> argv = new java.util.ArrayList<>(command);
                argv.addAll(List.of("-H", "127.0.0.1", "-p", Integer.toString(port)));
                process = new ProcessBuilder(argv)
                        .redirectErrorStream(true)
                        .redirectOutput(logFile.toFile())
                        .start();
            } catch (IOException e) {
                throw new IllegalStateException("could not run " + executable + " (python3 with moto: `pip install 'moto[server]'`, or set "
                        + EXECUTABLE_ENV + " or " + ENDPOINT_ENV + ")", e);
            }
            long start = System.nanoTime();
            MotoServer server = new MotoServer(URI.create("http://127.0.0.1:" + port), process.toHandle());
            try {
                server.awaitAnswering(process::isAlive);
                LOG.infof("moto server (pid %d) answering at %s in %d ms; log %s", process.pid(), server.endpoint,
                        (System.nanoTime() - start) / 1_000_000, logFile);
                return server;
            } catch (IllegalStateException notAnswering) {
                server.close();
                last = new IllegalStateException(notAnswering.getMessage() + "; log: " + tail(logFile), notAnswering);
                LOG.warnf("moto server attempt %d on port %d failed: %s", attempt, port, last.getMessage());
            }
        }
        throw last;
    }

    /** The base URL every AWS client of a test points at (moto serves every service on it). */
    public URI endpoint() {
        return endpoint;
    }

    /** The strict layer's administration: its switches, root MFA as the console would set it, what it refused. */
    public StrictAws strict() {
        return new StrictAws(endpoint, http);
    }

    /** Forgets everything moto holds (accounts, organisations, users, roles; not issued sessions); the switches return to the profile. */
    public void reset() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("moto reset answered " + response.statusCode() + ": " + response.body());
        }
    }

    /**
     * Everything moto holds, as its JSON model dump ({@code GET /moto-api/data.json}): lets a test check what
     * reached AWS that no AWS API returns (e.g. a login profile's password).
     */
    public String modelData() {
        return send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/data.json")).GET().build()).body();
    }

    /** The PID of the moto process this JVM started, if it started one. */
    public Optional<Long> pid() {
        return Optional.ofNullable(process).map(ProcessHandle::pid);
    }

    /** Stops the moto process this object started (by its PID, with its children); nothing otherwise. */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        // No lambdas here: this runs in a shutdown hook, when the class loader that loaded it may be closed.
        List<ProcessHandle> children = process.descendants().toList();
        for (ProcessHandle child : children) {
            child.destroy();
        }
        process.destroy();
        try {
            process.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception notYet) {
            for (ProcessHandle child : children) {
                child.destroyForcibly();
            }
            process.destroyForcibly();
        }
    }

    private void awaitAnswering(Supplier<Boolean> alive) {
        try {
            Awaitility.await("moto server at " + endpoint).atMost(STARTUP_TIMEOUT)
                    .pollInterval(Duration.ofMillis(200))
                    .failFast("the moto server process exited", () -> !alive.get())
                    .until(this::answers);
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("moto server at " + endpoint + " did not answer within " + STARTUP_TIMEOUT, e);
        } catch (org.awaitility.core.TerminalFailureException e) {
            throw new IllegalStateException("the moto server process for " + endpoint + " exited before answering", e);
        }
    }

    private boolean answers() {
        try {
            return http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/data.json")).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("moto server at " + endpoint + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Writes the launcher out of the class path into {@code dir} (once per content) and returns its path. */
    public static Path launcher(Path dir) {
        try (java.io.InputStream in = MotoServer.class.getResourceAsStream(LAUNCHER_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(LAUNCHER_RESOURCE + " is missing from the class path");
            }
            byte[] script = in.readAllBytes();
            Files.createDirectories(dir);
            Path file = dir.resolve(LAUNCHER_RESOURCE);
            if (!Files.exists(file) || !java.util.Arrays.equals(Files.readAllBytes(file), script)) {
                Path written = Files.createTempFile(dir, "strict_aws", ".py");
                Files.write(written, script);
                Files.move(written, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the strict AWS launcher into " + dir, e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path defaultLogFile() {
        Path dir = Files.isDirectory(Path.of("target")) ? Path.of("target") : Path.of(System.getProperty("java.io.tmpdir"));
        return dir.resolve("moto-server-" + ProcessHandle.current().pid() + ".log");
    }

    private static String tail(Path logFile) {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
