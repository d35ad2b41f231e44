package uk.gov.gds.awsam.testsupport.yubikey;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A fake {@code ykman} (yubikey-manager 5's command line) for tests, and the YubiKeys it pretends to see.
 *
 * <p>{@link #create(Path)} puts an executable {@code ykman} (a Python 3 script shipped with this class,
 * standard library only) in {@code <dir>/bin}, first on the PATH of the program under test with
 * {@link #environment()}. The keys (serial, firmware, inserted or not, OATH password, OATH
 * credentials) live in a JSON state file this class edits between the program's calls, e.g. to pull a key
 * out. Codes are RFC 6238 TOTP from the real clock, or from {@link #setTime(Instant)}. Every call's argv
 * is recorded ({@link #calls()}).
 *
 * <pre>
 * FakeYkman ykman = FakeYkman.create(tempDir).addKey("11111111", "5.4.3").addKey("22222222", "5.7.1");
 * ykman.unplugDuring("22222222", "add");         // key 2 is pulled out while a credential is added
 * processBuilder.environment().putAll(ykman.environment());
 * </pre>
 */
public final class FakeYkman {

    /** The script, as a class-path resource next to this class. */
    public static final String SCRIPT_RESOURCE = "ykman";
    /** Environment variable naming the state file. */
    public static final String STATE_ENV = "FAKE_YKMAN_STATE";
    /** Environment variable naming the clock: empty for real time, seconds, or {@code @<file>}. */
    public static final String TIME_ENV = "FAKE_YKMAN_TIME";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static volatile String python;

    private final Path dir;
    private final Path bin;
    private final Path state;
    private final Path clock;

    private FakeYkman(Path dir) {
        this.dir = dir;
        this.bin = dir.resolve("bin");
        this.state = dir.resolve("ykman-state.json");
        this.clock = dir.resolve("ykman-clock");
    }

    /** A fake with no keys, its {@code ykman} in {@code dir/bin}. */
    public static FakeYkman create(Path dir) {
        FakeYkman fake = new FakeYkman(dir);
        try {
            Files.createDirectories(fake.bin);
            Path script = fake.bin.resolve("ykman");
            try (InputStream in = FakeYkman.class.getResourceAsStream(SCRIPT_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("the fake ykman script is missing from the class path");
                }
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                // The absolute interpreter: no shim or PATH lookup per call, and the program's PATH may be minimal.
                text = text.replaceFirst("^#!/usr/bin/env python3", "#!" + python());
                Files.writeString(script, text);
            }
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            ObjectNode root = JSON.createObjectNode();
            root.put("version", "5.5.1");
            root.putArray("keys");
            fake.write(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fake;
    }

    public Path dir() {
        return dir;
    }

    public Path executable() {
        return bin.resolve("ykman");
    }

    /**
     * What the program under test needs in its environment: PATH with the directory holding {@code ykman} first (then the
     * current PATH), the state file, and the clock ({@link #setTime(Instant)}, real time until then).
     */
    public Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        env.put("PATH", bin + ":" + path);
        env.put(STATE_ENV, state.toString());
        env.put(TIME_ENV, "@" + clock);
        return env;
    }

    /** Adds an inserted key with no credentials; firmware like {@code 5.4.3}. */
    public FakeYkman addKey(String serial, String firmware) {
        ObjectNode root = read();
        ObjectNode key = ((ArrayNode) root.get("keys")).addObject();
        key.put("serial", Long.parseLong(serial));
        key.put("firmware", firmware);
        key.put("device_type", "YubiKey 5 NFC");
        key.put("form_factor", "Keychain (USB-A)");
        key.put("inserted", true);
        key.putNull("oath_password");
        key.put("password_remembered", false);
        key.putNull("unplug_on");
        key.putArray("credentials");
        write(root);
        return this;
    }

    public FakeYkman insert(String serial) {
        return edit(serial, key -> key.put("inserted", true));
    }

    public FakeYkman remove(String serial) {
        return edit(serial, key -> key.put("inserted", false));
    }

    public boolean isInserted(String serial) {
        return key(read(), serial).path("inserted").asBoolean(true);
    }

    /**
     * The key is pulled out while the next {@code command} talks to it: {@code add}, {@code code},
     * {@code list}, {@code info}, {@code oath-info} or {@code delete}. That call fails the way ykman does
     * when the card goes away, and the key stays out until {@link #insert(String)}.
     */
    public FakeYkman unplugDuring(String serial, String command) {
        return edit(serial, key -> key.put("unplug_on", command));
    }

    /** Protects the key's OATH application with a password, remembered by ykman or not. */
    public FakeYkman oathPassword(String serial, String password, boolean remembered) {
        return edit(serial, key -> {
            key.put("oath_password", password);
            key.put("password_remembered", remembered);
        });
    }

    /** Adds {@code count} unrelated TOTP credentials, e.g. to fill a key. */
    public FakeYkman fill(String serial, int count) {
        return edit(serial, key -> {
            ArrayNode creds = (ArrayNode) key.get("credentials");
            int start = creds.size();
            for (int i = 0; i < count; i++) {
                addCredential(creds, String.format("Other:account-%03d", start + i), "3132333435363738393031323334353637383930");
            }
        });
    }

    /** Puts a TOTP credential (6 digits, 30 s, SHA-1) on a key, as an earlier run might have left it. */
    public FakeYkman putCredential(String serial, String name, byte[] secret) {
        return edit(serial, key -> {
            ArrayNode creds = (ArrayNode) key.get("credentials");
            for (int i = creds.size() - 1; i >= 0; i--) {
                if (creds.get(i).path("id").asText().equals(name)) {
                    creds.remove(i);
                }
            }
            addCredential(creds, name, java.util.HexFormat.of().formatHex(secret));
        });
    }

    /** The credential names on a key, as {@code ykman oath accounts list} shows them (sorted). */
    public List<String> credentials(String serial) {
        List<String> names = new ArrayList<>();
        key(read(), serial).get("credentials").forEach(c -> names.add(c.get("id").asText()));
        names.sort(null);
        return names;
    }

    /** The secret of a credential on a key, as the key holds it. */
    public Optional<byte[]> secret(String serial, String name) {
        for (JsonNode c : key(read(), serial).get("credentials")) {
            if (c.get("id").asText().equals(name)) {
                return Optional.of(java.util.HexFormat.of().parseHex(c.get("secret").asText()));
            }
        }
        return Optional.empty();
    }

    /** Fixes the keys' clock (whole or fractional seconds are kept to the millisecond). */
    public FakeYkman setTime(Instant now) {
        try {
            Path tmp = clock.resolveSibling(clock.getFileName() + ".tmp");
            Files.writeString(tmp, String.format("%d.%03d", now.getEpochSecond(), now.getNano() / 1_000_000));
            Files.move(tmp, clock, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** The argv of every call so far, oldest first. */
    public List<List<String>> calls() {
        Path log = state.resolveSibling(state.getFileName() + ".calls");
        if (!Files.exists(log)) {
            return List.of();
        }
        try {
            List<List<String>> calls = new ArrayList<>();
            for (String line : Files.readAllLines(log)) {
                if (!line.isBlank()) {
                    calls.add(JSON.readValue(line, new TypeReference<List<String>>() { }));
                }
            }
            return calls;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The calls that added a credential to a key. */
    public List<List<String>> addCalls(String serial) {
        return calls().stream()
                .filter(argv -> argv.contains(serial) && argv.contains("accounts") && argv.contains("add"))
                .toList();
    }

    /** Everything the fake has written: state, calls and clock, for tests that look for leaked secrets. */
    public List<Path> files() {
        try (var files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs the fake directly, for tests of the fake itself: stdout, stderr and exit code.
     */
    public Result run(String stdin, Map<String, String> extraEnv, String... args) {
        List<String> command = new ArrayList<>();
        command.add(executable().toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment());
        builder.environment().putAll(extraEnv);
        try {
            Process process = builder.start();
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            var out = process.getInputStream().readAllBytes();
            var err = process.getErrorStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("the fake ykman did not finish");
            }
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What a direct run of the fake gave. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    private static void addCredential(ArrayNode creds, String id, String secretHex) {
        ObjectNode c = creds.addObject();
        c.put("id", id);
        c.put("secret", secretHex);
        c.put("oath_type", "TOTP");
        c.put("digits", 6);
        c.put("algorithm", "SHA1");
        c.put("period", 30);
        c.put("counter", 0);
        c.put("touch", false);
    }

    private FakeYkman edit(String serial, java.util.function.Consumer<ObjectNode> change) {
        ObjectNode root = read();
        change.accept(key(root, serial));
        write(root);
        return this;
    }

    private static ObjectNode key(ObjectNode root, String serial) {
        for (JsonNode key : root.get("keys")) {
            if (key.get("serial").asText().equals(serial)) {
                return (ObjectNode) key;
            }
        }
        throw new IllegalArgumentException("the fake has no key " + serial);
    }

    private ObjectNode read() {
        try {
            return (ObjectNode) JSON.readTree(state.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(ObjectNode root) {
        try {
            Path tmp = state.resolveSibling(state.getFileName() + ".edit");
            JSON.writeValue(tmp.toFile(), root);
            Files.move(tmp, state, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String python() throws IOException {
        if (python == null) {
            try {
                Process p = new ProcessBuilder("python3", "-c", "import sys; print(sys.executable)").start();
                String path = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0 || path.isEmpty()) {
                    throw new IOException("python3 is needed for the fake ykman and did not answer");
                }
                python = path;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
        return python;
    }
}
