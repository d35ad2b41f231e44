package uk.gov.gds.awsam.pr.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.testsupport.github.WebhookReceiver;

import uk.gov.gds.awsam.pr.Requests;
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

    static final GitHubSandbox SANDBOX = GitHubSandbox.start(0, GitHubSandbox.DEFAULT_REPOSITORIES);
    static final WebhookReceiver RECEIVER = WebhookReceiver.start(200);

    @AfterAll
    static void stop() {
        RECEIVER.close();
        SANDBOX.close();
    }

    @BeforeEach
    void theWebhookAnswersOk() {
        SANDBOX.reset();
        SANDBOX.webhook(RECEIVER.answer(200).url(), "the-secret");
    }

    @Test
    void aTokenThatReachesEverythingPasses() {
        Report report = new Report("pr-service", preflight("ghp_any", Optional.of(RECEIVER.url())));

        assertThat(report.passed()).as(report.text()).isTrue();
        assertThat(report.text()).contains("PASS          github    authenticate with the token: token of ")
                .contains("PASS          github    reach " + Requests.USERS + ": default branch main, the token may push")
                .contains("PASS          github    ping the webhook of " + Requests.USERS + ": pr-service answered GitHub's signed ping 200")
                .doesNotContain("App permission", "the-secret");
    }

    @Test
    void aTokenGitHubRefusesFailsSayingWhichSettingAndChecksNothingElse() {
        Report report = new Report("pr-service", preflight("ghs_not-issued-by-github", Optional.of(RECEIVER.url())));

        assertThat(report.httpStatus()).isEqualTo(503);
        assertThat(report.text()).contains("FAIL          github    authenticate with the token: GitHub answered 401 Bad credentials:"
                + " PR_GITHUB_TOKEN is not accepted")
                .contains("CANNOT-CHECK  github    repositories, permissions and webhooks")
                .doesNotContain("ghs_not-issued-by-github");
    }

    @Test
    void aWebhookUrlThatIsNotPrServiceFailsWithTheCodeItGot() {
        RECEIVER.answer(500);

        Report report = new Report("pr-service", preflight("ghp_any", Optional.of(RECEIVER.url())));

        assertThat(report.text()).contains("FAIL          github    ping the webhook of " + Requests.BILLING + ": GitHub's ping to " + RECEIVER.url()
                + " got 500 (\"Invalid HTTP Response: 500\")");
    }

    @Test
    void withoutThePublicUrlTheWebhooksCannotBeChecked() {
        Report report = new Report("pr-service", preflight("ghp_any", Optional.empty()));

        assertThat(report.passed()).isTrue();
        assertThat(report.text()).contains("CANNOT-CHECK  github    webhook of " + Requests.BILLING + ": PR_WEBHOOK_PUBLIC_URL (pr.webhook.public-url)"
                + " is not set");
    }

    /** A repository renamed on GitHub: everything still answers through the redirect, and the preflight says what to set. */
    @Test
    void aRepositoryGitHubHasMovedFailsNamingItsNewNameAndTheSetting() {
        SANDBOX.renameRepository(Requests.USERS, "gds/aws-people");

        Report report = new Report("pr-service", preflight("ghp_any", Optional.of(RECEIVER.url())));

        assertThat(report.httpStatus()).isEqualTo(503);
        assertThat(report.text()).contains("FAIL          github    reach " + Requests.USERS + ": GitHub has moved " + Requests.USERS
                + " to gds/aws-people (renamed or transferred): set PR_USERS_NAME to gds/aws-people.")
                .contains("PASS          github    ping the webhook of " + Requests.USERS);
    }

    private static List<Finding> preflight(String token, Optional<String> webhookUrl) {
        GitHubClient client = GitHubClient.withToken(SANDBOX.apiUrl(), token, Duration.ofSeconds(5),
                new GitHubBudget(GitHubBudget.Limits.github()), Clock.systemUTC(), GitHubClient.Calls.NONE);
        RepositorySettings.Repositories repositories = new RepositorySettings.Repositories(
                new RepositorySettings(Requests.BILLING, "main", List.of("a"), List.of(), List.of(), List.of()),
                new RepositorySettings(Requests.USERS, "main", List.of(), List.of(), List.of(), List.of()));
        return client.preflight(new GitHubPreflight.Settings(repositories, true, webhookUrl), Clock.systemUTC()).run();
    }
}
