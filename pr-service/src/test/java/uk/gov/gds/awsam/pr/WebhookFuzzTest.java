package uk.gov.gds.awsam.pr;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static uk.gov.gds.awsam.pr.Requests.BILLING;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import uk.gov.gds.awsam.events.PrClosed;
import uk.gov.gds.awsam.events.PrMerged;
import uk.gov.gds.awsam.events.PrOpened;
import uk.gov.gds.awsam.testsupport.InjectTestEvents;
import uk.gov.gds.awsam.testsupport.KafkaTestResource;
import uk.gov.gds.awsam.testsupport.SampleEvents;
import uk.gov.gds.awsam.testsupport.TestEvents;
import uk.gov.gds.awsam.testsupport.github.GitHubSandbox;
import uk.gov.gds.awsam.testsupport.github.GitHubSandboxTestResource;
import uk.gov.gds.awsam.testsupport.github.InjectGitHubSandbox;
import uk.gov.gds.awsam.testsupport.github.WebhookDelivery;
import uk.gov.gds.awsam.testsupport.github.WebhookSender;

/**
 * The webhook endpoint fuzzed over HTTP with malformed and truncated payloads, each validly signed so that
 * it reaches the parser, all derived from the real payload of a merged pull request pr-service opened and
 * has not concluded: every one is answered 4xx, the service keeps answering, and nothing is published; the
 * intact payload then gives exactly one PrMerged (so a lenient parser would have been caught).
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(GitHubSandboxTestResource.class)
class WebhookFuzzTest extends AgainstGitHubSandbox {

    @Test
    void malformedAndTruncatedPayloadsAreRefusedAndPublishNothing() {
        String requestId = SampleEvents.newRequestId();
        events.publish(Requests.newAccount(requestId, "fuzzed-account"));
        PrOpened opened = events.awaitOne(PrOpened.class, requestId);
        WebhookDelivery lost = github.mergeWithoutWebhook(BILLING, opened.getNumber(), "reviewer");
        byte[] payload = lost.payload();

        List<byte[]> bodies = new ArrayList<>();
        bodies.addAll(PayloadMutations.truncations(payload, 120));
        bodies.addAll(PayloadMutations.fieldMutations(payload));
        bodies.addAll(PayloadMutations.notPayloads(20261122L, 40));
        java.util.Random random = new java.util.Random(6L);
        for (int i = 0; i < 40; i++) {
            byte[] corrupted = PayloadMutations.corrupted(payload, random, 1 + random.nextInt(4));
            if (!isValidJson(corrupted)) {
                bodies.add(corrupted);
            }
        }

        List<String> answeredOtherwise = new ArrayList<>();
        for (byte[] body : bodies) {
            Response response = post(body, UUID.randomUUID().toString());
            if (response.statusCode() < 400 || response.statusCode() >= 500) {
                answeredOtherwise.add(response.statusCode() + " for " + new String(body, 0, Math.min(body.length, 200),
                        java.nio.charset.StandardCharsets.UTF_8));
            } else {
                assertThat(response.contentType()).startsWith("application/problem+json");
            }
        }

        assertThat(answeredOtherwise).as("deliveries not answered 4xx").isEmpty();
        assertThat(bodies).hasSizeGreaterThan(250);
        events.assertNonePublished(PrMerged.class, requestId, Duration.ofSeconds(2));
        events.assertNonePublished(PrClosed.class, requestId, Duration.ofMillis(200));

        assertThat(post(payload, lost.id()).statusCode()).isEqualTo(200);
        events.assertExactly(PrMerged.class, requestId, 1, Duration.ofSeconds(1));
    }

    private Response post(byte[] body, String deliveryId) {
        return given().contentType("application/json").header("X-GitHub-Event", "pull_request").header("X-GitHub-Delivery", deliveryId)
                .header("X-Hub-Signature-256", WebhookSender.signature(body, github.webhookSecret())).body(body).post("/webhooks/github");
    }

    private static boolean isValidJson(byte[] body) {
        try {
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
