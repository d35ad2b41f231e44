package uk.gov.gds.awsam.pr.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import uk.gov.gds.awsam.events.PrOpened;
import uk.gov.gds.awsam.events.RequestFailed;
import uk.gov.gds.awsam.events.RequestWaiting;
import uk.gov.gds.awsam.pr.Requests;
import uk.gov.gds.awsam.testsupport.Infrastructure;
import uk.gov.gds.awsam.testsupport.TestEvents;
import uk.gov.gds.awsam.testsupport.TestInfrastructure;
import uk.gov.gds.awsam.testsupport.github.GitHubSandbox;

/**
 * The burst: {@code burst.requests} (200) account and user-access requests' TerraformGenerated published at
 * once to the packaged pr-service (its own process, its defaults: GitHub's limits paced, the configured labels)
 * against the strict GitHub sandbox enforcing GitHub's documented limits (80 content-creating calls a minute,
 * 500 an hour, 900 points a minute, 5,000 calls an hour). Measures the time until every pull request is open,
 * and counts RequestFailed, RequestWaiting, the calls the sandbox refused over a limit, and the calls per pull
 * request (all, and content-creating, by endpoint). Writes target/bench/burst.md.
 *
 * <pre>./mvnw -pl pr-service -am verify -DskipTests -DskipFoundationTests -Pburst [-Dburst.requests=200]</pre>
 *
 * {@code -Dburst.limits=off} runs it without the sandbox's limits and without pacing (a quick check of the
 * harness, not the benchmark).
 */
public final class BurstBenchmark {

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "target/quarkus-app/quarkus-run.jar");
        int requests = Integer.getInteger("burst.requests", 200);
        boolean limits = !"off".equals(System.getProperty("burst.limits", "github"));
        Duration timeout = Duration.parse(System.getProperty("burst.timeout", "PT3H"));
        Path out = Path.of("target", "bench");
        Files.createDirectories(out);
        StringBuilder report = new StringBuilder("# Burst benchmark\n\n");

        Infrastructure infrastructure = TestInfrastructure.get();
        try (GitHubSandbox github = GitHubSandbox.start(0, GitHubSandbox.DEFAULT_REPOSITORIES, 0);
                TestEvents events = new TestEvents(infrastructure.bootstrapServers(), infrastructure.registryUrl())) {
            if (limits) {
                github.githubLimits();
            }
            String secret = "burst-" + UUID.randomUUID();
            github.webhook(null, secret);
            int port = freePort();
            Map<String, String> env = new TreeMap<>(Map.of("KAFKA_BOOTSTRAP_SERVERS", infrastructure.bootstrapServers(),
                    "APICURIO_REGISTRY_URL", infrastructure.registryUrl(), "PR_HTTP_PORT", Integer.toString(port),
                    "PR_GITHUB_API_URL", github.apiUrl(), "PR_GITHUB_TOKEN", "burst-token", "PR_WEBHOOK_SECRET", secret,
                    "QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false", "QUARKUS_PROFILE", "local"));
            if (!limits) {
                env.putAll(Map.of("PR_GITHUB_PACE_CONTENT_PER_MINUTE", "0", "PR_GITHUB_PACE_CONTENT_PER_HOUR", "0",
                        "PR_GITHUB_PACE_MIN_INTERVAL", "0s"));
            }
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                    "-jar", jar.toString()).redirectErrorStream(true).redirectOutput(out.resolve("burst-pr-service.log").toFile());
            builder.environment().putAll(env);
            Process service = builder.start();
            try {
                awaitReady(port, Duration.ofMinutes(2));
                report.append(String.format("%d requests (half new accounts, half user access), %s; pr-service pid %d, its defaults"
                        + " (content-creating calls paced at %s); %d cores; %s; load average at the start %s.%n%n", requests,
                        limits ? "GitHub's limits enforced by the sandbox (80 content-creating calls a minute, 500 an hour, 900 points a"
                                + " minute, 5,000 calls an hour)" : "no limits (harness check)", service.pid(),
                        limits ? "80 a minute, 500 an hour, 1 s apart" : "not at all", Runtime.getRuntime().availableProcessors(),
                        infrastructure.description(), loadAverage()));
                GitHubSandbox.Stats before = github.stats();
                Set<String> ours = new HashSet<>();
                Instant start = Instant.now();
                for (int i = 0; i < requests; i++) {
                    String requestId = UUID.randomUUID().toString();
                    ours.add(requestId);
                    events.publish(i % 2 == 0 ? Requests.newAccount(requestId, "burst-" + i)
                            : Requests.userAccess(requestId, "burst.user" + i + "@digital.cabinet-office.gov.uk"));
                }
                List<String> progress = new ArrayList<>();
                AtomicInteger open = new AtomicInteger();
                AtomicReference<Instant> lastLine = new AtomicReference<>(Instant.MIN);
                try {
                    Awaitility.await().atMost(timeout).pollInterval(Duration.ofSeconds(5)).until(() -> {
                        open.set((int) events.readAll(PrOpened.class, r -> ours.contains(r.key())).stream().map(r -> r.key()).distinct().count());
                        if (Duration.between(lastLine.get(), Instant.now()).toMinutes() >= 5 || open.get() == requests) {
                            lastLine.set(Instant.now());
                            String line = String.format("%6d s: %d of %d pull requests open, %d calls over a limit", Duration.between(start,
                                    Instant.now()).toSeconds(), open.get(), requests, github.stats().overLimit() - before.overLimit());
                            progress.add(line);
                            System.out.println(line);
                        }
                        return open.get() == requests || !service.isAlive();
                    });
                } catch (ConditionTimeoutException late) {
                    progress.add("gave up after " + timeout);
                }
                int opened = open.get();
                Duration drained = Duration.between(start, Instant.now());
                GitHubSandbox.Stats after = github.stats();
                long failed = events.readAll(RequestFailed.class, r -> ours.contains(r.key())).size();
                List<RequestWaiting> waits = events.readAll(RequestWaiting.class, r -> ours.contains(r.key())).stream().map(r -> r.value()).toList();
                long calls = after.calls() - before.calls();
                long content = after.contentCalls() - before.contentCalls();
                report.append("| result | value |\n|---|---|\n");
                report.append(String.format("| pull requests open | %d of %d |%n", opened, requests));
                report.append(String.format("| time to drain (publish to the last PrOpened, polled every 5 s) | %d min %d s |%n",
                        drained.toMinutes(), drained.toSecondsPart()));
                report.append(String.format("| RequestFailed | %d |%n", failed));
                report.append(String.format("| calls the sandbox refused over a limit | %d |%n", after.overLimit() - before.overLimit()));
                report.append(String.format("| RequestWaiting published (requests that waited) | %d (%d) |%n", waits.size(),
                        waits.stream().map(RequestWaiting::getRequestId).distinct().count()));
                report.append(String.format("| GitHub calls per pull request: all / content-creating | %.2f / %.2f |%n%n",
                        calls / (double) Math.max(1, opened), content / (double) Math.max(1, opened)));
                report.append("Calls by endpoint:\n\n| endpoint | calls |\n|---|---|\n");
                Map<String, Long> byRoute = new TreeMap<>(after.byRoute());
                before.byRoute().forEach((route, n) -> byRoute.merge(route, -n, Long::sum));
                byRoute.forEach((route, n) -> {
                    if (n > 0) {
                        report.append("| `").append(route).append("` | ").append(n).append(" |\n");
                    }
                });
                report.append("\nProgress:\n\n```\n").append(String.join("\n", progress)).append("\n```\n\n");
                report.append("Load average at the end (1, 5, 15 min; other processes share these cores): ").append(loadAverage()).append('\n');
            } finally {
                service.destroy();
                service.waitFor();
            }
        }
        System.out.print(report);
        Files.writeString(out.resolve("burst.md"), report.toString());
        System.exit(0);
    }

    private static void awaitReady(int port, Duration within) {
        HttpClient http = HttpClient.newHttpClient();
        Awaitility.await().atMost(within).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException unavailable) {
            return "unknown";
        }
    }
}
