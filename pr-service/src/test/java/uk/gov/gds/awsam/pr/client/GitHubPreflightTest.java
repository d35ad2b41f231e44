package uk.gov.gds.awsam.pr.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import uk.gov.gds.awsam.pr.domain.GitHubBudget;
import uk.gov.gds.awsam.pr.domain.RepositorySettings;
import uk.gov.gds.awsam.preflight.Finding;
import uk.gov.gds.awsam.preflight.Report;
import uk.gov.gds.awsam.testsupport.github.GitHubSandbox;

/**
 * The preflight's token path against the sandbox, with a receiver standing in for pr-service's webhook that answers
 * what the test says: a token GitHub refuses, a receiver that is not pr-service (500), and everything right.
 */
class GitHubPreflightTest {

    static final String BILLING = "gds/aws-billing-account";
    static final String USERS = "gds/aws-users";
    static GitHubSandbox sandbox;
    static HttpServer receiver;
    static volatile int answer = 200;
    static String url;

    @BeforeAll
    static void start() throws IOException {
        sandbox = GitHubSandbox.start(0, GitHubSandbox.DEFAULT_REPOSITORIES);
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        receiver.createContext("/webhooks/github", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                exchange.sendResponseHeaders(answer, -1);
            }
        });
        receiver.start();
        url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/webhooks/github";
    }

    @AfterAll
    static void stop() {
        receiver.stop(0);
        sandbox.close();
    }

    @BeforeEach
    void clean() {
        sandbox.reset();
        sandbox.webhook(url, "the-secret");
        answer = 200;
    }

    @Test
    void aTokenThatReachesEverythingPasses() {
        Report report = new Report("pr-service", preflight("ghp_any", Optional.of(url)));

        assertThat(report.passed()).as(report.text()).isTrue();
        assertThat(report.text()).contains("PASS          github    authenticate with the token: token of ")
                .contains("PASS          github    reach " + USERS + ": default branch main, the token may push")
                .contains("PASS          github    ping the webhook of " + USERS + ": pr-service answered GitHub's signed ping 200")
                .doesNotContain("App permission", "the-secret");
    }

    @Test
    void aTokenGitHubRefusesFailsSayingWhichSettingAndChecksNothingElse() {
        Report report = new Report("pr-service", preflight("ghs_not-issued-by-github", Optional.of(url)));

        assertThat(report.httpStatus()).isEqualTo(503);
        assertThat(report.text()).contains("FAIL          github    authenticate with the token: GitHub answered 401 Bad credentials:"
                + " PR_GITHUB_TOKEN is not accepted")
                .contains("CANNOT-CHECK  github    repositories, permissions and webhooks")
                .doesNotContain("ghs_not-issued-by-github");
    }

    @Test
    void aWebhookUrlThatIsNotPrServiceFailsWithTheCodeItGot() {
        answer = 500;

        Report report = new Report("pr-service", preflight("ghp_any", Optional.of(url)));

        assertThat(report.text()).contains("FAIL          github    ping the webhook of " + BILLING + ": GitHub's ping to " + url
                + " got 500 (\"Invalid HTTP Response: 500\")");
    }

    @Test
    void withoutThePublicUrlTheWebhooksCannotBeChecked() {
        Report report = new Report("pr-service", preflight("ghp_any", Optional.empty()));

        assertThat(report.passed()).isTrue();
        assertThat(report.text()).contains("CANNOT-CHECK  github    webhook of " + BILLING + ": PR_WEBHOOK_PUBLIC_URL (pr.webhook.public-url)"
                + " is not set");
    }

    private static List<Finding> preflight(String token, Optional<String> webhookUrl) {
        GitHubClient client = GitHubClient.withToken(sandbox.apiUrl(), token, Duration.ofSeconds(5),
                new GitHubBudget(GitHubBudget.Limits.github()), Clock.systemUTC(), GitHubClient.Calls.NONE);
        RepositorySettings.Repositories repositories = new RepositorySettings.Repositories(
                new RepositorySettings(BILLING, "main", List.of("a"), List.of(), List.of(), List.of()),
                new RepositorySettings(USERS, "main", List.of(), List.of(), List.of(), List.of()));
        return client.preflight(new GitHubPreflight.Settings(repositories, true, webhookUrl), Clock.systemUTC()).run();
    }
}
