package uk.gov.gds.awsam.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * deploy/grafana/aws-accounts-dashboard.json: it parses, shows request-service's lead-time figures, and every
 * metric its queries name is one the services register (read from their code, with Micrometer's Prometheus
 * names) or a standard Quarkus one listed below.
 */
class DeploymentManifestsGrafanaTest {

    private static final Path DASHBOARD = DeploymentManifestsTest.DEPLOY.resolve("grafana/aws-accounts-dashboard.json");

    /**
     * Metrics that Quarkus and its extensions register in every service, not the project's code. Each was seen
     * on /q/metrics of a packaged service (terraform-generator, Quarkus 3.34.2, Micrometer 1.16) connected to a
     * real broker, after a record went to its dead-letter topic.
     */
    static final Set<String> STANDARD_METRICS = Set.of(
            // quarkus-micrometer, Vert.x HTTP server binder: a summary per method, uri, status and outcome
            "http_server_requests_seconds_count",
            "http_server_requests_seconds_sum",
            // Micrometer's JVM and process binders
            "jvm_memory_used_bytes",
            "process_cpu_usage",
            // Kafka client metrics (Micrometer KafkaClientMetrics, bound by Quarkus for every client); the
            // dead-letter producer's client id is kafka-dead-letter-topic-producer-<consumer client id>
            "kafka_producer_record_send_total",
            "kafka_consumer_fetch_manager_records_lag_max");

    /** PromQL words that are not metric names. */
    private static final Set<String> PROMQL = Set.of("sum", "min", "max", "avg", "count", "stddev", "stdvar", "topk", "bottomk",
            "quantile", "count_values", "group", "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or",
            "unless", "offset", "bool", "inf", "nan", "rate", "irate", "increase", "delta", "idelta", "deriv", "histogram_quantile",
            "label_values", "label_replace", "label_join", "abs", "ceil", "floor", "round", "clamp_min", "clamp_max", "vector",
            "scalar", "time", "timestamp", "absent", "changes", "resets", "sort", "sort_desc", "avg_over_time", "max_over_time",
            "min_over_time", "sum_over_time", "count_over_time", "last_over_time");

    @Test
    void theDashboardParsesAndShowsTheLeadTimeFigures() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        assertThat(dashboard.path("title").asText()).isNotBlank();
        assertThat(dashboard.path("uid").asText()).isNotBlank();
        List<JsonNode> panels = panels(dashboard);
        assertThat(panels).isNotEmpty();
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : panels) {
            assertThat(ids.add(panel.path("id").asInt())).as("panel ids are unique: " + panel.path("title")).isTrue();
            assertThat(panel.path("gridPos").path("w").asInt()).as("placed: " + panel.path("title")).isPositive();
        }
        assertThat(queries(dashboard)).anyMatch(q -> q.contains("awsam_request_stage_lead_time_seconds") && q.contains("END_TO_END"))
                .anyMatch(q -> q.contains("awsam_request_stage_lead_time_seconds") && q.contains("stage!=\"END_TO_END\""));
    }

    @Test
    void everyMetricTheDashboardQueriesIsRegisteredByAServiceOrIsAStandardQuarkusMetric() throws IOException {
        Set<String> registered = registeredMetrics();
        Set<String> unknown = new TreeSet<>();
        Set<String> queried = new TreeSet<>();
        for (String query : queries(new ObjectMapper().readTree(DASHBOARD.toFile()))) {
            for (String metric : metricNames(query)) {
                queried.add(metric);
                if (!registered.contains(metric) && !STANDARD_METRICS.contains(metric)) {
                    unknown.add(metric);
                }
            }
        }
        assertThat(queried).contains("awsam_request_stage_lead_time_seconds");
        assertThat(unknown).as("metrics no service registers").isEmpty();
    }

    @Test
    void theMetricNamesOfTheCodeAreFoundWithTheirPrometheusSuffixes() {
        assertThat(registeredMetrics()).contains("awsam_request_stage_lead_time_seconds", "awsam_requests",
                "awsam_projection_events_total", "terraform_generated_total", "pr_service_webhook_deliveries_total",
                "provisioner_account_provisioning_seconds_count", "notifier_yubikeys_outstanding")
                .doesNotContain("awsam_requests_total", "pr_service_webhook_deliveries_total_total", "accepted_total");
        assertThat(metricNames("sum by (kind, outcome) (rate(awsam_requests_submitted_total{kind=~\"$kind\"}[$__rate_interval]))"))
                .containsExactly("awsam_requests_submitted_total");
        assertThat(metricNames("label_values(awsam_requests, kind)")).containsExactly("awsam_requests");
    }

    /**
     * The Prometheus names of every meter the services' code registers: counters ({@code counter(}, {@code count(},
     * {@code Counter.builder(}, {@code FunctionCounter.builder(}) get {@code _total}; gauges keep their name;
     * timers ({@code timer(}, {@code timed(}, {@code Timer.builder(}) give {@code _seconds_count}, {@code _sum},
     * {@code _max}. Dots and hyphens become underscores. A name passed after another argument counts only in the helper
     * {@code gauge(registry, "name", ...)}: {@code count(kind, "accepted", ...)} is not a meter.
     */
    static Set<String> registeredMetrics() {
        Pattern call = Pattern.compile("\\b(counter|count|gauge|timer|timed)\\(\\s*\"([a-zA-Z][\\w.-]*)\"");
        // request-service's own helper, gauge(registry, "name", ...)
        Pattern helper = Pattern.compile("\\b(gauge)\\(\\s*registry\\s*,\\s*\"([a-zA-Z][\\w.-]*)\"");
        Pattern builder = Pattern.compile("\\b(Counter|FunctionCounter|Gauge|Timer)\\.builder\\(\\s*\"([a-zA-Z][\\w.-]*)\"");
        Set<String> names = new TreeSet<>();
        for (ServiceModule module : ServiceModule.all()) {
            try (Stream<Path> files = Files.walk(module.dir.resolve("src/main/java"))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String code = Files.readString(file);
                    for (Pattern pattern : List.of(call, helper, builder)) {
                        Matcher meter = pattern.matcher(code);
                        while (meter.find()) {
                            names.addAll(prometheusNames(meter.group(1).toLowerCase(Locale.ROOT), meter.group(2)));
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names;
    }

    private static List<String> prometheusNames(String kind, String name) {
        String base = name.replace('.', '_').replace('-', '_');
        return switch (kind) {
            case "counter", "count", "functioncounter" -> List.of(base.endsWith("_total") ? base : base + "_total");
            case "timer", "timed" -> List.of(base + "_seconds_count", base + "_seconds_sum", base + "_seconds_max");
            default -> List.of(base);
        };
    }

    /** The metric names of a PromQL expression: label matchers, strings, ranges, functions and keywords left out. */
    static Set<String> metricNames(String query) {
        String bare = query.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\blabel_values\\(\\s*([^,)]+),[^)]*\\)", "$1")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher word = Pattern.compile("(?<![\\w$.])([a-zA-Z_:][\\w:]*)\\b(\\s*\\()?").matcher(bare);
        while (word.find()) {
            String name = word.group(1);
            if (word.group(2) == null && !PROMQL.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    /** Every query: the panels' targets (rows' panels included) and the template variables'. */
    static List<String> queries(JsonNode dashboard) {
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : panels(dashboard)) {
            panel.path("targets").forEach(target -> queries.add(target.path("expr").asText()));
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("type").asText().equals("query")) {
                JsonNode query = variable.path("query");
                queries.add(query.isObject() ? query.path("query").asText() : query.asText());
            }
        }
        queries.removeIf(String::isBlank);
        return queries;
    }

    private static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }
}
