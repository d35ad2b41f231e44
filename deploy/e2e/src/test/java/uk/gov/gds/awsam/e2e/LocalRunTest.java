package uk.gov.gds.awsam.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.testsupport.CatalogueTopics;

/**
 * deploy/local/up brings up the broker, the registry stand-in, the emulators and every service, each answering
 * where it says it listens (on loopback only), and deploy/local/down stops them all in under 15 s (every service
 * stops within seconds of TERM, side by side) and leaves no process and no port behind. deploy/preflight passes
 * against it.
 */
class LocalRunTest {

    private static final Map<String, String> PORT_OF_PART = Map.ofEntries(Map.entry("kafka", "KAFKA_PORT"),
            Map.entry("registry", "REGISTRY_PORT"), Map.entry("moto", "MOTO_PORT"), Map.entry("greenmail", "SMTP_PORT"),
            Map.entry("github", "GITHUB_PORT"), Map.entry("keycloak", "KEYCLOAK_PORT"),
            Map.entry("request-service", "REQUEST_SERVICE_PORT"), Map.entry("terraform-generator", "TERRAFORM_GENERATOR_PORT"),
            Map.entry("pr-service", "PR_SERVICE_PORT"), Map.entry("provisioner", "PROVISIONER_PORT"),
            Map.entry("notifier", "NOTIFIER_PORT"));
    private static final Duration DOWN_WITHIN = Duration.ofSeconds(15);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void upStartsEveryPartWhereItSaysAndDownLeavesNothingBehind() throws Exception {
        LocalSystem system = LocalSystem.up("local-run", true, Map.of());
        Map<String, Long> pids;
        try {
            pids = system.pids();
            assertThat(pids).containsKeys(PORT_OF_PART.keySet().toArray(String[]::new));
            for (String part : PORT_OF_PART.keySet()) {
                assertThat(system.upOutput()).containsPattern(part + "\\s+PID " + pids.get(part) + "\\s+.*127\\.0\\.0\\.1:"
                        + system.port(PORT_OF_PART.get(part)));
                assertThat(ProcessHandle.of(pids.get(part))).as(part).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
            }

            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    "127.0.0.1:" + system.port("KAFKA_PORT")))) {
                Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
                assertThat(topics).containsAll(CatalogueTopics.names());
            }
            assertThat(get(system, "REGISTRY_PORT", "/apis/registry/v3/system/info")).contains("stand-in");
            assertThat(get(system, "MOTO_PORT", "/moto-api/data.json")).isNotEmpty();
            assertThat(get(system, "GREENMAIL_API_PORT", "/api/service/readiness")).isNotNull();
            assertThat(get(system, "GITHUB_PORT", "/_sandbox/repos")).contains("gds/aws-billing-account");
            // deploy/local/token asks the run's Keycloak: a token for the person, from the run's issuer
            String token = system.token("engineer@digital.cabinet-office.gov.uk").trim();
            com.fasterxml.jackson.databind.JsonNode claims = uk.gov.gds.awsam.testsupport.identity.Tokens.claims(token);
            assertThat(claims.path("iss").asText()).isEqualTo(system.issuer());
            assertThat(claims.path("email").asText()).isEqualTo("engineer@digital.cabinet-office.gov.uk");
            assertThat(claims.path("aud").toString()).contains("aws-account-management");
            assertThat(claims.path("groups").toString()).contains("engineer");
            for (String service : List.of("REQUEST_SERVICE_PORT", "TERRAFORM_GENERATOR_PORT", "PR_SERVICE_PORT", "PROVISIONER_PORT",
                    "NOTIFIER_PORT")) {
                assertThat(get(system, service, "/q/health/ready")).as(service).contains("\"UP\"");
            }
            // the preflight passes against the run: every service reaches its outside systems with what it needs
            String preflight = system.preflight();
            System.out.println("deploy/preflight against the local run:\n" + preflight);
            assertThat(preflight).contains("preflight passed: every service")
                    .contains("request-service: preflight passed").contains("pr-service: preflight passed")
                    .contains("provisioner: preflight passed").contains("notifier: preflight passed")
                    .doesNotContain("FAIL ");
            try (Socket smtp = new Socket()) {
                smtp.connect(new InetSocketAddress("127.0.0.1", system.port("SMTP_PORT")), 5000);
                assertThat(new String(smtp.getInputStream().readNBytes(3))).isEqualTo("220");
            }
            for (String variable : LocalSystem.PORT_VARIABLES) {
                assertThat(listensOnAnyAddress(system.port(variable))).as(variable + " listens beyond loopback").isFalse();
            }
        } finally {
            long start = System.nanoTime();
            String said = system.down();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(said).contains("nothing left running").doesNotContain("KILL");
            assertThat(took).as("deploy/local/down took " + took.toMillis() + " ms:\n" + said).isLessThan(DOWN_WITHIN);
        }
        for (var entry : pids.entrySet()) {
            assertThat(ProcessHandle.of(entry.getValue()).map(ProcessHandle::isAlive).orElse(false))
                    .as(entry.getKey() + " (PID " + entry.getValue() + ") after down").isFalse();
        }
        for (String part : PORT_OF_PART.keySet()) {
            assertThat(portAnswers(system.port(PORT_OF_PART.get(part)))).as(part + " port after down").isFalse();
        }
        assertThat(Files.list(system.runDir().resolve("pids"))).isEmpty();
    }

    private String get(LocalSystem system, String portVariable, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + system.port(portVariable) + path)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    private static boolean portAnswers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (Exception refused) {
            return false;
        }
    }

    /** True when something listens on the port on a non-loopback (wildcard or external) address. */
    private static boolean listensOnAnyAddress(int port) throws Exception {
        for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            java.util.List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                String[] local = fields[1].split(":");
                boolean listening = fields[3].equals("0A");
                if (listening && Integer.parseInt(local[1], 16) == port && !isLoopback(local[0])) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isLoopback(String hexAddress) {
        return hexAddress.equals("0100007F")                                   // 127.0.0.1
                || hexAddress.equals("0000000000000000FFFF00000100007F")       // ::ffff:127.0.0.1
                || hexAddress.equals("00000000000000000000000001000000");      // ::1
    }
}
