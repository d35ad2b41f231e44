package uk.gov.gds.awsam.request.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import uk.gov.gds.awsam.events.TopicSpec;
import uk.gov.gds.awsam.preflight.Finding;
import uk.gov.gds.awsam.preflight.KafkaTopicsCheck;
import uk.gov.gds.awsam.request.Api;
import uk.gov.gds.awsam.request.Bodies;
import uk.gov.gds.awsam.request.client.IdentityProviderCheck;
import uk.gov.gds.awsam.request.client.Preflight;
import uk.gov.gds.awsam.request.client.SchemaRegistryCheck;
import uk.gov.gds.awsam.testsupport.InjectTestEvents;
import uk.gov.gds.awsam.testsupport.KafkaTestResource;
import uk.gov.gds.awsam.testsupport.TestEvents;
import uk.gov.gds.awsam.testsupport.identity.KeycloakTestResource;

/**
 * The preflight against the test emulators, which are set up as production must be (Keycloak with the local run's
 * realm, the catalogue's topics as declared, the registry stand-in with the global BACKWARD rule): it passes for an
 * engineer and is refused to anyone else; and each outside system, set up wrong, fails with a line saying what to
 * change: a wrong client secret or an unknown client, a missing or non-compacted or history-deleting topic, no global
 * compatibility rule.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(KeycloakTestResource.class)
class PreflightTest {

    private static final String ENGINEER = "engineer@" + Bodies.DOMAIN;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @InjectTestEvents
    TestEvents events;

    private static String config(String key) {
        return ConfigProvider.getConfig().getValue(key, String.class);
    }

    @Test
    void passesForAnEngineerAgainstTheTestEmulators() {
        Response text = Api.asEngineer(ENGINEER).accept(ContentType.TEXT).post(PreflightResource.PATH);
        assertThat(text.statusCode()).as(text.asString()).isEqualTo(200);
        assertThat(text.contentType()).startsWith("text/plain");
        assertThat(text.asString()).startsWith("# request-service\n").contains(
                "PASS          identity  the provider's discovery document answers",
                "PASS          identity  the provider's issuer is the configured one",
                "PASS          identity  the provider's signing keys (JWKS) answer",
                "PASS          identity  client 'aws-account-management' exists and its secret is right",
                "PASS          identity  the email claim 'email' is one the provider issues",
                "PASS          kafka     the catalogue's topics exist with their settings: 44 of 44 topics",
                "PASS          registry  the registry answers",
                "PASS          registry  the global COMPATIBILITY rule is BACKWARD: BACKWARD",
                "request-service: preflight passed")
                .doesNotContain("FAIL", config("quarkus.oidc.credentials.secret"));

        JsonPath json = Api.asEngineer(ENGINEER).accept(ContentType.JSON).post(PreflightResource.PATH)
                .then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();
        assertThat(json.getString("service")).isEqualTo(Preflight.SERVICE);
        assertThat(json.getList("findings.system")).contains("identity", "kafka", "registry");
        assertThat(json.getList("findings.outcome")).doesNotContain("FAIL");
    }

    @Test
    void isRefusedToARequesterAsTheEngineersOtherEndpointsAreAndToNobody() {
        Api.as(Bodies.uniqueEmail("requester")).accept(ContentType.TEXT).post(PreflightResource.PATH).then().statusCode(403)
                .contentType(Problems.MEDIA_TYPE).body("type", equalTo("/problems/engineers-only"));
        given().accept(ContentType.TEXT).post(PreflightResource.PATH).then().statusCode(401).contentType(Problems.MEDIA_TYPE);
    }

    @Test
    void aWrongClientSecretOrAnUnknownClientFailsNamingTheClient() {
        String issuer = config("quarkus.oidc.auth-server-url");
        String clientId = config("quarkus.oidc.client-id");
        String wrongSecret = "not-the-secret-not-the-secret-not-the-secret";
        List<Finding> wrong = new IdentityProviderCheck(issuer, clientId, wrongSecret, "email", "groups", TIMEOUT).run();
        assertThat(lines(wrong)).anyMatch(line -> line.startsWith("FAIL          identity  client 'aws-account-management' exists and its secret is right: "
                + "the provider refused client 'aws-account-management'") && line.contains("check REQUEST_OIDC_CLIENT_ID and REQUEST_OIDC_CLIENT_SECRET"));
        assertThat(lines(wrong)).noneMatch(line -> line.contains(wrongSecret));

        List<Finding> unknown = new IdentityProviderCheck(issuer, "no-such-client", config("quarkus.oidc.credentials.secret"), "email",
                "groups", TIMEOUT).run();
        assertThat(lines(unknown)).anyMatch(line -> line.startsWith("FAIL") && line.contains("the provider refused client 'no-such-client'"));

        List<Finding> otherIssuer = new IdentityProviderCheck(issuer.replace("/realms/", "/realms/not-"), clientId, wrongSecret, "email",
                "groups", TIMEOUT).run();
        assertThat(lines(otherIssuer)).singleElement().asString().startsWith("FAIL          identity  the provider's discovery document answers")
                .contains("answered 404: set REQUEST_OIDC_ISSUER");
    }

    @Test
    void aMissingTopicANonCompactedInternalTopicAndATopicDeletingHistoryFailNamingThem() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String missing = "aws-accounts.preflight-missing-" + suffix;
        String notCompacted = "aws-accounts.internal.preflight-not-compacted-" + suffix;
        String deletingHistory = "aws-accounts.preflight-deleting-history-" + suffix;
        Map<String, Object> client = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, events.bootstrapServers());
        try (Admin admin = Admin.create(client)) {
            admin.createTopics(List.of(new NewTopic(notCompacted, Optional.of(3), Optional.empty()),
                    new NewTopic(deletingHistory, Optional.of(3), Optional.empty()).configs(Map.of("retention.ms", "604800000"))))
                    .all().get(30, TimeUnit.SECONDS);
            try {
                Map<String, String> keptForever = Map.of("cleanup.policy", "delete", "retention.ms", "-1");
                List<Finding> findings = new KafkaTopicsCheck(client, TIMEOUT, List.of(
                        new TopicSpec(missing, 3, keptForever, "events are the system of record: kept forever"),
                        new TopicSpec(notCompacted, 3, Map.of("cleanup.policy", "compact"), "internal state: the latest record per key"),
                        new TopicSpec(deletingHistory, 3, keptForever, "events are the system of record: kept forever"))).run();
                assertThat(lines(findings)).containsExactlyInAnyOrder(
                        "FAIL          kafka     topic " + missing + " exists: missing on " + events.bootstrapServers()
                                + ": create it with partitions=3 and cleanup.policy=delete, retention.ms=-1 (events are the system of record: "
                                + "kept forever; deploy/k8s/kafka/topics.yaml declares it)",
                        "FAIL          kafka     topic " + notCompacted + " cleanup.policy: it is delete: set cleanup.policy=compact "
                                + "(internal state: the latest record per key)",
                        "FAIL          kafka     topic " + deletingHistory + " retention.ms: it is 604800000: set retention.ms=-1 "
                                + "(events are the system of record: kept forever)");
            } finally {
                admin.deleteTopics(List.of(notCompacted, deletingHistory)).all().get(30, TimeUnit.SECONDS);
            }
        }
        List<Finding> noBroker = new KafkaTopicsCheck(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1"),
                Duration.ofSeconds(2)).run();
        assertThat(lines(noBroker)).singleElement().asString().startsWith("FAIL          kafka     reach the broker: ")
                .contains("127.0.0.1:1", "KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void noGlobalCompatibilityRuleOrAWeakerOneFails() {
        String rules = events.registryUrl() + "/admin/rules";
        given().delete(rules + "/COMPATIBILITY").then().statusCode(204);
        try {
            given().get(rules + "/COMPATIBILITY").then().statusCode(404).contentType("application/problem+json")
                    .body("name", equalTo("RuleNotFoundException"));
            Response report = Api.asEngineer(ENGINEER).accept(ContentType.TEXT).post(PreflightResource.PATH);
            assertThat(report.statusCode()).isEqualTo(503);
            assertThat(report.asString()).contains("FAIL          registry  the global COMPATIBILITY rule is BACKWARD: "
                    + "no global COMPATIBILITY rule is set, so an incompatible schema would be registered: set it (an administrator): POST "
                    + events.registryUrl() + "/admin/rules {\"ruleType\": \"COMPATIBILITY\", \"config\": \"BACKWARD\"}")
                    .contains("request-service: preflight FAILED, 1 to fix");

            given().contentType(ContentType.JSON).body("{\"ruleType\": \"COMPATIBILITY\", \"config\": \"NONE\"}").post(rules)
                    .then().statusCode(204);
            assertThat(lines(new SchemaRegistryCheck(events.registryUrl(), Optional.empty(), TIMEOUT).run()))
                    .contains("FAIL          registry  the global COMPATIBILITY rule is BACKWARD: it is NONE, so an incompatible schema "
                            + "could be registered: set it to BACKWARD (an administrator): PUT " + events.registryUrl()
                            + "/admin/rules/COMPATIBILITY {\"ruleType\": \"COMPATIBILITY\", \"config\": \"BACKWARD\"}");
        } finally {
            given().delete(rules + "/COMPATIBILITY");
            given().contentType(ContentType.JSON).body("{\"ruleType\": \"COMPATIBILITY\", \"config\": \"BACKWARD\"}").post(rules)
                    .then().statusCode(204);
        }
        Api.asEngineer(ENGINEER).accept(ContentType.TEXT).post(PreflightResource.PATH).then().statusCode(200);
    }

    private static List<String> lines(List<Finding> findings) {
        return findings.stream().map(Finding::line).toList();
    }
}
