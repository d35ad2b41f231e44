package uk.gov.gds.awsam.request.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.avro.specific.SpecificRecord;

import io.restassured.path.json.JsonPath;
import uk.gov.gds.awsam.events.AccountRequest;
import uk.gov.gds.awsam.events.RequestSubmitted;
import uk.gov.gds.awsam.request.Bodies;
import uk.gov.gds.awsam.request.EventBatch;
import uk.gov.gds.awsam.request.Journeys;
import uk.gov.gds.awsam.testsupport.Infrastructure;
import uk.gov.gds.awsam.testsupport.TestInfrastructure;
import uk.gov.gds.awsam.testsupport.identity.Keycloak;
import uk.gov.gds.awsam.testsupport.identity.Tokens;

/**
 * How long the packaged service takes to rebuild its view from 1,000,000 events, and the heap the view
 * then holds.
 *
 * <p>Run: {@code ./mvnw -pl request-service -am verify -DskipTests -DskipFoundationTests -Pbench-rebuild}
 * (option {@code -Dbench.events=1000000}). It starts the in-JVM broker and the registry stand-in,
 * publishes the events (whole journeys, half new accounts of 9 events and half user requests of 6, 2%
 * of events repeated, spread over 13 topics of 3 partitions; 500 requesters, 200 teams, 1,000 admins,
 * every account's name and description its own, every user request naming two new people), starts the service with {@code -Xmx512m}
 * and measures the time to readiness (ready = caught up with the end offsets found at start-up) and the
 * live heap after a full GC ({@code jcmd GC.class_histogram}), and the resident set when ready. Writes target/bench/rebuild.txt.
 */
public final class RebuildBenchmark {

    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("Total\\s+(\\d+)\\s+(\\d+)");

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "target/quarkus-app/quarkus-run.jar");
        int target = Integer.getInteger("bench.events", 1_000_000);
        String heap = System.getProperty("bench.heap", "512m");
        Path out = Path.of("target", "bench");
        Files.createDirectories(out);
        Infrastructure infrastructure = TestInfrastructure.get();
        Keycloak tokens = ServiceProcess.identityProvider(out);
        StringBuilder report = new StringBuilder();
        report.append(String.format("Rebuild benchmark: %d events; %d cores; %s%n", target, Runtime.getRuntime().availableProcessors(),
                infrastructure.description()));
        report.append("load average at the start: ").append(IntakeBenchmark.loadAverage()).append('\n');

        long publishStart = System.nanoTime();
        int[] counts = publish(infrastructure, target);
        report.append(String.format("published %d events (%d repeats) of %d requests in %.1f s (set-up, not measured)%n",
                counts[0], counts[1], counts[2], (System.nanoTime() - publishStart) / 1e9));

        try (ServiceProcess service = ServiceProcess.start(jar, infrastructure, tokens, heap, List.of("-XX:+UseParallelGC"), out.resolve("rebuild-service.log"),
                Map.of())) {
            Duration ready = service.awaitReady(Duration.ofMinutes(10));
            JsonPath health = JsonPath.from(service.get("/q/health/ready"));
            long rebuildMillis = health.getLong("checks.find { it.name == 'request-view' }.data.rebuildMillis");
            long applied = health.getLong("checks.find { it.name == 'request-view' }.data.eventsApplied");
            report.append(String.format("service pid %d (-Xmx%s): ready %.1f s after the process started; the rebuild itself "
                    + "(first read to caught up) %.1f s; %d events read%n", service.pid(), heap, ready.toMillis() / 1e3,
                    rebuildMillis / 1e3, applied));
            report.append(String.format("RSS when ready: %d MB (peak %d MB, /proc/PID/status VmRSS, VmHWM)%n",
                    service.statusMb("VmRSS"), service.statusMb("VmHWM")));

            String histogram = service.jcmd("GC.class_histogram");
            Matcher total = HISTOGRAM_TOTAL.matcher(histogram);
            long liveBytes = -1;
            while (total.find()) {
                liveBytes = Long.parseLong(total.group(2));
            }
            report.append(String.format("live heap after a full GC: %.0f MB (%d bytes, jcmd GC.class_histogram)%n",
                    liveBytes / 1024.0 / 1024.0, liveBytes));
            Files.writeString(out.resolve("rebuild-histogram.txt"), histogram);

            String token = tokens.tokens().accessToken(Tokens.ENGINEER);
            java.net.http.HttpResponse<String> list = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(service.baseUrl() + "/api/v1/requests?size=1"))
                            .header("Authorization", "Bearer " + token).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            report.append(String.format("the view holds %d requests (GET /api/v1/requests: %d)%n",
                    JsonPath.from(list.body()).getInt("total"), list.statusCode()));
        }
        report.append("load average at the end: ").append(IntakeBenchmark.loadAverage()).append('\n');
        System.out.print(report);
        Files.writeString(out.resolve("rebuild.txt"), report.toString());
        System.exit(0);
    }

    /**
     * Publishes whole journeys until {@code target} events; returns events, repeats and requests. The history
     * {@link StreamsBenchmark} reads too.
     */
    static int[] publish(Infrastructure infrastructure, int target) {
        Random random = new Random(1);
        String run = UUID.randomUUID().toString().substring(0, 8);
        Instant start = Instant.now().minus(Duration.ofDays(60));
        int events = 0;
        int repeats = 0;
        int requests = 0;
        try (EventBatch batch = new EventBatch(infrastructure.bootstrapServers(), infrastructure.registryUrl())) {
            while (events < target) {
                String requestId = UUID.randomUUID().toString();
                String requester = "requester" + (requests % 500) + "@" + Bodies.DOMAIN;
                Instant at = start.plusSeconds(requests * 30L);
                List<SpecificRecord> journey = requests % 2 == 0
                        ? Journeys.account(requestId, "bench-" + run.charAt(0) + "-" + requests, requester, at)
                        : Journeys.userAccess(requestId, requester, at, "first" + requests + "@" + Bodies.DOMAIN,
                                "second" + requests + "@" + Bodies.DOMAIN);
                if (journey.get(0) instanceof RequestSubmitted submitted && submitted.getAccount() != null) {
                    // what differs from one account to the next in life: its words, its team, its admins
                    AccountRequest account = submitted.getAccount();
                    account.setDescription("Environment " + requests + " of service " + (requests % 400));
                    account.getTeam().setName("Team " + (requests % 200));
                    account.getTeam().setEmail("team" + (requests % 200) + "@" + Bodies.DOMAIN);
                    account.getService().setName("Service " + (requests % 400));
                    account.setAdminUserEmails(List.of("admin" + (requests % 1000) + "@" + Bodies.DOMAIN,
                            "admin" + ((requests + 7) % 1000) + "@" + Bodies.DOMAIN));
                }
                requests++;
                for (SpecificRecord event : journey) {
                    if (events >= target) {
                        break;
                    }
                    batch.send(event);
                    events++;
                    if (random.nextInt(50) == 0 && events < target) {
                        batch.send(event);
                        events++;
                        repeats++;
                    }
                }
            }
        }
        return new int[] { events, repeats, requests };
    }
}
