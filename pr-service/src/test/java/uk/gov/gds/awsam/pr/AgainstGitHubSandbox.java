package uk.gov.gds.awsam.pr;

import java.net.URL;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;

import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.RestAssured;
import uk.gov.gds.awsam.testsupport.InjectTestEvents;
import uk.gov.gds.awsam.testsupport.TestEvents;
import uk.gov.gds.awsam.testsupport.github.GitHubSandbox;
import uk.gov.gds.awsam.testsupport.github.InjectGitHubSandbox;
import uk.gov.gds.awsam.testsupport.github.WebhookSender;

/**
 * What every pr-service integration test has: the event stream, the GitHub sandbox delivering webhooks (as
 * JSON) to this application, with the people the test configuration names as reviewers being collaborators of
 * their repository (the strict sandbox refuses anyone else, as GitHub does), and a service that has rebuilt its
 * state (webhooks are answered 503 until then).
 */
abstract class AgainstGitHubSandbox {

    @InjectTestEvents
    TestEvents events;

    @InjectGitHubSandbox
    GitHubSandbox github;

    @TestHTTPResource("/webhooks/github")
    URL webhook;

    @BeforeEach
    void readyAndDeliveringHere() {
        Awaitility.await().atMost(TestEvents.TIMEOUT).until(() -> RestAssured.get("/q/health/ready").statusCode() == 200);
        github.webhookUrl(webhook.toString()).webhookContentType(WebhookSender.ContentType.JSON);
        github.collaborators(Requests.BILLING, "alice", "bob").collaborators(Requests.USERS, "carol")
                .team("gds", "platform-reviewers", Requests.BILLING);
    }
}
