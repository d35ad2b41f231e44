package uk.gov.gds.awsam.pr.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.pr.domain.FileContent;
import uk.gov.gds.awsam.pr.domain.GitHubBudget;
import uk.gov.gds.awsam.pr.domain.GitHubFailure;
import uk.gov.gds.awsam.pr.domain.PullRequestWriter;
import uk.gov.gds.awsam.pr.domain.PullRequestWriter.NothingToReview;
import uk.gov.gds.awsam.pr.domain.PullRequestWriter.Opened;
import uk.gov.gds.awsam.pr.domain.PullRequestWriter.Proposal;
import uk.gov.gds.awsam.testsupport.github.FaultKind;
import uk.gov.gds.awsam.testsupport.github.GitHubSandbox;

/**
 * The writer with pr-service's client against the strict sandbox, at each point a crash can leave GitHub in
 * (a new process: nothing known of the earlier attempt): after the branch, after the commit, after the pull
 * request. Each time it ends with one pull request and one commit, spending no content-creating call on what
 * exists; and an attempt run again after a wait spends none on what the first one made.
 */
class PullRequestWriterTest {

    static final String REPO = "gds/aws-users";
    static GitHubSandbox sandbox;
    static PullRequestWriter writer;

    @BeforeAll
    static void start() {
        sandbox = GitHubSandbox.start(0, GitHubSandbox.DEFAULT_REPOSITORIES);
        GitHubBudget noPacing = new GitHubBudget(new GitHubBudget.Limits(0, 0, Duration.ofMinutes(1), Duration.ofHours(1), Duration.ZERO,
                Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ofSeconds(1)));
        writer = new PullRequestWriter(GitHubClient.withToken(sandbox.apiUrl(), "t", Duration.ofSeconds(5), noPacing, Clock.systemUTC(),
                GitHubClient.Calls.NONE));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @BeforeEach
    void clean() {
        sandbox.reset();
    }

    private static Proposal proposal(String branch, Map<String, String> files) {
        List<FileContent> changes = files.entrySet().stream().map(e -> new FileContent(e.getKey(), e.getValue())).toList();
        return new Proposal(REPO, "main", branch, "Request " + branch, "t " + branch, "b", changes);
    }

    private static long content(String route) {
        return sandbox.stats().byRoute().getOrDefault(route, 0L);
    }

    @Test
    void aCrashAfterTheBranchWasMadeCommitsOnItWithoutMakingItAgain() {
        sandbox.branch(REPO, "after-branch", "main");
        Proposal p = proposal("after-branch", Map.of("terraform/users/a.tf.json", "{}\n"));

        Opened opened = (Opened) writer.ensure(p);

        assertThat(opened.created()).isTrue();
        assertThat(sandbox.file(REPO, "after-branch", "terraform/users/a.tf.json")).contains("{}\n");
        assertThat(content("PUT /repos/{owner}/{repo}/contents/{name}")).isEqualTo(1);
        assertThat(sandbox.pullRequests(REPO)).hasSize(1);
    }

    @Test
    void aCrashAfterTheCommitOpensThePullRequestWithoutCommittingAgain() {
        Proposal p = proposal("after-commit", Map.of("terraform/users/b.tf.json", "{}\n"));
        sandbox.branch(REPO, "after-commit", "main");
        sandbox.commit(REPO, "after-commit", Map.of("terraform/users/b.tf.json", "{}\n"), "aws-accounts-bot");
        String head = sandbox.branchSha(REPO, "after-commit").orElseThrow();

        writer.ensure(p);

        assertThat(sandbox.branchSha(REPO, "after-commit")).contains(head);
        assertThat(sandbox.stats().contentCalls()).as("the branch (422: exists) and the pull request").isEqualTo(2);
    }

    @Test
    void aCrashAfterThePullRequestFindsItAndSpendsNothing() {
        Proposal p = proposal("after-pr", Map.of("terraform/users/c.tf.json", "{}\n"));
        int number = ((Opened) writer.ensure(p)).pullRequest().number();
        long before = sandbox.stats().contentCalls();

        Opened again = (Opened) writer.ensure(p);

        assertThat(again.created()).isFalse();
        assertThat(again.pullRequest().number()).isEqualTo(number);
        assertThat(sandbox.stats().contentCalls()).isEqualTo(before);
    }

    @Test
    void severalFilesAreOneCommitAndOnlyFilesThatExistAreDeleted() {
        sandbox.commit(REPO, "main", Map.of("terraform/users/gone.tf.json", "{}\n"), "someone");
        Map<String, String> files = new HashMap<>();
        files.put("terraform/users/new.tf.json", "{\"new\":1}\n");
        files.put("terraform/users/gone.tf.json", null);
        files.put("terraform/users/never-there.tf.json", null);

        writer.ensure(proposal("several", files));

        assertThat(sandbox.file(REPO, "several", "terraform/users/new.tf.json")).isPresent();
        assertThat(sandbox.file(REPO, "several", "terraform/users/gone.tf.json")).isEmpty();
        assertThat(sandbox.stats().contentCalls()).as("tree, commit, branch, pull request").isEqualTo(4);
        assertThat(sandbox.pullRequests(REPO).get(0).path("sandbox_files").size()).isEqualTo(2);
    }

    @Test
    void anAttemptRunAgainAfterAWaitSpendsNothingOnWhatTheFirstMade() {
        sandbox.fail("PUT", "/repos/" + REPO + "/contents/.*", FaultKind.SERVER_ERROR, 0, 1);
        Proposal p = proposal("again", Map.of("terraform/users/d.tf.json", "{}\n"));
        PullRequestWriter.Progress progress = new PullRequestWriter.Progress();
        assertThatThrownBy(() -> writer.ensure(p, progress)).isInstanceOf(GitHubFailure.class);

        writer.ensure(p, progress);

        assertThat(content("POST /repos/{owner}/{repo}/git/refs")).as("the branch made once, not asked for again").isEqualTo(1);
        assertThat(sandbox.pullRequests(REPO)).hasSize(1);
    }

    @Test
    void aBranchTheBaseAlreadyHoldsIsNothingToReview() {
        // main holds the file already, and a branch of that name points at main (say, left from a merge elsewhere)
        sandbox.commit(REPO, "main", Map.of("terraform/users/e.tf.json", "{}\n"), "someone");
        sandbox.branch(REPO, "nothing-new", "main");

        assertThat(writer.ensure(proposal("nothing-new", Map.of("terraform/users/e.tf.json", "{}\n"))))
                .isInstanceOf(NothingToReview.class);
    }
}
