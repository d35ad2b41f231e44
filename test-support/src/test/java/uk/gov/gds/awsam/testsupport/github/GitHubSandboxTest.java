package uk.gov.gds.awsam.testsupport.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The sandbox held to GitHub's documented and recorded answers (the sources are named in pr-service/README.md,
 * "The GitHub sandbox"), over plain HTTP as any client sees it: the pull-request flow through the git data and
 * contents APIs, GitHub's refusals (422 variants, rulesets, reviewers who are not collaborators, unknown people,
 * permissions), the legacy ref prefix match, every rate-limit form, the content-creating limits when switched
 * on, App JWTs, and webhooks in both content types and {@code ping}. One sandbox for the class; reset between tests.
 */
class GitHubSandboxTest {

    static final String BILLING = "gds/aws-billing-account";
    static final String SECRET = "sandbox-test-secret";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static GitHubSandbox sandbox;
    static WebhookReceiver receiver;

    @BeforeAll
    static void start() {
        sandbox = GitHubSandbox.start(0, GitHubSandbox.DEFAULT_REPOSITORIES);
        receiver = WebhookReceiver.start(202);
        sandbox.webhook(receiver.url(), SECRET);
        sandbox.collaborators(BILLING, "alice", "bob").team("gds", "reviewers", BILLING).team("gds", "elsewhere", "gds/aws-users");
    }

    @AfterAll
    static void stop() {
        receiver.close();
        sandbox.close();
    }

    @BeforeEach
    void clean() {
        sandbox.reset();
        sandbox.webhookContentType(WebhookSender.ContentType.JSON);
        receiver.clear();
    }

    @Test
    void thePullRequestFlowAsPrServiceMakesIt() throws IOException {
        JsonNode main = ok(call("GET", "/repos/" + BILLING + "/branches/main", null), 200);
        String base = main.path("commit").path("sha").asText();
        String baseTree = main.path("commit").path("commit").path("tree").path("sha").asText();
        String tree = ok(call("POST", "/repos/" + BILLING + "/git/trees", Map.of("base_tree", baseTree, "tree",
                List.of(Map.of("path", "terraform/accounts/a.tf.json", "mode", "100644", "type", "blob", "content", "{\"a\":1}\n")))), 201)
                .path("sha").asText();
        String commit = ok(call("POST", "/repos/" + BILLING + "/git/commits", Map.of("message", "Add a", "tree", tree, "parents",
                List.of(base))), 201).path("sha").asText();
        ok(call("POST", "/repos/" + BILLING + "/git/refs", Map.of("ref", "refs/heads/aws-accounts/new-account/a/r1", "sha", commit)), 201);
        JsonNode pr = ok(call("POST", "/repos/" + BILLING + "/pulls", Map.of("title", "New AWS account: a", "head",
                "aws-accounts/new-account/a/r1", "base", "main", "body", "body")), 201);
        int number = pr.path("number").asInt();
        ok(call("POST", "/repos/" + BILLING + "/issues/" + number + "/labels", Map.of("labels", List.of("aws-accounts", "new-account"))), 200);
        ok(call("POST", "/repos/" + BILLING + "/pulls/" + number + "/requested_reviewers", Map.of("reviewers", List.of("alice"),
                "team_reviewers", List.of("reviewers"))), 201);
        JsonNode assigned = ok(call("POST", "/repos/" + BILLING + "/issues/" + number + "/assignees", Map.of("assignees",
                List.of("bob", "stranger"))), 201);
        assertThat(assigned.path("assignees").findValuesAsText("login")).as("GitHub drops whom it cannot assign").containsExactly("bob");

        JsonNode listed = ok(call("GET", "/repos/" + BILLING + "/pulls?state=all&head=gds:aws-accounts/new-account/a/r1&base=main", null), 200);
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).has("merged")).as("a listed pull request has no 'merged', as on GitHub").isFalse();
        assertThat(listed.get(0).path("labels").findValuesAsText("name")).containsExactly("aws-accounts", "new-account");
        JsonNode file = ok(call("GET", "/repos/" + BILLING + "/contents/terraform/accounts/a.tf.json?ref=" + commit, null), 200);
        assertThat(new String(Base64.getMimeDecoder().decode(file.path("content").asText()), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}\n");
        assertThat(sandbox.stats().contentCalls()).isEqualTo(7);

        sandbox.commit(BILLING, "aws-accounts/new-account/a/r1", Map.of("terraform/accounts/a.tf.json", "{\"a\":2}\n"), "reviewer");
        WebhookDelivery delivery = sandbox.merge(BILLING, number, "reviewer");
        assertThat(delivery.status()).isEqualTo(202);
        JsonNode merged = ok(call("GET", "/repos/" + BILLING + "/pulls/" + number, null), 200);
        assertThat(merged.path("merged").asBoolean()).isTrue();
        assertThat(merged.path("merged_by").path("login").asText()).isEqualTo("reviewer");
        assertThat(sandbox.file(BILLING, "main", "terraform/accounts/a.tf.json")).contains("{\"a\":2}\n");
        Map<String, String> headers = receiver.headers().get(0);
        assertThat(headers.get("content-type")).isEqualTo("application/json");
        assertThat(headers.get("x-github-event")).isEqualTo("pull_request");
        assertThat(headers.get("x-github-delivery")).isEqualTo(delivery.id());
        assertThat(headers.get("x-hub-signature-256")).isEqualTo(WebhookSender.signature(receiver.bodies().get(0), SECRET));
        JsonNode payload = JSON.readTree(receiver.bodies().get(0));
        assertThat(payload.path("pull_request").path("merged").asBoolean()).isTrue();
        assertThat(payload.path("pull_request").path("merge_commit_sha").asText()).isEqualTo(merged.path("merge_commit_sha").asText());

        sandbox.redeliver(delivery.id());
        assertThat(receiver.headers()).hasSize(2);
        assertThat(receiver.bodies().get(1)).isEqualTo(receiver.bodies().get(0));
    }

    @Test
    void theContentsApiAsksForTheBlobItReplacesAsGitHubDoes() throws IOException {
        String base = sandbox.branchSha(BILLING, "main").orElseThrow();
        ok(call("POST", "/repos/" + BILLING + "/git/refs", Map.of("ref", "refs/heads/c", "sha", base)), 201);
        String path = "/repos/" + BILLING + "/contents/terraform/users/a%40b.gov.uk.tf.json";
        JsonNode created = ok(call("PUT", path, Map.of("message", "Add", "content", b64("one\n"), "branch", "c")), 201);
        String blob = created.path("content").path("sha").asText();
        assertThat(created.path("commit").path("parents").get(0).path("sha").asText()).isEqualTo(base);

        HttpResponse<String> noSha = call("PUT", path, Map.of("message", "Again", "content", b64("two\n"), "branch", "c"));
        assertThat(noSha.statusCode()).isEqualTo(422);
        assertThat(message(noSha)).isEqualTo("Invalid request.\n\n\"sha\" wasn't supplied.");
        assertThat(call("PUT", path, Map.of("message", "Stale", "content", b64("two\n"), "branch", "c", "sha", "0".repeat(40))).statusCode())
                .isEqualTo(409);
        ok(call("PUT", path, Map.of("message", "Update", "content", b64("two\n"), "branch", "c", "sha", blob)), 200);
        assertThat(sandbox.file(BILLING, "c", "terraform/users/a@b.gov.uk.tf.json")).contains("two\n");
        assertThat(call("PUT", path, Map.of("message", "x", "content", b64("x"), "branch", "no-such-branch")).statusCode()).isEqualTo(404);

        String current = ok(call("GET", path + "?ref=c", null), 200).path("sha").asText();
        assertThat(call("DELETE", path, Map.of("message", "Remove", "branch", "c")).statusCode()).isEqualTo(422);
        ok(call("DELETE", path, Map.of("message", "Remove", "branch", "c", "sha", current)), 200);
        assertThat(call("DELETE", path, Map.of("message", "Remove", "branch", "c", "sha", current)).statusCode()).isEqualTo(404);
    }

    @Test
    void aListingFiltersByHeadOnlyAsOwnerColonBranchAndIgnoresABareBranchAsGitHubDoes() throws IOException {
        String base = sandbox.branchSha(BILLING, "main").orElseThrow();
        for (String branch : List.of("one", "two")) {
            ok(call("POST", "/repos/" + BILLING + "/git/refs", Map.of("ref", "refs/heads/" + branch, "sha", base)), 201);
            sandbox.commit(BILLING, branch, Map.of(branch + ".txt", branch + "\n"), "someone");
            ok(call("POST", "/repos/" + BILLING + "/pulls", Map.of("title", branch, "head", branch, "base", "main")), 201);
        }
        String pulls = "/repos/" + BILLING + "/pulls?state=all&head=";
        assertThat(ok(call("GET", pulls + "gds:one", null), 200).findValuesAsText("title")).containsExactly("one");
        assertThat(ok(call("GET", pulls + "one", null), 200).findValuesAsText("title")).as("a bare branch filters nothing")
                .containsExactlyInAnyOrder("one", "two");
        assertThat(ok(call("GET", pulls + "someone-else:one", null), 200)).as("another owner's branch").isEmpty();
    }

    @Test
    void theContentsApiReturnsFilesUpTo1MbAndRefusesLargerOnesAsGitHubDoes() throws IOException {
        String dir = "/repos/" + BILLING + "/contents/big/";
        ok(call("PUT", dir + "limit.txt", Map.of("message", "1 MB", "content", b64("a".repeat(1_000_000)), "branch", "main")), 201);
        ok(call("PUT", dir + "over.txt", Map.of("message", "1 MB and a byte", "content", b64("a".repeat(1_000_001)), "branch", "main")),
                201);

        assertThat(ok(call("GET", dir + "limit.txt?ref=main", null), 200).path("size").asInt()).isEqualTo(1_000_000);
        HttpResponse<String> over = call("GET", dir + "over.txt?ref=main", null);
        assertThat(over.statusCode()).isEqualTo(403);
        assertThat(message(over)).startsWith("This API returns blobs up to 1 MB in size.");
        assertThat(body(over).path("errors").get(0).path("code").asText()).isEqualTo("too_large");
    }

    @Test
    void aTreeDeletesAFileWithANullShaAndRefusesToDeleteOneItsBaseLacksAsGitHubDoes() throws IOException {
        String base = sandbox.branchSha(BILLING, "main").orElseThrow();
        ok(call("POST", "/repos/" + BILLING + "/git/refs", Map.of("ref", "refs/heads/t", "sha", base)), 201);
        sandbox.commit(BILLING, "t", Map.of("terraform/accounts/gone.tf.json", "{}\n", "terraform/accounts/kept.tf.json", "{}\n"), "someone");
        String baseTree = ok(call("GET", "/repos/" + BILLING + "/branches/t", null), 200).path("commit").path("commit").path("tree")
                .path("sha").asText();

        JsonNode tree = ok(call("POST", "/repos/" + BILLING + "/git/trees", Map.of("base_tree", baseTree, "tree",
                List.of(deletion("terraform/accounts/gone.tf.json")))), 201);
        assertThat(tree.path("tree").findValuesAsText("path")).contains("terraform/accounts/kept.tf.json")
                .doesNotContain("terraform/accounts/gone.tf.json");

        HttpResponse<String> absent = call("POST", "/repos/" + BILLING + "/git/trees", Map.of("base_tree", baseTree, "tree",
                List.of(deletion("terraform/accounts/never-there.tf.json"))));
        assertThat(absent.statusCode()).isEqualTo(422);
        assertThat(message(absent)).isEqualTo("GitRPC::BadObjectState");
        HttpResponse<String> neither = call("POST", "/repos/" + BILLING + "/git/trees", Map.of("base_tree", baseTree, "tree",
                List.of(Map.of("path", "terraform/accounts/gone.tf.json", "mode", "100644", "type", "blob"))));
        assertThat(message(neither)).as("a deletion says sha: null; leaving sha out is another thing")
                .isEqualTo("Must supply either tree.sha or tree.content");
    }

    /** A tree entry deleting {@code path}: {@code "sha": null}, as GitHub documents it. */
    private static Map<String, Object> deletion(String path) {
        Map<String, Object> entry = new java.util.HashMap<>(Map.of("path", path, "mode", "100644", "type", "blob"));
        entry.put("sha", null);
        return entry;
    }

    @Test
    void pullRequestsAreRefusedWithGitHubsValidationErrors() throws IOException {
        String base = sandbox.branchSha(BILLING, "main").orElseThrow();
        ok(call("POST", "/repos/" + BILLING + "/git/refs", Map.of("ref", "refs/heads/same", "sha", base)), 201);
        HttpResponse<String> nothing = call("POST", "/repos/" + BILLING + "/pulls", Map.of("title", "t", "head", "same", "base", "main"));
        assertThat(nothing.statusCode()).isEqualTo(422);
        assertThat(body(nothing).path("message").asText()).isEqualTo("Validation Failed");
        assertThat(body(nothing).path("errors").get(0).path("message").asText()).isEqualTo("No commits between main and same");
        assertThat(call("POST", "/repos/" + BILLING + "/git/refs", Map.of("ref", "refs/heads/same", "sha", base)))
                .satisfies(r -> assertThat(message(r)).isEqualTo("Reference already exists"));

        sandbox.commit(BILLING, "same", Map.of("x", "x"), "someone");
        ok(call("POST", "/repos/" + BILLING + "/pulls", Map.of("title", "t", "head", "same", "base", "main")), 201);
        HttpResponse<String> again = call("POST", "/repos/" + BILLING + "/pulls", Map.of("title", "t", "head", "same", "base", "main"));
        assertThat(body(again).path("errors").get(0).path("message").asText()).isEqualTo("A pull request already exists for gds:same.");
        HttpResponse<String> noHead = call("POST", "/repos/" + BILLING + "/pulls", Map.of("title", "t", "head", "missing", "base", "main"));
        assertThat(body(noHead).path("errors").get(0).path("field").asText()).isEqualTo("head");
        assertThat(body(noHead).path("documentation_url").asText()).endsWith("/pulls/pulls#create-a-pull-request");
    }

    @Test
    void closingAPullRequestAndCommentingOnItAreAnsweredAsGitHubAnswersThem() throws IOException {
        int number = openPullRequest("to-close");
        long before = sandbox.stats().contentCalls();

        JsonNode comment = ok(call("POST", "/repos/" + BILLING + "/issues/" + number + "/comments", Map.of("body", "closing: why")), 201);
        assertThat(comment.path("body").asText()).isEqualTo("closing: why");
        assertThat(comment.path("issue_url").asText()).endsWith("/repos/" + BILLING + "/issues/" + number);
        assertThat(comment.path("user").path("login").asText()).isNotBlank();
        assertThat(call("POST", "/repos/" + BILLING + "/issues/" + number + "/comments", Map.of()))
                .satisfies(r -> assertThat(r.statusCode()).isEqualTo(422)).satisfies(r -> assertThat(message(r)).contains("\"body\" wasn't supplied"));

        JsonNode closed = ok(call("PATCH", "/repos/" + BILLING + "/pulls/" + number, Map.of("state", "closed")), 200);
        assertThat(closed.path("state").asText()).isEqualTo("closed");
        assertThat(closed.path("merged").asBoolean()).isFalse();
        assertThat(closed.path("closed_at").isTextual()).isTrue();
        assertThat(closed.path("comments").asInt()).isEqualTo(1);
        assertThat(receiver.bodies()).as("GitHub's pull_request closed delivery").hasSize(1);
        assertThat(JSON.readTree(receiver.bodies().get(0)).path("action").asText()).isEqualTo("closed");

        // closing a closed pull request changes nothing and sends nothing; its conversation still takes comments
        JsonNode again = ok(call("PATCH", "/repos/" + BILLING + "/pulls/" + number, Map.of("state", "closed")), 200);
        assertThat(again.path("state").asText()).isEqualTo("closed");
        assertThat(again.path("closed_at").asText()).isEqualTo(closed.path("closed_at").asText());
        assertThat(receiver.bodies()).hasSize(1);
        ok(call("POST", "/repos/" + BILLING + "/issues/" + number + "/comments", Map.of("body", "after")), 201);

        // the conversation, oldest first, a page at a time
        JsonNode all = ok(call("GET", "/repos/" + BILLING + "/issues/" + number + "/comments", null), 200);
        assertThat(all.findValuesAsText("body")).containsExactly("closing: why", "after");
        HttpResponse<String> first = call("GET", "/repos/" + BILLING + "/issues/" + number + "/comments?per_page=1", null);
        assertThat(ok(first, 200).findValuesAsText("body")).containsExactly("closing: why");
        assertThat(first.headers().firstValue("Link")).hasValueSatisfying(link -> assertThat(link).contains("page=2>; rel=\"next\""));
        assertThat(sandbox.comments(BILLING, number)).containsExactly("closing: why", "after");
        assertThat(sandbox.stats().contentCalls() - before).as("a comment and a PATCH are content-creating calls").isEqualTo(5);

        // a merged pull request's state cannot be changed, closed included: nothing of the edit is made
        int merged = openPullRequest("merged-first");
        sandbox.merge(BILLING, merged, "reviewer");
        HttpResponse<String> refused = call("PATCH", "/repos/" + BILLING + "/pulls/" + merged, Map.of("state", "closed", "title", "x"));
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(message(refused)).isEqualTo("Validation Failed");
        assertThat(body(refused).path("errors").get(0).path("message").asText()).isEqualTo("state cannot be changed. The pull request has been merged.");
        assertThat(body(refused).path("errors").get(0).path("field").asText()).isEqualTo("state");
        JsonNode stillMerged = ok(call("GET", "/repos/" + BILLING + "/pulls/" + merged, null), 200);
        assertThat(stillMerged.path("merged").asBoolean()).isTrue();
        assertThat(stillMerged.path("title").asText()).isEqualTo("merged-first");
        assertThat(call("PATCH", "/repos/" + BILLING + "/pulls/" + number, Map.of("state", "shut")).statusCode()).isEqualTo(422);
    }

    @Test
    void textsOverGitHubsLimitsAreRefusedWithGitHubsValidationErrorsAndNothingIsChanged() throws IOException {
        String atTitle = "t".repeat(256);
        String atBody = "b".repeat(65_536);
        sandbox.branch(BILLING, "long", "main");
        sandbox.commit(BILLING, "long", Map.of("long.txt", "long\n"), "someone");
        HttpResponse<String> tooLong = call("POST", "/repos/" + BILLING + "/pulls", Map.of("title", atTitle + "t", "head", "long", "base",
                "main", "body", atBody + "b"));
        assertThat(tooLong.statusCode()).isEqualTo(422);
        assertThat(message(tooLong)).isEqualTo("Validation Failed");
        assertThat(body(tooLong).path("errors")).as("one error per field, on the pull request's issue, as GitHub answers").hasSize(2);
        assertThat(body(tooLong).path("errors").get(0).toString()).isEqualTo(
                "{\"resource\":\"Issue\",\"code\":\"custom\",\"field\":\"title\",\"message\":\"title is too long (maximum is 256 characters)\"}");
        assertThat(body(tooLong).path("errors").get(1).toString()).isEqualTo(
                "{\"resource\":\"Issue\",\"code\":\"custom\",\"field\":\"body\",\"message\":\"body is too long (maximum is 65536 characters)\"}");
        assertThat(body(tooLong).path("documentation_url").asText()).endsWith("/pulls/pulls#create-a-pull-request");
        assertThat(sandbox.pullRequests(BILLING)).isEmpty();

        // at the limits it is taken; an edit over them is refused and changes nothing
        int number = ok(call("POST", "/repos/" + BILLING + "/pulls", Map.of("title", atTitle, "head", "long", "base", "main", "body",
                atBody)), 201).path("number").asInt();
        HttpResponse<String> edit = call("PATCH", "/repos/" + BILLING + "/pulls/" + number, Map.of("body", atBody + "b", "state", "closed"));
        assertThat(edit.statusCode()).isEqualTo(422);
        assertThat(body(edit).path("errors").get(0).path("field").asText()).isEqualTo("body");
        assertThat(body(edit).path("documentation_url").asText()).endsWith("/pulls/pulls#update-a-pull-request");
        HttpResponse<String> title = call("PATCH", "/repos/" + BILLING + "/pulls/" + number, Map.of("title", atTitle + "t"));
        assertThat(body(title).path("errors").get(0).path("message").asText()).isEqualTo("title is too long (maximum is 256 characters)");
        assertThat(sandbox.pullRequest(BILLING, number).path("state").asText()).isEqualTo("open");
        assertThat(sandbox.pullRequest(BILLING, number).path("body").asText()).hasSize(65_536);

        // a comment: GitHub's answer for the conversation's comments
        ok(call("POST", "/repos/" + BILLING + "/issues/" + number + "/comments", Map.of("body", atBody)), 201);
        HttpResponse<String> comment = call("POST", "/repos/" + BILLING + "/issues/" + number + "/comments", Map.of("body", atBody + "b"));
        assertThat(comment.statusCode()).isEqualTo(422);
        assertThat(message(comment)).isEqualTo("Validation Failed");
        assertThat(body(comment).path("errors").get(0).toString()).isEqualTo("{\"resource\":\"IssueComment\",\"code\":\"unprocessable\","
                + "\"field\":\"data\",\"message\":\"Body is too long (maximum is 65536 characters)\"}");
        assertThat(body(comment).path("documentation_url").asText()).endsWith("/issues/comments#create-an-issue-comment");
        assertThat(sandbox.comments(BILLING, number)).hasSize(1);
        assertThatThrownBy(() -> sandbox.comment(BILLING, number, "someone", atBody + "b")).as("a person's comment too")
                .hasMessage("Validation Failed");
    }

    @Test
    void peopleTeamsAndPermissionsAreAsStrictAsGitHub() throws IOException {
        int number = openPullRequest("people");
        assertThat(call("GET", "/users/nobody-here", null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/users/alice", null).statusCode()).isEqualTo(200);
        HttpResponse<String> team = call("GET", "/orgs/gds/teams/reviewers", null);
        assertThat(team.statusCode()).as("a team lookup needs the organisation's Members permission").isEqualTo(403);
        assertThat(message(team)).isEqualTo("Resource not accessible by integration");
        assertThat(team.headers().firstValue("X-Accepted-GitHub-Permissions")).contains("members=read");
        sandbox.permissions("contents:write", "pull_requests:write", "issues:write", "metadata:read", "members:read");
        assertThat(call("GET", "/orgs/gds/teams/reviewers", null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/orgs/gds/teams/nobody", null).statusCode()).isEqualTo(404);

        String reviewers = "/repos/" + BILLING + "/pulls/" + number + "/requested_reviewers";
        HttpResponse<String> stranger = call("POST", reviewers, Map.of("reviewers", List.of("alice", "stranger")));
        assertThat(stranger.statusCode()).isEqualTo(422);
        assertThat(message(stranger)).isEqualTo("Reviews may only be requested from collaborators. One or more of the users you specified is"
                + " not a collaborator of the gds/aws-billing-account repository.");
        assertThat(sandbox.pullRequest(BILLING, number).path("requested_reviewers")).as("one refusal refuses all").isEmpty();
        assertThat(message(call("POST", reviewers, Map.of("team_reviewers", List.of("elsewhere"))))).contains("teams you specified");
        assertThat(body(call("POST", reviewers, Map.of("reviewers", List.of(SandboxState.BOT_LOGIN)))).path("errors").get(0)
                .path("message").asText()).isEqualTo("Review cannot be requested from pull request author.");

        sandbox.permissions("contents:write", "metadata:read");
        HttpResponse<String> labels = call("POST", "/repos/" + BILLING + "/issues/" + number + "/labels", Map.of("labels", List.of("x")));
        assertThat(labels.statusCode()).isEqualTo(403);
        assertThat(labels.headers().firstValue("X-Accepted-GitHub-Permissions")).contains("issues=write; pull_requests=write");
    }

    @Test
    void repositoryWebhooksPingsAndDeliveriesAreShownAsGitHubShowsThem() throws IOException {
        JsonNode hooks = ok(call("GET", "/repos/" + BILLING + "/hooks", null), 200);
        assertThat(hooks).hasSize(1);
        JsonNode hook = hooks.get(0);
        long id = hook.path("id").asLong();
        assertThat(hook.path("type").asText()).isEqualTo("Repository");
        assertThat(hook.path("name").asText()).isEqualTo("web");
        assertThat(hook.path("active").asBoolean()).isTrue();
        assertThat(hook.path("events").get(0).asText()).isEqualTo("pull_request");
        assertThat(hook.path("config").path("url").asText()).endsWith("/webhooks/github");
        assertThat(hook.path("config").path("content_type").asText()).isEqualTo("json");
        assertThat(hook.path("config").path("insecure_ssl").asText()).isEqualTo("0");
        assertThat(hook.path("config").path("secret").asText()).as("GitHub never shows the secret").isEqualTo("********");
        assertThat(hook.path("ping_url").asText()).isEqualTo(sandbox.apiUrl() + "/repos/" + BILLING + "/hooks/" + id + "/pings");
        assertThat(ok(call("GET", "/repos/" + BILLING + "/hooks/" + id, null), 200).path("id").asLong()).isEqualTo(id);
        assertThat(call("GET", "/repos/" + BILLING + "/hooks/1", null).statusCode()).isEqualTo(404);

        HttpResponse<String> ping = call("POST", "/repos/" + BILLING + "/hooks/" + id + "/pings", null);
        assertThat(ping.statusCode()).as("answered at once, delivered afterwards").isEqualTo(204);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> ok(call("GET", "/repos/" + BILLING + "/hooks/" + id + "/deliveries", null), 200).size() == 1);
        JsonNode delivery = ok(call("GET", "/repos/" + BILLING + "/hooks/" + id + "/deliveries", null), 200).get(0);
        assertThat(delivery.path("event").asText()).isEqualTo("ping");
        assertThat(delivery.path("status_code").asInt()).isEqualTo(202);
        assertThat(delivery.path("status").asText()).isEqualTo("OK");
        assertThat(delivery.path("redelivery").asBoolean()).isFalse();
        assertThat(delivery.has("guid") && delivery.has("delivered_at") && delivery.has("duration") && delivery.has("repository_id")).isTrue();
        Map<String, String> headers = receiver.headers().get(0);
        assertThat(headers).containsEntry("x-github-event", "ping").containsEntry("x-github-delivery", delivery.path("guid").asText());
        assertThat(headers.get("x-hub-signature-256")).isEqualTo(WebhookSender.signature(receiver.bodies().get(0), SECRET));
        assertThat(JSON.readTree(receiver.bodies().get(0)).path("hook").path("config").has("secret")).as("the ping's hook shows no secret").isFalse();

        sandbox.hookSecret(BILLING, "another-secret");
        sandbox.ping(BILLING);
        assertThat(receiver.headers().get(1).get("x-hub-signature-256")).isEqualTo(WebhookSender.signature(receiver.bodies().get(1), "another-secret"));

        sandbox.withoutHook("gds/aws-users");
        assertThat(ok(call("GET", "/repos/gds/aws-users/hooks", null), 200)).isEmpty();
        assertThat(call("POST", "/repos/gds/aws-users/hooks/" + id + "/pings", null).statusCode()).isEqualTo(404);

        sandbox.permissions("contents:write", "metadata:read");
        HttpResponse<String> refused = call("GET", "/repos/" + BILLING + "/hooks", null);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(message(refused)).isEqualTo("Resource not accessible by integration");
        assertThat(refused.headers().firstValue("X-Accepted-GitHub-Permissions")).contains("repository_hooks=read");
    }

    @Test
    void rulesetsRefuseWritesWithGitHubsMessage() throws IOException {
        sandbox.ruleset(BILLING, "only-releases", List.of("refs/heads/aws-accounts/**"), "creation", "update");
        String base = sandbox.branchSha(BILLING, "main").orElseThrow();
        HttpResponse<String> refused = call("POST", "/repos/" + BILLING + "/git/refs", Map.of("ref", "refs/heads/aws-accounts/x/y", "sha", base));
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(message(refused)).isEqualTo("Repository rule violations found\n\nCannot create ref due to creations being restricted.\n\n");
        assertThat(body(refused).path("documentation_url").asText()).endsWith("/git/refs#create-a-reference");
        ok(call("POST", "/repos/" + BILLING + "/git/refs", Map.of("ref", "refs/heads/other", "sha", base)), 201);
        sandbox.ruleset(BILLING, "main", List.of("~DEFAULT_BRANCH"), "update");
        HttpResponse<String> put = call("PUT", "/repos/" + BILLING + "/contents/x", Map.of("message", "m", "content", b64("x"), "branch", "main"));
        assertThat(message(put)).isEqualTo("Repository rule violations found\n\nCannot update this protected ref.\n\n");
    }

    @Test
    void theLegacyRefsPathAnswersAPrefixMatchWithAnArray() throws IOException {
        String base = sandbox.branchSha(BILLING, "main").orElseThrow();
        for (String branch : List.of("feature-a", "feature-b")) {
            ok(call("POST", "/repos/" + BILLING + "/git/refs", Map.of("ref", "refs/heads/" + branch, "sha", base)), 201);
        }
        JsonNode prefix = ok(call("GET", "/repos/" + BILLING + "/git/refs/heads/feature", null), 200);
        assertThat(prefix.isArray()).isTrue();
        assertThat(prefix.findValuesAsText("ref")).containsExactly("refs/heads/feature-a", "refs/heads/feature-b");
        assertThat(ok(call("GET", "/repos/" + BILLING + "/git/refs/heads/feature-a", null), 200).isObject()).isTrue();
        assertThat(call("GET", "/repos/" + BILLING + "/git/ref/heads/feature", null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/repos/" + BILLING + "/git/refs/heads/nothing", null).statusCode()).isEqualTo(404);
        assertThat(ok(call("GET", "/repos/" + BILLING + "/git/matching-refs/heads/nothing", null), 200)).isEmpty();
        assertThat(call("GET", "/repos/" + BILLING + "/branches/feature", null).statusCode()).isEqualTo(404);
    }

    @Test
    void everyRateLimitFormIsAnsweredOnDemandAsGitHubSendsIt() {
        String repo = "/repos/" + BILLING;
        sandbox.fail("GET", repo, FaultKind.PRIMARY_RATE_LIMIT, 30, 1);
        HttpResponse<String> primary = call("GET", repo, null);
        assertThat(primary.statusCode()).isEqualTo(403);
        assertThat(primary.headers().firstValue("X-RateLimit-Remaining")).contains("0");
        assertThat(Long.parseLong(primary.headers().firstValue("X-RateLimit-Reset").orElseThrow())).isGreaterThan(Instant.now().getEpochSecond() + 20);
        sandbox.fail("GET", repo, FaultKind.PRIMARY_RATE_LIMIT_429, 30, 1);
        assertThat(call("GET", repo, null)).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(429);
            assertThat(r.headers().firstValue("X-RateLimit-Remaining")).contains("0");
        });
        sandbox.fail("GET", repo, FaultKind.SECONDARY_RATE_LIMIT, 7, 1);
        assertThat(call("GET", repo, null)).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.headers().firstValue("Retry-After")).contains("7");
        });
        sandbox.fail("GET", repo, FaultKind.SECONDARY_MESSAGE_ONLY, 0, 1);
        assertThat(call("GET", repo, null)).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.headers().firstValue("Retry-After")).isEmpty();
            assertThat(Integer.parseInt(r.headers().firstValue("X-RateLimit-Remaining").orElseThrow())).isPositive();
            assertThat(message(r)).startsWith("You have exceeded a secondary rate limit");
        });
        sandbox.fail("GET", repo, FaultKind.SECONDARY_LIMITED_BY, 0, 1);
        assertThat(call("GET", repo, null).headers().firstValue("gh-limited-by")).isPresent();
        sandbox.fail("GET", repo, FaultKind.TOO_MANY_REQUESTS, 2, 1);
        assertThat(call("GET", repo, null)).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(429);
            assertThat(r.headers().firstValue("Retry-After")).contains("2");
        });
        sandbox.fail("GET", repo, FaultKind.TOO_MANY_REQUESTS_DATE, 5, 1);
        assertThat(call("GET", repo, null).headers().firstValue("Retry-After").orElseThrow()).endsWith("GMT");
        sandbox.fail("GET", repo, FaultKind.SERVER_ERROR, 0, 1);
        assertThat(call("GET", repo, null).statusCode()).isEqualTo(502);
        assertThat(call("GET", repo, null).statusCode()).isEqualTo(200);
    }

    @Test
    void contentCreatingCallsOverTheLimitAreRefusedAndCounted() {
        sandbox.contentLimits(3, 5, Duration.ofSeconds(1), Duration.ofSeconds(60));
        String base = sandbox.branchSha(BILLING, "main").orElseThrow();
        for (int i = 0; i < 3; i++) {
            ok(call("POST", "/repos/" + BILLING + "/git/refs", Map.of("ref", "refs/heads/l" + i, "sha", base)), 201);
        }
        HttpResponse<String> fourth = call("POST", "/repos/" + BILLING + "/git/refs", Map.of("ref", "refs/heads/l3", "sha", base));
        assertThat(fourth.statusCode()).isEqualTo(403);
        assertThat(message(fourth)).startsWith("You have exceeded a secondary rate limit");
        assertThat(fourth.headers().firstValue("Retry-After")).as("GitHub names no time").isEmpty();
        assertThat(call("GET", "/repos/" + BILLING, null).statusCode()).as("reads are not content").isEqualTo(200);
        assertThat(sandbox.stats().overLimit()).isEqualTo(1);
        // the minute's window slides on (on a slow machine the first three may leave it one by one, so each of the
        // next two may wait); the hour's five are then spent by those two, and a sixth is refused whatever the minute
        for (String ref : new String[] {"l4", "l5"}) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> call("POST", "/repos/" + BILLING + "/git/refs",
                    Map.of("ref", "refs/heads/" + ref, "sha", base)).statusCode() == 201);
        }
        assertThat(call("POST", "/repos/" + BILLING + "/git/refs", Map.of("ref", "refs/heads/l6", "sha", base)).statusCode()).isEqualTo(403);
    }

    @Test
    void webhooksComeInEitherContentTypeSignedOverTheBodyAndAPingSaysWhatTheHookSends() throws IOException {
        sandbox.webhookContentType(WebhookSender.ContentType.FORM);
        int number = openPullRequest("form");
        WebhookDelivery delivery = sandbox.close(BILLING, number, "reviewer");
        assertThat(delivery.status()).isEqualTo(202);
        Map<String, String> headers = receiver.headers().get(0);
        String body = new String(receiver.bodies().get(0), StandardCharsets.US_ASCII);
        assertThat(headers.get("content-type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(body).startsWith("payload=");
        assertThat(headers.get("x-hub-signature-256")).isEqualTo(WebhookSender.signature(receiver.bodies().get(0), SECRET));
        JsonNode payload = JSON.readTree(URLDecoder.decode(body.substring("payload=".length()), StandardCharsets.UTF_8));
        assertThat(payload.path("action").asText()).isEqualTo("closed");

        WebhookDelivery ping = sandbox.ping(BILLING);
        assertThat(ping.event()).isEqualTo("ping");
        assertThat(receiver.headers().get(1).get("x-github-event")).isEqualTo("ping");
        JsonNode pinged = JSON.readTree(URLDecoder.decode(new String(receiver.bodies().get(1), StandardCharsets.US_ASCII).substring(8), StandardCharsets.UTF_8));
        assertThat(pinged.path("hook").path("config").path("content_type").asText()).isEqualTo("form");
        assertThat(pinged.path("hook").path("events").get(0).asText()).isEqualTo("pull_request");
        assertThat(pinged.path("zen").asText()).isNotBlank();
    }

    @Test
    void anAppAuthenticatesOnlyWithAJwtSignedByItsKeyAndItsInstallationTokenLastsAnHour() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair app = generator.generateKeyPair();
        KeyPair other = generator.generateKeyPair();
        sandbox.app(42, 4242, app.getPublic());
        long now = Instant.now().getEpochSecond();

        HttpResponse<String> token = post("/app/installations/4242/access_tokens", "Bearer " + jwt(42, app, now - 60, now + 540));
        assertThat(token.statusCode()).isEqualTo(201);
        String installationToken = body(token).path("token").asText();
        assertThat(installationToken).startsWith("ghs_");
        assertThat(Instant.parse(body(token).path("expires_at").asText())).isAfter(Instant.now().plusSeconds(3500));
        assertThat(get("/repos/" + BILLING, "Bearer " + installationToken).statusCode()).isEqualTo(200);
        assertThat(get("/repos/" + BILLING, "Bearer ghs_notonethesandboxissued").statusCode()).isEqualTo(401);

        assertThat(post("/app/installations/4242/access_tokens", "Bearer " + jwt(42, other, now - 60, now + 540)).statusCode())
                .as("signed with another key").isEqualTo(401);
        assertThat(message(post("/app/installations/4242/access_tokens", "Bearer " + jwt(42, app, now - 60, now + 3600))))
                .isEqualTo("'Expiration time' claim ('exp') is too far in the future");
        assertThat(post("/app/installations/4242/access_tokens", "Bearer " + jwt(42, app, now - 700, now - 100)).statusCode())
                .as("expired").isEqualTo(401);
        assertThat(post("/app/installations/9999/access_tokens", "Bearer " + jwt(42, app, now - 60, now + 540)).statusCode())
                .as("not its installation").isEqualTo(404);
    }

    @Test
    void theAdminEndpointsMergeAndShowWhatAPersonWouldSee() throws Exception {
        int number = openPullRequest("admin");
        HttpResponse<String> merged = HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.apiUrl() + "/_sandbox/repos/" + BILLING + "/pulls/"
                + number + "/merge")).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"mergedBy\":\"bob\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(merged.statusCode()).isEqualTo(200);
        JsonNode answer = JSON.readTree(merged.body());
        assertThat(answer.path("merged").asBoolean()).isTrue();
        assertThat(answer.path("delivery").path("status").asInt()).isEqualTo(202);
        HttpResponse<String> file = HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.apiUrl() + "/_sandbox/repos/" + BILLING
                + "/contents/admin.txt?ref=main")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(file.body()).isEqualTo("admin\n");
        HttpResponse<String> stats = HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.apiUrl() + "/_sandbox/stats")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(stats.body()).path("byRoute").path("POST /repos/{owner}/{repo}/pulls").asInt()).isEqualTo(1);
        assertThat(call("GET", "/repos/" + BILLING, null).headers().firstValue("X-RateLimit-Limit")).contains("5000");
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.apiUrl() + "/repos/" + BILLING)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).as("unauthenticated").isEqualTo(401);
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private int openPullRequest(String name) {
        String base = sandbox.branchSha(BILLING, "main").orElseThrow();
        ok(call("POST", "/repos/" + BILLING + "/git/refs", Map.of("ref", "refs/heads/" + name, "sha", base)), 201);
        ok(call("PUT", "/repos/" + BILLING + "/contents/" + name + ".txt", Map.of("message", name, "content", b64(name + "\n"), "branch",
                name)), 201);
        return ok(call("POST", "/repos/" + BILLING + "/pulls", Map.of("title", name, "head", name, "base", "main")), 201).path("number").asInt();
    }

    private static String jwt(long appId, KeyPair keys, long iat, long exp) throws Exception {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String signed = url.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + url.encodeToString(("{\"iat\":" + iat + ",\"exp\":" + exp + ",\"iss\":\"" + appId + "\"}").getBytes(StandardCharsets.UTF_8));
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initSign(keys.getPrivate());
        rs256.update(signed.getBytes(StandardCharsets.US_ASCII));
        return signed + "." + url.encodeToString(rs256.sign());
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode ok(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return body(response);
    }

    private static JsonNode body(HttpResponse<String> response) {
        try {
            return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String message(HttpResponse<String> response) {
        return body(response).path("message").asText();
    }

    private static HttpResponse<String> call(String method, String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.apiUrl() + path)).header("Authorization", "token t");
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> post(String path, String authorization) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.apiUrl() + path)).header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path, String authorization) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.apiUrl() + path)).header("Authorization", authorization).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
