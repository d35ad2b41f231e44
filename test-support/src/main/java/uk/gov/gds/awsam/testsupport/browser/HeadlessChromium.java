package uk.gov.gds.awsam.testsupport.browser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.jboss.logging.Logger;

/**
 * A real headless Chromium (Debian's {@code chromium} package, installed with apt-get when missing and
 * the tests run as root), driven over the DevTools protocol with the JDK's own WebSocket client: open a
 * page, set a cookie, evaluate JavaScript in it, take a screenshot. Started on 127.0.0.1 with a fresh
 * profile and every background connection turned off (this machine's network refuses them), and stopped
 * by its PID.
 *
 * <pre>
 * try (HeadlessChromium browser = HeadlessChromium.start()) {
 *     browser.setCookie("http://127.0.0.1:8080", "awsam_token", token);
 *     browser.navigate("http://127.0.0.1:8080/");
 *     browser.awaitTrue("document.querySelector('#board') !== null", Duration.ofSeconds(30));
 *     browser.screenshot(Path.of("target/dashboard.png"));
 * }
 * </pre>
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(HeadlessChromium.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://[^\\s]+)");
    private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path profile;
    private volatile WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private HeadlessChromium(Process process, Path profile) {
        this.process = process;
        this.profile = profile;
    }

    /** The Chromium executable, installed from Debian's package when it is missing. */
    public static Path executable() {
        for (String candidate : CANDIDATES) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        LOG.info("Chromium is missing: installing Debian's chromium package (apt-get install -y chromium)");
        run(List.of("apt-get", "install", "-y", "--no-install-recommends", "chromium"), Duration.ofMinutes(10), true);
        if (!Files.isExecutable(Path.of(CANDIDATES.get(0)))) {
            run(List.of("apt-get", "update"), Duration.ofMinutes(5), false);
            run(List.of("apt-get", "install", "-y", "--no-install-recommends", "chromium"), Duration.ofMinutes(10), false);
        }
        if (!Files.isExecutable(Path.of(CANDIDATES.get(0)))) {
            throw new IllegalStateException("could not install chromium (apt-get install -y chromium, as root)");
        }
        return Path.of(CANDIDATES.get(0));
    }

    public static HeadlessChromium start() {
        Path executable = executable();
        try {
            Path profile = Files.createTempDirectory("awsam-chromium-");
            List<String> command = List.of(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-default-apps", "--disable-extensions", "--mute-audio", "--window-size=1280,1600",
                    "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "about:blank");
            Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            String browserEndpoint = devToolsEndpoint(process);
            URI browser = URI.create(browserEndpoint);
            String page = pageEndpoint(browser);
            HeadlessChromium chromium = new HeadlessChromium(process, profile);
            chromium.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(URI.create(page), chromium.listener()).get(30, TimeUnit.SECONDS);
            return chromium;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not connect to Chromium's DevTools", e);
        }
    }

    private WebSocket.Listener listener() {
        StringBuilder message = new StringBuilder();
        return new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                message.append(data);
                if (last) {
                    String text = message.toString();
                    message.setLength(0);
                    receive(text);
                }
                webSocket.request(1);
                return null;
            }
        };
    }

    private void receive(String text) {
        try {
            JsonNode reply = JSON.readTree(text);
            if (reply.has("id")) {
                CompletableFuture<JsonNode> call = pending.remove(reply.get("id").asInt());
                if (call != null) {
                    if (reply.has("error")) {
                        call.completeExceptionally(new IllegalStateException("DevTools: " + reply.get("error")));
                    } else {
                        call.complete(reply.get("result"));
                    }
                }
            }
        } catch (IOException ignored) {
            // not JSON: nothing to answer
        }
    }

    /** Sends a DevTools command and waits for its result. */
    public JsonNode command(String method, Map<String, Object> params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        pending.put(id, result);
        try {
            socket.sendText(JSON.writeValueAsString(Map.of("id", id, "method", method, "params", params)), true)
                    .get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return result.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("DevTools command " + method + " failed", e);
        } finally {
            pending.remove(id);
        }
    }

    /** Sets a cookie for a site, as if the site had set it (HttpOnly, SameSite=Strict). */
    public void setCookie(String url, String name, String value) {
        command("Network.setCookie", Map.of("url", url, "name", name, "value", value, "httpOnly", true, "sameSite", "Strict"));
    }

    /** Navigates and waits until the document has loaded. */
    public void navigate(String url) {
        command("Page.navigate", Map.of("url", url));
        awaitTrue("document.readyState === 'complete' && location.href === " + quote(url), COMMAND_TIMEOUT);
    }

    /** The value of a JavaScript expression evaluated in the page (a string, number, boolean or null). */
    public JsonNode evaluate(String expression) {
        JsonNode result = command("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("JavaScript failed: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** Waits until a JavaScript expression is true in the page. */
    public void awaitTrue(String expression, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (evaluate("Boolean(" + expression + ")").asBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not true within " + timeout + ": " + expression + "\npage text:\n"
                        + evaluate("document.body ? document.body.innerText : ''").asText());
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }

    /** Saves a PNG screenshot of the page. */
    public Path screenshot(Path file) {
        JsonNode shot = command("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, Base64.getDecoder().decode(shot.get("data").asText()));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.abort();
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary profile left behind is harmless
        }
    }

    public static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static String devToolsEndpoint(Process process) throws IOException {
        BufferedReader errors = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> endpoint = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                String line;
                while ((line = errors.readLine()) != null) {
                    Matcher matcher = DEVTOOLS.matcher(line);
                    if (matcher.find()) {
                        endpoint.complete(matcher.group(1));
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            endpoint.completeExceptionally(new IllegalStateException("Chromium exited without opening DevTools"));
        }, "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        try {
            return endpoint.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("Chromium did not open DevTools", e);
        }
    }

    private static String pageEndpoint(URI browser) throws IOException, InterruptedException {
        URI list = URI.create("http://" + browser.getHost() + ":" + browser.getPort() + "/json/list");
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(list).build(), HttpResponse.BodyHandlers.ofString()).body());
            for (JsonNode target : targets) {
                if ("page".equals(target.path("type").asText())) {
                    return target.get("webSocketDebuggerUrl").asText();
                }
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        throw new IllegalStateException("Chromium has no page to drive");
    }

    private static void run(List<String> command, Duration timeout, boolean quietly) {
        try {
            Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " took longer than " + timeout);
            }
            if (process.exitValue() != 0 && !quietly) {
                throw new IllegalStateException(String.join(" ", command) + " failed with exit code " + process.exitValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
