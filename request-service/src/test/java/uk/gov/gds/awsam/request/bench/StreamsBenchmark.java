package uk.gov.gds.awsam.request.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import uk.gov.gds.awsam.testsupport.Infrastructure;
import uk.gov.gds.awsam.testsupport.TestInfrastructure;

/**
 * The request view as a Kafka Streams state store ({@link StreamsView}), on the history {@link RebuildBenchmark}
 * publishes: the time from the JVM's start to caught up, and the resident set then, for a first start, a restart
 * keeping the local state directory, and a restart with it deleted (the store restored from its changelog).
 *
 * <p>Run: {@code ./mvnw -pl request-service -am verify -DskipTests -DskipFoundationTests -Pbench-streams}
 * (options as the rebuild benchmark's, {@code -Dbench.events=1000000 -Dbench.heap=512m}, and
 * {@code -Dbench.streams.static=false} for a dynamic group member). Each start is its own process with the service's JVM settings ({@code -Xmx -Xms},
 * ParallelGC), against this JVM's broker and registry. Writes target/bench/streams.txt.
 *
 * <p>Group membership: a Kafka Streams member does not leave its group when it closes (so that a bounce does
 * not move its tasks), and a dynamic member cannot be made to; the next start's join then waits until the
 * coordinator expires the old member ({@code session.timeout.ms}, 45 s). By default the view is a static member
 * ({@code group.instance.id}, as a pod's name would give) closed with {@code leaveGroup}, so a restart joins at once.
 */
public final class StreamsBenchmark {

    private static final Pattern FIGURES = Pattern.compile("(\\w+)=(-?\\d+)");

    public static void main(String[] args) throws Exception {
        int target = Integer.getInteger("bench.events", 1_000_000);
        String heap = System.getProperty("bench.heap", "512m");
        boolean staticMember = Boolean.parseBoolean(System.getProperty("bench.streams.static", "true"));
        Path out = Path.of("target", "bench");
        Files.createDirectories(out);
        Infrastructure infrastructure = TestInfrastructure.get();
        StringBuilder report = new StringBuilder();
        report.append(String.format("Kafka Streams benchmark: %d events; %s group member; %d cores; %s%n", target,
                staticMember ? "static (group.instance.id, closed with leaveGroup)" : "dynamic", Runtime.getRuntime().availableProcessors(),
                infrastructure.description()));
        report.append("load average at the start: ").append(IntakeBenchmark.loadAverage()).append('\n');
        long publishStart = System.nanoTime();
        int[] counts = RebuildBenchmark.publish(infrastructure, target);
        report.append(String.format("published %d events (%d repeats) of %d requests in %.1f s (set-up, not measured)%n",
                counts[0], counts[1], counts[2], (System.nanoTime() - publishStart) / 1e9));

        String application = "bench-streams-" + UUID.randomUUID().toString().substring(0, 8);
        // the third start gets a new, empty state directory: the local state is gone, as if deleted
        Path state = out.resolve(application);
        String[] cases = { "first start", "restart, state directory kept", "restart, state directory deleted" };
        for (int run = 0; run < cases.length; run++) {
            if (run == 2) {
                state = out.resolve(application + "-deleted");
            }
            String load = IntakeBenchmark.loadAverage();
            Map<String, Long> figures = view(infrastructure, application, state, heap, staticMember, out.resolve("streams-view-" + run + ".log"));
            report.append(String.format("%-34s caught up %.1f s after the JVM started (%.1f s after the topology started); "
                    + "RSS %d MB (peak %d MB); %d records processed (%d undecodable), %d changelog records restored; "
                    + "store: %d requests, %d events, %d MB on disk; first RUNNING at %.1f s, restoration %.1f-%.1f s "
                    + "(after the topology started, -0.0 none); load average %s%n",
                    cases[run] + ":", figures.get("ready") / 1e3, figures.get("sinceMain") / 1e3, figures.get("rssMb"), figures.get("hwmMb"),
                    figures.get("processed"), figures.get("undecodable"), figures.get("restored"), figures.get("requests"), figures.get("events"),
                    figures.get("diskMb"), figures.get("running") / 1e3, figures.get("restoreStart") / 1e3, figures.get("restoreEnd") / 1e3,
                    load));
        }
        report.append("load average at the end: ").append(IntakeBenchmark.loadAverage()).append('\n');
        System.out.print(report);
        Files.writeString(out.resolve("streams.txt"), report.toString());
        System.exit(0);
    }

    /** Runs {@link StreamsView} as its own process until it is caught up; returns its RESULT figures. */
    private static Map<String, Long> view(Infrastructure infrastructure, String application, Path state, String heap, boolean staticMember,
            Path log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-Xms" + heap, "-XX:+UseParallelGC", "-cp", System.getProperty("java.class.path"),
                StreamsView.class.getName(), infrastructure.bootstrapServers(), infrastructure.registryUrl(), application,
                state.toAbsolutePath().toString(), Boolean.toString(staticMember)));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(20, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("the view was not caught up within 20 minutes; see " + log);
        }
        try (Stream<String> lines = Files.lines(log)) {
            String result = lines.filter(line -> line.startsWith("RESULT ")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the view exited with " + process.exitValue() + " and no result; see " + log));
            Matcher figure = FIGURES.matcher(result);
            return figure.results().collect(Collectors.toMap(m -> m.group(1), m -> Long.parseLong(m.group(2))));
        }
    }
}
