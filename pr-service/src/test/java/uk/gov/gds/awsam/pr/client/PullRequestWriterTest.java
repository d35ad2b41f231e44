package uk.gov.gds.awsam.pr.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import uk.gov.gds.awsam.pr.domain.FileContent;
import uk.gov.gds.awsam.pr.domain.FollowUpPullRequests;
import uk.gov.gds.awsam.pr.domain.GitHubBudget;
import uk.gov.gds.awsam.pr.domain.GitHubFailure;
import uk.gov.gds.awsam.pr.domain.GitHubPolicy;
import uk.gov.gds.awsam.pr.domain.GitHubText;
import uk.gov.gds.awsam.pr.domain.PullRequestWriter;
import uk.gov.gds.awsam.pr.domain.PullRequestWriter.NothingToReview;
import uk.gov.gds.awsam.pr.domain.PullRequestWriter.Opened;
import uk.gov.gds.awsam.pr.domain.PullRequestWriter.Proposal;
import uk.gov.gds.awsam.pr.domain.RepositorySettings;
import uk.gov.gds.awsam.pr.domain.RequestBranch;
import uk.gov.gds.awsam.testsupport.github.FaultKind;
import uk.gov.gds.awsam.testsupport.github.GitHubSandbox;

/**
 * The writer with pr-service's client against the strict sandbox, at each point a crash can leave GitHub in
 * (a new process: nothing known of the earlier attempt): after the branch, after the commit, after the pull
 * request. Each time it ends with one pull request and one commit, spending no content-creating call on what
 * exists; and an attempt run again after a wait spends none on what the first one made. Within GitHub's limits, which
 * the sandbox enforces as GitHub does: a request of more people than a description can list is opened with its lists
 * cut, saying what is left out; and a closed import's comment is found however many comments come before it.
 */
class PullRequestWriterTest {

    static final String REPO = "gds/aws-users";
    static GitHubSandbox sandbox;
    static final String BILLING = "gds/aws-billing-account";
    static final String CLOSURE = "0b0f1c1e-1a2b-4c3d-8e4f-0123456789ac";
    static GitHubClient client;
    static PullRequestWriter writer;
    static FollowUpPullRequests followUps;

    @BeforeAll
    static void start() {
        sandbox = GitHubSandbox.start(0, GitHubSandbox.DEFAULT_REPOSITORIES);
        GitHubBudget noPacing = SandboxClient.noPacing();
        client = SandboxClient.withToken(sandbox, noPacing);
        writer = new PullRequestWriter(client);
        followUps = new FollowUpPullRequests(client, new GitHubPolicy(new GitHubPolicy.Settings(1, Duration.ofMillis(1), Duration.ofMillis(1),
                Duration.ofSeconds(30)), noPacing, Clock.systemUTC(), 1), new RepositorySettings(BILLING, "main", List.of(), List.of(),
                List.of(), List.of()), "automerge");
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

    private static long commentReads() {
        return sandbox.stats().byRoute().entrySet().stream().filter(e -> e.getKey().startsWith("GET ") && e.getKey().endsWith("/comments"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** A user-access request's text as terraform-generator composes it, for {@code people} people: one list of them, one of their files. */
    private static String userAccessBody(List<String> emails) {
        StringBuilder body = new StringBuilder("## Access to gds-users for " + emails.size() + " people\n\nRequested by `r@example.gov.uk`.\n\n"
                + "### What merging this does\n\nAdds one file per person.\n\n### People (" + emails.size() + ")\n\n");
        emails.forEach(e -> body.append("- `").append(e).append("`\n"));
        body.append("\n### Before approving\n\n- [ ] Each person should have access to AWS through gds-users.\n\n### Files\n\n");
        emails.forEach(e -> body.append("- `terraform/users/").append(e).append(".tf.json`\n"));
        return body.append("\n---\n\nGenerated by terraform-generator from request `r`. The provisioner acts on exactly what is merged.\n")
                .toString();
    }

    @Test
    void aRequestOfMorePeopleThanADescriptionCanListIsOpenedWithItsListsCutSayingWhatIsLeftOut() {
        List<String> emails = new ArrayList<>();
        List<FileContent> files = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            String email = "firstname.lastname" + String.format("%03d", i) + "@digital.cabinet-office.gov.uk";
            emails.add(email);
            files.add(new FileContent("terraform/users/" + email + ".tf.json", "{}\n"));
        }
        String body = userAccessBody(emails);
        String title = "Add " + "a-very-long-name.".repeat(20) + "@digital.cabinet-office.gov.uk and 599 more to gds-users";
        assertThat(body.length()).as("GitHub would refuse it").isGreaterThan(GitHubText.BODY_LIMIT);
        assertThat(title.length()).isGreaterThan(GitHubText.TITLE_LIMIT);

        Opened opened = (Opened) writer.ensure(new Proposal(REPO, "main", "aws-accounts/user-access/many/r",
                "Add 600 people", title, body, files));

        JsonNode pr = sandbox.pullRequest(REPO, opened.pullRequest().number());
        String posted = pr.path("body").asText();
        assertThat(posted.length()).isLessThanOrEqualTo(GitHubText.BODY_BUDGET);
        assertThat(posted).isEqualTo(GitHubText.body(body, "this pull request's changed files (Files changed) hold every one, and the"
                + " commit is what is merged")).as("the same cut however often it is composed");
        int listed = (int) posted.lines().filter(l -> l.startsWith("- `firstname")).count();
        assertThat(listed).as("the people's list cut like the files'").isEqualTo(posted.lines().filter(l -> l.startsWith("- `terraform/users/"))
                .count()).isGreaterThan(100).isLessThan(600);
        assertThat(posted).contains("- `firstname.lastname000@digital.cabinet-office.gov.uk`\n",
                "- … and " + (600 - listed) + " more, not listed here to keep this description within GitHub's limit: this pull request's"
                        + " changed files (Files changed) hold every one",
                "### Before approving\n\n- [ ] Each person should have access", "The provisioner acts on exactly what is merged.");
        assertThat(pr.path("title").asText()).hasSizeLessThanOrEqualTo(GitHubText.TITLE_LIMIT).endsWith("…");
        assertThat(sandbox.pullRequest(REPO, opened.pullRequest().number()).path("sandbox_files").size()).as("every file committed")
                .isEqualTo(600);
    }

    @Test
    void theImportsCommentIsFoundAfterMoreThanAHundredCommentsSoNoSecondOneIsPosted() {
        String name = "chatty";
        sandbox.commit(BILLING, "main", Map.of("terraform/accounts/" + name + ".tf.json", "{}\n"), "someone");
        int importPr = sandbox.openPullRequest(BILLING, RequestBranch.importBranch(name, "0b0f1c1e-1a2b-4c3d-8e4f-0123456789ab"),
                Map.of(FollowUpPullRequests.importPath(name), FollowUpPullRequests.importBlock(name, "210987654321")), "Import", "i");
        for (int i = 0; i < 150; i++) {
            sandbox.comment(BILLING, importPr, "reviewer", "comment " + i);
        }
        // an earlier attempt commented (its close failed): the 151st comment, on the second page
        sandbox.comment(BILLING, importPr, "aws-accounts-bot", "closing\n\n" + FollowUpPullRequests.closingMarker(CLOSURE) + "\n");
        sandbox.comment(BILLING, importPr, "reviewer", "after");

        assertThat(client.comments(BILLING, importPr)).as("every page, oldest first").hasSize(152).startsWith("comment 0").endsWith("after");
        long pagesRead = commentReads();
        assertThat(pagesRead).as("100 a page").isEqualTo(2);

        FollowUpPullRequests.FollowUp followUp = followUps.removeAccount(new FollowUpPullRequests.AccountClosed("e", CLOSURE, name,
                "210987654321")).toCompletableFuture().join();

        assertThat(followUp.importsClosed()).singleElement().satisfies(c -> assertThat(c.pullRequest().number()).isEqualTo(importPr));
        assertThat(sandbox.pullRequest(BILLING, importPr).path("state").asText()).isEqualTo("closed");
        assertThat(sandbox.comments(BILLING, importPr)).as("the marker on page 2 found: no second comment").hasSize(152);
        assertThat(commentReads() - pagesRead).as("both pages read again").isEqualTo(2);
    }
}
