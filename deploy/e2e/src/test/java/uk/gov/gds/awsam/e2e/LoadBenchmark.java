package uk.gov.gds.awsam.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;

import uk.gov.gds.awsam.events.PrOpened;
import uk.gov.gds.awsam.events.UserCreated;
import uk.gov.gds.awsam.testsupport.TestEvents;

/**
 * The load benchmark of the whole system (not a test): every part as its own process (deploy/local),
 * user-access requests submitted at a fixed rate over HTTP, a reviewer merging each pull request, the
 * provisioner creating each IAM user and the notifier mailing each person. Reports intake latency, the time
 * from submission to the PrOpened event, how long each service takes to be ready and how much memory it
 * holds, and each service's CPU seconds and peak RSS per 1,000 requests.
 *
 * <pre>
 * ./mvnw -pl deploy/e2e -am verify -DskipTests -Pload [-Dload.rate=20 -Dload.seconds=60]
 * </pre>
 */
public final class LoadBenchmark {

    static final List<String> SERVICES = List.of("request-service", "terraform-generator", "pr-service", "provisioner", "notifier");
    static final long CLOCK_TICKS = 100;  // USER_HZ on Linux

    public static void main(String[] args) throws Exception {
        int rate = Integer.getInteger("load.rate", 20);
        int seconds = Integer.getInteger("load.seconds", 60);
        Path report = LocalSystem.MODULE.resolve("target").resolve("load-report.md");
        try (LocalSystem system = LocalSystem.up("load", true, Map.of());
                TestEvents events = new TestEvents(system.bootstrapServers(), system.registryUrl())) {
            StringBuilder out = new StringBuilder();
            out.append("# Load benchmark\n\n").append(machine()).append('\n');

            Map<String, long[]> ready = readiness(system);
            out.append("\n## Each service: time to ready and memory\n\n")
                    .append("| service | ready after start | RSS when ready |\n|---|---|---|\n");
            ready.forEach((service, figures) -> out.append(String.format("| %s | %.2f s | %d MB |%n",
                    service, figures[0] / 1000.0, figures[1] / 1024)));

            Map<String, long[]> before = usage(system);
            Run run = load(system, events, rate, seconds);
            Map<String, long[]> after = usage(system);
            double thousands = run.accepted / 1000.0;

            out.append(String.format("%n## %d requests/s for %d s: %d submitted, %d accepted, %d refused%n%n",
                    rate, seconds, run.submitted, run.accepted, run.refused));
            out.append("| measure | p50 | p99 | max |\n|---|---|---|---|\n");
            out.append(row("intake (HTTP 202, client side)", run.intake));
            out.append(row("submit to PrOpened on the broker (" + run.toPrOpened.size() + " of " + run.accepted + ")", run.toPrOpened));
            out.append(row("submit to UserCreated on the broker, merge included (" + run.toUserCreated.size() + " of "
                    + run.accepted + ")", run.toUserCreated));
            out.append('\n').append(run.merges.report());
            out.append("\n| service | CPU seconds per 1,000 requests | peak RSS |\n|---|---|---|\n");
            for (String service : SERVICES) {
                double cpu = (after.get(service)[0] - before.get(service)[0]) / (double) CLOCK_TICKS;
                out.append(String.format("| %s | %.1f | %d MB |%n", service, cpu / thousands, after.get(service)[2] / 1024));
            }
            Files.createDirectories(report.getParent());
            Files.writeString(report, out.toString());
            System.out.println(out);
            System.out.println("written to " + report);
        }
    }

    record Run(int submitted, int accepted, int refused, List<Long> intake, List<Long> toPrOpened, List<Long> toUserCreated,
            Merges merges) {
    }

    private static Run load(LocalSystem system, TestEvents events, int rate, int seconds) throws Exception {
        RequestService requests = new RequestService(system);
        Sandbox github = new Sandbox(system.url("GITHUB_PORT"));
        String requester = "load@" + RequestService.DOMAIN;
        String token = "Bearer " + requests.token(requester, false);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Map<String, Long> submittedAt = new ConcurrentHashMap<>();
        List<Long> intake = Collections.synchronizedList(new ArrayList<>());
        int[] counts = new int[3];
        int total = rate * seconds;
        ScheduledExecutorService clock = Executors.newScheduledThreadPool(4);
        ScheduledExecutorService reviewer = Executors.newSingleThreadScheduledExecutor();
        java.util.Set<String> merged = ConcurrentHashMap.newKeySet();
        Merges merges = new Merges();
        reviewer.scheduleWithFixedDelay(() -> {
            // a reviewer who merges each pull request as it is announced (PrOpened), as a person would from
            // the notification: listing every PR each second would make the sandbox the bottleneck
            try {
                for (ConsumerRecord<String, PrOpened> opened : events.readAll(PrOpened.class, r -> submittedAt.containsKey(r.key()))) {
                    String pr = opened.value().getRepository() + "#" + opened.value().getNumber();
                    if (merged.add(pr)) {
                        merges.add(pr, () -> github.merge(opened.value().getRepository(), opened.value().getNumber()));
                    }
                }
            } catch (RuntimeException | AssertionError ignored) {
                // next round
            }
        }, 1, 1, TimeUnit.SECONDS);
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + TimeUnit.SECONDS.toNanos(1) * i / rate;
            clock.schedule(() -> {
                String body = "{\"userEmails\":[\"load." + RequestService.letters(10) + "@" + RequestService.DOMAIN + "\"]}";
                long sent = System.nanoTime();
                HttpRequest request = HttpRequest.newBuilder(URI.create(system.url("REQUEST_SERVICE_PORT") + "/api/v1/user-requests"))
                        .timeout(Duration.ofSeconds(30)).header("Authorization", token).header("Content-Type", "application/json")
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
                    synchronized (counts) {
                        counts[0]++;
                        if (failure == null && response.statusCode() == 202) {
                            counts[1]++;
                            intake.add(System.nanoTime() - sent);
                            String id = response.body().replaceAll(".*\"requestId\":\"([^\"]+)\".*", "$1");
                            submittedAt.put(id, sent);
                        } else {
                            counts[2]++;
                        }
                    }
                });
            }, Math.max(0, due - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        Awaitility.await().atMost(Duration.ofSeconds(seconds + 60L)).until(() -> {
            synchronized (counts) {
                return counts[0] == total;
            }
        });
        List<Long> toPrOpened = arrivals(events, PrOpened.class, submittedAt);
        List<Long> toUserCreated = arrivals(events, UserCreated.class, submittedAt);
        clock.shutdownNow();
        reviewer.shutdownNow();
        return new Run(counts[0], counts[1], counts[2], intake, toPrOpened, toUserCreated, merges);
    }

    /**
     * For each accepted request, from its submission to the timestamp of the first record of a type for it:
     * the record's CreateTime, set by the producing service as it sent it (the same machine's clock as the
     * benchmark's). Waits up to five minutes for every accepted request to have one; the report says how
     * many did.
     */
    private static <T extends org.apache.avro.specific.SpecificRecord> List<Long> arrivals(TestEvents events, Class<T> type,
            Map<String, Long> submittedAt) {
        long wallMinusNano = System.currentTimeMillis() * 1_000_000 - System.nanoTime();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        Map<String, Long> first = new LinkedHashMap<>();
        while (first.size() < submittedAt.size() && System.nanoTime() < deadline) {
            first.clear();
            for (ConsumerRecord<String, T> record : events.readAll(type, r -> submittedAt.containsKey(r.key()))) {
                first.merge(record.key(), record.timestamp(), Math::min);
            }
            if (first.size() < submittedAt.size()) {
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2));
            }
        }
        List<Long> latencies = new ArrayList<>();
        first.forEach((id, timestampMillis) -> latencies.add(timestampMillis * 1_000_000 - (submittedAt.get(id) + wallMinusNano)));
        return latencies;
    }

    /**
     * Stops each service (SIGTERM, so it leaves its consumer groups: a kill -9 would leave its members to
     * time out, 45 s, and the load would queue behind that), starts it again and times it from the start to
     * its first ready answer.
     */
    private static Map<String, long[]> readiness(LocalSystem system) throws Exception {
        Map<String, long[]> figures = new LinkedHashMap<>();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
        for (String service : SERVICES) {
            int port = system.port(service.toUpperCase().replace('-', '_') + "_PORT");
            system.stop(service);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !answers(http, port));
            long start = System.nanoTime();
            Thread restart = new Thread(() -> system.restart(service));
            restart.start();
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20)).until(() -> ready(http, port));
            long millis = (System.nanoTime() - start) / 1_000_000;
            restart.join();
            figures.put(service, new long[] {millis, statusKb(system.pid(service).orElseThrow(), "VmRSS")});
        }
        return figures;
    }

    /** Per service: CPU clock ticks so far, RSS kB now, peak RSS kB. */
    private static Map<String, long[]> usage(LocalSystem system) throws Exception {
        Map<String, long[]> usage = new LinkedHashMap<>();
        for (String service : SERVICES) {
            long pid = system.pid(service).orElseThrow();
            String[] stat = Files.readString(Path.of("/proc/" + pid + "/stat")).replaceAll("^.*\\) ", "").split(" ");
            long ticks = Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
            usage.put(service, new long[] {ticks, statusKb(pid, "VmRSS"), statusKb(pid, "VmHWM")});
        }
        return usage;
    }

    private static long statusKb(long pid, String field) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("\\D+", ""));
            }
        }
        throw new IllegalStateException(field + " not in /proc/" + pid + "/status");
    }

    private static boolean answers(HttpClient http, int port) {
        try {
            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/live")).build(),
                    HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (Exception refused) {
            return false;
        }
    }

    private static boolean ready(HttpClient http, int port) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (Exception notYet) {
            return false;
        }
    }

    private static String row(String what, List<Long> nanos) {
        if (nanos.isEmpty()) {
            return "| " + what + " | – | – | – |\n";
        }
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return String.format("| %s | %.1f ms | %.1f ms | %.1f ms |%n", what, percentile(sorted, 50) / 1e6,
                percentile(sorted, 99) / 1e6, sorted.get(sorted.size() - 1) / 1e6);
    }

    private static long percentile(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static String machine() throws Exception {
        String load = Files.readString(Path.of("/proc/loadavg")).trim();
        return "Machine: " + Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
                + ", load average at start " + load.substring(0, load.indexOf(' ', load.indexOf(' ', load.indexOf(' ') + 1) + 1)) + ".";
    }

}
