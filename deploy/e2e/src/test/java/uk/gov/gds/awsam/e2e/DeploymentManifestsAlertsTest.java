package uk.gov.gds.awsam.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import uk.gov.gds.awsam.testsupport.DebianPackages;

/**
 * deploy/prometheus/aws-accounts-alerts.yml: Prometheus' own promtool accepts it and its unit tests
 * (aws-accounts-alerts.test.yml) pass; every alert is tested both firing and quiet, says how urgent it is and what
 * happened, queries only metrics the services register, and watches exactly the deployed services and the tasks
 * request-service knows.
 */
class DeploymentManifestsAlertsTest {

    private static final Path RULES = DeploymentManifestsTest.DEPLOY.resolve("prometheus/aws-accounts-alerts.yml");
    private static final Path TESTS = DeploymentManifestsTest.DEPLOY.resolve("prometheus/aws-accounts-alerts.test.yml");

    @Test
    void promtoolAcceptsTheRulesAndTheirUnitTestsPass() throws Exception {
        Path promtool = DebianPackages.unpack("The alert-rule tests", "prometheus", "usr/bin/promtool", Path.of("target/debian/prometheus"));
        assertThat(promtool(promtool, "check", "rules", RULES.toString())).contains("SUCCESS: " + rules().size() + " rules found");
        assertThat(promtool(promtool, "test", "rules", TESTS.toString())).contains("SUCCESS");
    }

    @Test
    void everyAlertIsTestedFiringAndQuiet() throws IOException {
        Set<String> fired = new TreeSet<>();
        Set<String> quiet = new TreeSet<>();
        for (JsonNode test : DeploymentManifestsTest.documents(TESTS).get(0).path("tests")) {
            for (JsonNode expectation : test.path("alert_rule_test")) {
                String alert = expectation.path("alertname").asText();
                if (expectation.path("exp_alerts").isEmpty()) {
                    quiet.add(alert);
                } else {
                    fired.add(alert);
                    expectation.path("exp_alerts").forEach(expected -> assertThat(expected.path("exp_annotations").path("description").asText())
                            .as(alert + ": the words a person reads are pinned").isNotBlank());
                }
            }
        }
        Set<String> alerts = new TreeSet<>(rules().stream().map(rule -> rule.path("alert").asText()).toList());
        assertThat(fired).as("alerts a test fires").isEqualTo(alerts);
        assertThat(quiet).as("alerts a test keeps quiet").isEqualTo(alerts);
    }

    @Test
    void everyAlertSaysHowUrgentAndWhatHappenedAndQueriesOnlyRegisteredMetrics() throws IOException {
        Set<String> known = new TreeSet<>(DeploymentManifestsGrafanaTest.registeredMetrics());
        known.addAll(DeploymentManifestsGrafanaTest.STANDARD_METRICS);
        known.add("up"); // Prometheus' own, one per scrape target
        for (JsonNode rule : rules()) {
            String alert = rule.path("alert").asText();
            assertThat(alert).startsWith("AwsAccounts");
            assertThat(rule.path("labels").path("severity").asText()).as(alert + " severity").isIn("page", "ticket");
            assertThat(rule.path("annotations").path("summary").asText()).as(alert + " summary").isNotBlank();
            assertThat(rule.path("annotations").path("description").asText()).as(alert + " description").isNotBlank();
            assertThat(DeploymentManifestsGrafanaTest.metricNames(rule.path("expr").asText())).as(alert + " queries")
                    .isNotEmpty().isSubsetOf(known);
        }
    }

    /** A service added (or renamed) is watched for being down and for having no pod at all; a task added to request-service is considered. */
    @Test
    void theAlertsWatchTheDeployedServicesAndTheTasksRequestServiceKnows() throws IOException {
        List<String> services = ServiceModule.all().stream().map(m -> m.name).toList();
        String down = expr("AwsAccountsServiceDown");
        Matcher regex = Pattern.compile("app_kubernetes_io_name=~\"([^\"]+)\"").matcher(down);
        assertThat(regex.find()).as(down).isTrue();
        assertThat(List.of(regex.group(1).split("\\|"))).containsExactlyInAnyOrderElementsOf(services);
        List<String> absent = new ArrayList<>();
        Matcher each = Pattern.compile("absent\\(up\\{app_kubernetes_io_name=\"([^\"]+)\"}\\)").matcher(expr("AwsAccountsServiceAbsent"));
        while (each.find()) {
            absent.add(each.group(1));
        }
        assertThat(absent).containsExactlyInAnyOrderElementsOf(services);

        String view = Files.readString(ServiceModule.named("request-service").dir
                .resolve("src/main/java/uk/gov/gds/awsam/request/domain/RequestView.java"));
        Set<String> tasks = new TreeSet<>();
        for (String alert : List.of("AwsAccountsPersonTaskWaiting", "AwsAccountsOutsideWorldWaiting", "AwsAccountsRequestsFailed")) {
            Matcher task = Pattern.compile("task=~?\"([^\"]+)\"").matcher(expr(alert));
            assertThat(task.find()).as(alert).isTrue();
            tasks.addAll(List.of(task.group(1).split("\\|")));
        }
        int start = view.indexOf("enum Task");
        Matcher declared = Pattern.compile("\\n\\s+([A-Z_]+)\\(\"").matcher(view.substring(start, view.indexOf("private final String title", start)));
        Set<String> known = new TreeSet<>();
        while (declared.find()) {
            known.add(declared.group(1));
        }
        assertThat(tasks).as("every task of RequestView.Task, each in one alert").isEqualTo(known);
    }

    private static List<JsonNode> rules() throws IOException {
        List<JsonNode> rules = new ArrayList<>();
        for (JsonNode group : DeploymentManifestsTest.documents(RULES).get(0).path("groups")) {
            group.path("rules").forEach(rules::add);
        }
        return rules;
    }

    private static String expr(String alert) throws IOException {
        return rules().stream().filter(rule -> rule.path("alert").asText().equals(alert)).findFirst().orElseThrow()
                .path("expr").asText();
    }

    private static String promtool(Path promtool, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(promtool.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + " said:\n" + output).isZero();
        return output;
    }
}
