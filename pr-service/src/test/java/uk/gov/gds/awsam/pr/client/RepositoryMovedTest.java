package uk.gov.gds.awsam.pr.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;

import uk.gov.gds.awsam.pr.domain.GitHubFailure;
import uk.gov.gds.awsam.testsupport.github.GitHubSandbox;

/**
 * A repository renamed or transferred on GitHub while pr-service still names it by its old name: GitHub answers the old
 * name 301 (reads) or 307 (writes) with the same call under {@code /repositories/{id}}, and pr-service follows, so
 * pull requests it opened are still read, commented on and listed. A redirect away from the API's URL is not followed
 * (the credentials go nowhere else). Before, pr-service took the 301 for a refusal and failed every call.
 */
class RepositoryMovedTest {

    static final String OLD = "gds/aws-users";
    static final String NEW = "gds/aws-people";
    private GitHubSandbox sandbox;
    private GitHubClient client;

    @BeforeEach
    void start() {
        sandbox = GitHubSandbox.start(0, GitHubSandbox.DEFAULT_REPOSITORIES);
        client = SandboxClient.withToken(sandbox, SandboxClient.noPacing());
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void callsToTheOldNameFollowGitHubsRedirectForReadsWritesAndListings() {
        Instant before = Instant.now().minusSeconds(60);
        int open = sandbox.openPullRequest(OLD, "still-open", Map.of("a.txt", "a\n"), "open", "body");
        int closed = sandbox.openPullRequest(OLD, "closed", Map.of("b.txt", "b\n"), "closed", "body");
        sandbox.close(OLD, closed, "reviewer");
        sandbox.renameRepository(OLD, NEW);

        assertThat(client.pullRequest(OLD, open).open()).isTrue();
        client.comment(OLD, open, "still here");
        assertThat(client.comments(NEW, open)).as("the write reached the repository under its new name").anyMatch(c -> c.contains("still here"));
        assertThat(client.closedSince(OLD, before)).containsExactly(closed);
        assertThat(client.findPullRequest(OLD, "still-open", "main")).hasValueSatisfying(pr -> assertThat(pr.number()).isEqualTo(open));
    }

    /**
     * Transferred to another owner: GitHub lists a pull request only under its head's new owner ({@code head=owner:branch}),
     * so the listing under the old owner is empty although the pull request exists; pr-service asks again with the
     * owner GitHub names now, and a new branch still finds nothing.
     */
    @Test
    void aPullRequestOfARepositoryTransferredToAnotherOwnerIsStillFound() {
        int open = sandbox.openPullRequest(OLD, "still-open", Map.of("a.txt", "a\n"), "open", "body");
        sandbox.renameRepository(OLD, "gds-archive/aws-users");

        assertThat(client.findPullRequest(OLD, "still-open", "main")).hasValueSatisfying(pr -> assertThat(pr.number()).isEqualTo(open));
        assertThat(client.findPullRequest(OLD, "no-such-branch", "main")).isEmpty();
    }

    @Test
    void aRedirectAwayFromTheApiIsNotFollowed() {
        StubMapping elsewhere = sandbox.wireMock().stubFor(WireMock.get(WireMock.urlPathEqualTo("/repos/gds/elsewhere/pulls/1")).atPriority(1)
                .willReturn(WireMock.aResponse().withStatus(301).withHeader("Location", "https://elsewhere.example/repositories/1/pulls/1")
                        .withHeader("Content-Type", "application/json").withBody("{\"message\":\"Moved Permanently\"}")));
        try {
            assertThatThrownBy(() -> client.pullRequest("gds/elsewhere", 1)).isInstanceOfSatisfying(GitHubFailure.class,
                    failure -> assertThat(failure.kind()).isEqualTo(GitHubFailure.Kind.INVALID)).hasMessageContaining("301");
        } finally {
            sandbox.wireMock().removeStub(elsewhere);
        }
    }
}
