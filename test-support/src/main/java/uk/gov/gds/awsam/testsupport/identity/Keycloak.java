package uk.gov.gds.awsam.testsupport.identity;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.jboss.logging.Logger;

import uk.gov.gds.awsam.contract.Sha256;
import uk.gov.gds.awsam.testsupport.mail.FreePorts;

/**
 * A real OIDC identity provider on this machine: Keycloak from Maven Central ({@code keycloak-quarkus-dist}, copied
 * into test-support's {@code target/keycloak} by Maven), started on 127.0.0.1 with the realm of deploy/local.
 *
 * <p>What makes it cheap to start many times (the local run, each end-to-end suite, each test JVM):
 * <ul>
 *   <li>the distribution is unpacked and built once ({@code kc.sh build}: an optimized server with the H2 file
 *       database and health checks), then started with {@code start --optimized};</li>
 *   <li>the realm is imported once into a "template" database, cached under {@code target/keycloak/realm-<hash>}
 *       (the hash covers the realm file, so editing it makes a new one); every start copies that database, so no
 *       start creates a schema or imports anything;</li>
 *   <li>each run has its own small home ({@link #prepare}): the distribution's libraries linked, its own
 *       configuration, database and logs, so runs side by side never share state;</li>
 *   <li>a small JVM: serial GC, C1 only, at most 256 MB of heap.</li>
 * </ul>
 *
 * <p>From the command line (deploy/local/up), to lay out a run's home and print nothing but errors:
 * <pre>
 * java -cp ... uk.gov.gds.awsam.testsupport.identity.Keycloak prepare --home DIR --port 8180 --management-port 8181 --realm REALM.json
 * DIR/bin/start      # runs Keycloak in the foreground (its PID is this script's)
 * </pre>
 * The client secret and the admin password are then in {@code DIR/client-secret} and {@code DIR/admin-password}.
 */
public final class Keycloak implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Keycloak.class);
    private static final ReentrantLock IN_THIS_JVM = new ReentrantLock();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The build options of the optimized server; a change rebuilds it. */
    static final List<String> BUILD_OPTIONS = List.of("--db=dev-file", "--health-enabled=true");
    /** A small JVM: Keycloak's own defaults (G1, C2, a 512 MB heap) cost a third more memory and start slower here. */
    static final String JAVA_OPTS = "-XX:MetaspaceSize=96M -XX:MaxMetaspaceSize=256m -Xms64m -Xmx256m -XX:+UseSerialGC "
            + "-XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError -Dfile.encoding=UTF-8 -Djava.security.egd=file:/dev/urandom";
    static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    /** A run's Keycloak, laid out and ready to start. */
    public record Home(Path dir, int port, int managementPort, String realm, String clientSecret, String adminPassword) {

        /** The issuer of the realm's tokens, as request-service is told it. */
        public String issuer() {
            return "http://127.0.0.1:" + port + "/realms/" + realm;
        }

        public Path startScript() {
            return dir.resolve("bin").resolve("start");
        }

        public URI readiness() {
            return URI.create("http://127.0.0.1:" + managementPort + "/health/ready");
        }
    }

    private final Home home;
    private final Process process;

    private Keycloak(Home home, Process process) {
        this.home = home;
        this.process = process;
        this.sharedTokens = new Tokens(home.issuer());
        List.of(Tokens.REQUESTER, Tokens.OTHER_REQUESTER, Tokens.ENGINEER).forEach(person -> people.put(person, Boolean.TRUE));
    }

    private final Tokens sharedTokens;

    /** Lays out a home under {@code dir}, starts Keycloak there and waits until it is ready. */
    public static Keycloak start(Path dir, int port, int managementPort, Path realmFile) {
        Home home = prepare(dir, port, managementPort, realmFile);
        long started = System.nanoTime();
        Process process = launch(home, Map.of(), dir.resolve("keycloak.log"));
        Keycloak keycloak = new Keycloak(home, process);
        try {
            awaitReady(home, process, dir.resolve("keycloak.log"));
        } catch (RuntimeException notReady) {
            keycloak.close();
            throw notReady;
        }
        LOG.infof("Keycloak ready at %s after %d ms (PID %d)", home.issuer(), (System.nanoTime() - started) / 1_000_000, process.pid());
        return keycloak;
    }

    /** A Keycloak another part of this JVM started (and stops): its home, no process of ours. */
    public static Keycloak attach(Home home) {
        return new Keycloak(home, null);
    }

    public Home home() {
        return home;
    }

    public String issuer() {
        return home.issuer();
    }

    public long pid() {
        return process.pid();
    }

    /** Tokens from this realm, for the people of the realm. */
    public Tokens tokens() {
        return sharedTokens;
    }

    /**
     * An access token for a person of this email, made a person of the realm first when they are not one yet (an
     * engineer in the engineer group): tests name as many people as they need.
     */
    public String accessToken(String email, boolean engineer) {
        // others asking for the same person wait until they exist
        people.computeIfAbsent(email, added -> {
            admin().addUser(email, email, true, engineer ? List.of("/engineer") : List.of());
            return Boolean.TRUE;
        });
        return sharedTokens.accessToken(email);
    }

    private final java.util.Map<String, Boolean> people = new java.util.concurrent.ConcurrentHashMap<>();

    /** The realm's administration, as the bootstrap admin. */
    public synchronized KeycloakAdmin admin() {
        if (admin == null) {
            admin = new KeycloakAdmin("http://127.0.0.1:" + home.port(), home.realm(), home.adminPassword());
        }
        return admin;
    }

    private KeycloakAdmin admin;

    @Override
    public void close() {
        if (process != null) {
            stop(process);
        }
    }

    /**
     * Lays out a run's home under {@code dir} (replacing any earlier one): the built distribution linked, this run's
     * configuration ({@code conf/keycloak.conf}: loopback, the ports, no cluster), a copy of the realm's template
     * database, and {@code bin/start}. Builds the distribution and the template first when they do not exist yet.
     */
    public static Home prepare(Path dir, int port, int managementPort, Path realmFile) {
        try {
            String realmJson = Files.readString(realmFile);
            String realm = realmName(realmJson);
            Path distribution = distribution();
            Template template = template(distribution, realmFile, realm);
            layOut(distribution, dir, port, managementPort);
            Files.createDirectories(dir.resolve("data/h2"));
            Files.copy(template.database(), dir.resolve("data/h2/keycloakdb.mv.db"), StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(dir.resolve("client-secret"), template.clientSecret());
            Files.writeString(dir.resolve("admin-password"), template.adminPassword());
            restrict(dir.resolve("client-secret"));
            restrict(dir.resolve("admin-password"));
            return new Home(dir, port, managementPort, realm, template.clientSecret(), template.adminPassword());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Template(Path database, String clientSecret, String adminPassword) {
    }

    /** Where test-support keeps Keycloak: its own target/keycloak (the zip is copied there by Maven). */
    static Path cacheDirectory() {
        try {
            Path code = Path.of(Keycloak.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return code.getParent().resolve("keycloak");
        } catch (java.net.URISyntaxException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** The unpacked, built distribution (done once, under a lock other JVMs respect too). */
    static Path distribution() {
        Path cache = cacheDirectory();
        Path zip = cache.resolve("keycloak-quarkus-dist.zip");
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException(zip + " is missing: Maven copies it when test-support is built "
                    + "(./mvnw -pl test-support -am package -DskipTests)");
        }
        return locked(cache, () -> {
            Path marker = cache.resolve("built");
            String wanted = zip.toFile().length() + " " + String.join(" ", BUILD_OPTIONS);
            Path home = cache.resolve("distribution");
            if (Files.isRegularFile(marker) && Files.readString(marker).equals(wanted) && Files.isDirectory(home)) {
                return home;
            }
            long started = System.nanoTime();
            deleteTree(home);
            unzip(zip, home);
            List<String> build = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "build"));
            build.addAll(BUILD_OPTIONS);
            run(build, Map.of("JAVA_OPTS", JAVA_OPTS), cache.resolve("build.log"), Duration.ofMinutes(10));
            Files.writeString(marker, wanted);
            LOG.infof("Keycloak unpacked and built in %d s (%s)", (System.nanoTime() - started) / 1_000_000_000, home);
            return home;
        });
    }

    /** The realm's template database: imported once per realm file, then copied by every start. */
    private static Template template(Path distribution, Path realmFile, String realm) throws IOException {
        Path cache = cacheDirectory();
        String hash = Sha256.hex(Files.readString(realmFile) + "|" + Files.readString(cache.resolve("built")));
        Path dir = cache.resolve("realm-" + hash.substring(0, 12));
        return locked(cache, () -> {
            Path database = dir.resolve("keycloakdb.mv.db");
            if (Files.isRegularFile(database) && Files.isRegularFile(dir.resolve("client-secret"))) {
                return new Template(database, Files.readString(dir.resolve("client-secret")), Files.readString(dir.resolve("admin-password")));
            }
            long started = System.nanoTime();
            String secret = randomHex(32);
            String adminPassword = randomHex(16);
            Path work = cache.resolve("template-work");
            deleteTree(work);
            int[] ports = { FreePorts.next("127.0.0.1"), FreePorts.next("127.0.0.1") };
            layOut(distribution, work, ports[0], ports[1]);
            Files.createDirectories(work.resolve("data/import"));
            Files.copy(realmFile, work.resolve("data/import/" + realm + "-realm.json"));
            Home home = new Home(work, ports[0], ports[1], realm, secret, adminPassword);
            Path log = work.resolve("keycloak.log");
            Process importing = launch(home, Map.of("AWSAM_OIDC_CLIENT_SECRET", secret, "KC_BOOTSTRAP_ADMIN_USERNAME", KeycloakAdmin.ADMIN,
                    "KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword), log, "--import-realm");
            try {
                awaitReady(home, importing, log);
            } finally {
                stop(importing);
            }
            Files.createDirectories(dir);
            Files.copy(work.resolve("data/h2/keycloakdb.mv.db"), database, StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(dir.resolve("admin-password"), adminPassword);
            Files.writeString(dir.resolve("client-secret"), secret);
            deleteTree(work);
            LOG.infof("Keycloak realm %s imported into a template database in %d s", realm, (System.nanoTime() - started) / 1_000_000_000);
            return new Template(database, secret, adminPassword);
        });
    }

    /** A home for one run: the distribution's code linked, its own bin, conf and data. */
    private static void layOut(Path distribution, Path dir, int port, int managementPort) throws IOException {
        deleteTree(dir);
        Files.createDirectories(dir.resolve("bin"));
        Files.createDirectories(dir.resolve("conf"));
        for (String shared : List.of("lib", "themes", "providers", "version.txt")) {
            Files.createSymbolicLink(dir.resolve(shared), distribution.resolve(shared));
        }
        try (Stream<Path> conf = Files.list(distribution.resolve("conf"))) {
            for (Path file : conf.toList()) {
                if (!file.getFileName().toString().equals("keycloak.conf")) {
                    Files.createSymbolicLink(dir.resolve("conf").resolve(file.getFileName()), file);
                }
            }
        }
        Files.copy(distribution.resolve("bin/kc.sh"), dir.resolve("bin/kc.sh"));
        executable(dir.resolve("bin/kc.sh"));
        Files.writeString(dir.resolve("conf/keycloak.conf"), String.join("\n",
                "# Written by test-support's Keycloak.prepare for this run only.",
                "http-enabled=true",
                "http-host=127.0.0.1",
                "http-port=" + port,
                "http-management-port=" + managementPort,
                // the issuer follows the address asked for; request-service is told 127.0.0.1
                "hostname-strict=false",
                // one node: no cluster transport listening on other addresses
                "cache=local",
                "log-level=warn,org.keycloak.services:info,io.quarkus:info",
                ""));
        Files.writeString(dir.resolve("bin/start"), String.join("\n",
                "#!/bin/sh",
                "# Starts this run's Keycloak in the foreground (written by test-support's Keycloak.prepare).",
                "JAVA_OPTS=\"" + JAVA_OPTS + "\"",
                "export JAVA_OPTS",
                "exec \"$(dirname \"$0\")/kc.sh\" start --optimized \"$@\"",
                ""));
        executable(dir.resolve("bin/start"));
    }

    private static Process launch(Home home, Map<String, String> environment, Path log, String... arguments) {
        List<String> command = new ArrayList<>(List.of(home.startScript().toString()));
        command.addAll(List.of(arguments));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().remove("JAVA_OPTS_APPEND");
            builder.environment().putAll(environment);
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitReady(Home home, Process process, Path log) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(home.readiness()).timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited (" + process.exitValue() + ") before it was ready:\n" + tail(log));
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
        }
        throw new IllegalStateException("Keycloak was not ready within " + READY_TIMEOUT + ":\n" + tail(log));
    }

    /** TERM (start script and kc.sh pass it on to the JVM), then KILL of it and what it started. */
    static void stop(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        for (ProcessHandle child : children) {
            child.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(timeout -> {
                child.destroyForcibly();
                return child;
            }).join();
        }
    }

    private interface IoSupplier<T> {
        T get() throws IOException;
    }

    private static <T> T locked(Path cache, IoSupplier<T> work) {
        IN_THIS_JVM.lock();
        try {
            Files.createDirectories(cache);
            try (FileChannel channel = FileChannel.open(cache.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = channel.lock()) {
                return work.get();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            IN_THIS_JVM.unlock();
        }
    }

    private static void unzip(Path zip, Path home) throws IOException {
        Path parent = home.getParent();
        Path top = null;
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(archive.entries())) {
                String name = entry.getName();
                int slash = name.indexOf('/');
                String inside = slash < 0 ? "" : name.substring(slash + 1);
                top = parent.resolve(name.substring(0, Math.max(slash, 0)));
                Path target = home.resolve(inside).normalize();
                if (!target.startsWith(home)) {
                    throw new IOException("zip entry outside the distribution: " + name);
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = archive.getInputStream(entry)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                if (inside.startsWith("bin/") && inside.endsWith(".sh")) {
                    executable(target);
                }
            }
        }
        LOG.debugf("unpacked %s (%s) into %s", zip, top, home);
    }

    private static void run(List<String> command, Map<String, String> environment, Path log, Duration timeout) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        try {
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " took longer than " + timeout + ":\n" + tail(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + process.exitValue() + "):\n" + tail(log));
        }
    }

    static String realmName(String realmJson) {
        java.util.regex.Matcher realm = java.util.regex.Pattern.compile("\"realm\"\\s*:\\s*\"([^\"]+)\"").matcher(realmJson);
        if (!realm.find()) {
            throw new IllegalArgumentException("the realm file names no realm");
        }
        return realm.group(1);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void executable(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static void restrict(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        // never follow the links into the shared distribution
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /** {@code prepare --home DIR --port N --management-port N --realm FILE}: lays out a run's home (see the class comment). */
    public static void main(String[] args) {
        Map<String, String> options = new java.util.HashMap<>();
        if (args.length == 0 || !args[0].equals("prepare") || args.length % 2 == 0) {
            usage();
        }
        for (int i = 1; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        if (!options.keySet().containsAll(List.of("--home", "--port", "--management-port", "--realm"))) {
            usage();
        }
        Home home = prepare(Path.of(options.get("--home")).toAbsolutePath(), Integer.parseInt(options.get("--port")),
                Integer.parseInt(options.get("--management-port")), Path.of(options.get("--realm")));
        System.out.println(home.issuer());
    }

    private static void usage() {
        System.err.println("usage: Keycloak prepare --home DIR --port N --management-port N --realm REALM.json");
        System.exit(2);
    }
}
