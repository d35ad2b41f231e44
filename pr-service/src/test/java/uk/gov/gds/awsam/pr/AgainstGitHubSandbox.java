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

/**
 * What every pr-service integration test has: the event stream, the GitHub sandbox delivering webhooks to
 * this application, and a service that has rebuilt its state (webhooks are answered 503 until then).
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
        github.webhookUrl(webhook.toString());
    }
}
