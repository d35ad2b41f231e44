package uk.gov.gds.awsam.pr.client;

import java.time.Clock;
import java.time.Duration;

import uk.gov.gds.awsam.pr.domain.GitHubBudget;
import uk.gov.gds.awsam.testsupport.github.GitHubSandbox;

/** pr-service's GitHub client against a sandbox: a personal token, and no pacing (the sandbox enforces no limit unless asked). */
final class SandboxClient {

    private SandboxClient() {
    }

    static GitHubBudget noPacing() {
        return new GitHubBudget(new GitHubBudget.Limits(0, 0, Duration.ofMinutes(1), Duration.ofHours(1), Duration.ZERO, Duration.ofSeconds(3),
                Duration.ofSeconds(1), Duration.ofSeconds(1)));
    }

    static GitHubClient withToken(GitHubSandbox sandbox, GitHubBudget budget) {
        return GitHubClient.withToken(sandbox.apiUrl(), "t", Duration.ofSeconds(5), budget, Clock.systemUTC(), GitHubClient.Calls.NONE);
    }
}
