package uk.gov.gds.awsam.testsupport.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kohsuke.github.GHFileNotFoundException;
import org.kohsuke.github.GHIssueState;
import org.kohsuke.github.GHPullRequest;
import org.kohsuke.github.GHRef;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.HttpException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * The sandbox is proved against github-api itself, the client the services use: the whole pull-request
 * flow, as pr-service runs it, and the webhooks a merge and a close deliver, signed as GitHub signs them.
 */
class GitHubSandboxTest {

    static final String BILLING = "gds/aws-billing-account";
    static final String SECRET = "sandbox-test-secret";

    static GitHubSandbox sandbox;
    static HttpServer receiver;
    static final List<Map<String, String>> received = new CopyOnWriteArrayList<>();
    static final List<byte[]> bodies = new CopyOnWriteArrayList<>();
    GitHub github;

    @BeforeAll
    static void start() throws IOException {
        sandbox = GitHubSandbox.start(0, GitHubSandbox.DEFAULT_REPOSITORIES);
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        receiver.createContext("/webhooks/github", exchange -> {
            try (exchange) {
                Map<String, String> headers = new java.util.HashMap<>();
                exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
                received.add(headers);
                bodies.add(exchange.getRequestBody().readAllBytes());
                exchange.sendResponseHeaders(202, -1);
            }
        });
        receiver.start();
        sandbox.webhook("http://127.0.0.1:" + receiver.getAddress().getPort() + "/webhooks/github", SECRET);
    }

    @AfterAll
    static void stop() {
        receiver.stop(0);
        sandbox.close();
    }

    @BeforeEach
    void client() throws IOException {
        sandbox.reset();
        received.clear();
        bodies.clear();
        github = new GitHubBuilder().withEndpoint(sandbox.apiUrl()).withOAuthToken("test-token")
                .withRateLimitHandler(GitHubRateLimitHandler.FAIL).build();
    }

    @Test
    void theWholePullRequestFlowThroughGithubApi() throws IOException {
        GHRepository repo = github.getRepository(BILLING);
        assertThat(repo.getDefaultBranch()).isEqualTo("main");
        String base = repo.getRef("heads/main").getObject().getSha();
        String baseTree = repo.getCommit(base).getTree().getSha();
        String tree = repo.createTree().baseTree(baseTree).add("terraform/accounts/a.tf.json", "{\"a\":1}\n", false).create().getSha();
        String commit = repo.createCommit().message("Add a").tree(tree).parent(base).create().getSHA1();
        GHRef ref = repo.createRef("refs/heads/aws-accounts/new-account/a/r1", commit);
        assertThat(ref.getObject().getSha()).isEqualTo(commit);
        assertThatThrownBy(() -> repo.getRef("heads/nope")).isInstanceOf(GHFileNotFoundException.class);

        GHPullRequest pr = repo.createPullRequest("New AWS account: a", "aws-accounts/new-account/a/r1", "main", "body");
        pr.addLabels("aws-accounts", "new-account");
        pr.requestReviewers(List.of(github.getUser("alice")));
        pr.requestTeamReviewers(List.of(github.getOrganization("gds").getTeamBySlug("reviewers")));
        assertThat(repo.queryPullRequests().head("gds:aws-accounts/new-account/a/r1").state(GHIssueState.ALL).list().toList())
                .extracting(GHPullRequest::getNumber).containsExactly(pr.getNumber());
        assertThat(repo.getFileContent("terraform/accounts/a.tf.json", commit).getContent()).isEqualTo("{\"a\":1}\n");
        assertThatThrownBy(() -> repo.createPullRequest("again", "aws-accounts/new-account/a/r1", "main", "b"))
                .isInstanceOf(HttpException.class).hasMessageContaining("already exists");

        JsonNode view = sandbox.pullRequest(BILLING, pr.getNumber());
        assertThat(view.path("labels").findValuesAsText("name")).containsExactly("aws-accounts", "new-account");
        assertThat(view.path("requested_reviewers").findValuesAsText("login")).containsExactly("alice");
        assertThat(view.path("requested_teams").findValuesAsText("slug")).containsExactly("reviewers");
        assertThat(view.path("sandbox_files").path("terraform/accounts/a.tf.json").asText()).isEqualTo("{\"a\":1}\n");

        sandbox.commit(BILLING, "aws-accounts/new-account/a/r1", Map.of("terraform/accounts/a.tf.json", "{\"a\":2}\n"), "reviewer");
        WebhookDelivery delivery = sandbox.merge(BILLING, pr.getNumber(), "reviewer");

        assertThat(delivery.status()).isEqualTo(202);
        GHPullRequest merged = repo.getPullRequest(pr.getNumber());
        assertThat(merged.isMerged()).isTrue();
        assertThat(merged.getMergedBy().getLogin()).isEqualTo("reviewer");
        assertThat(repo.getFileContent("terraform/accounts/a.tf.json", merged.getMergeCommitSha()).getContent()).isEqualTo("{\"a\":2}\n");
        assertThat(sandbox.file(BILLING, "main", "terraform/accounts/a.tf.json")).contains("{\"a\":2}\n");

        Map<String, String> headers = received.get(0);
        assertThat(headers.get("x-github-event")).isEqualTo("pull_request");
        assertThat(headers.get("x-github-delivery")).isEqualTo(delivery.id());
        assertThat(headers.get("x-hub-signature-256")).isEqualTo(WebhookSender.signature(bodies.get(0), SECRET));
        JsonNode payload = new ObjectMapper().readTree(bodies.get(0));
        assertThat(payload.path("action").asText()).isEqualTo("closed");
        assertThat(payload.path("pull_request").path("merged").asBoolean()).isTrue();
        assertThat(payload.path("pull_request").path("merge_commit_sha").asText()).isEqualTo(merged.getMergeCommitSha());
        assertThat(payload.path("pull_request").path("head").path("ref").asText()).isEqualTo("aws-accounts/new-account/a/r1");
        assertThat(payload.path("repository").path("full_name").asText()).isEqualTo(BILLING);

        sandbox.redeliver(delivery.id());
        assertThat(received).hasSize(2);
        assertThat(received.get(1).get("x-github-delivery")).isEqualTo(delivery.id());
        assertThat(bodies.get(1)).isEqualTo(bodies.get(0));
    }

    @Test
    void deletionsAndClosingWithoutMerge() throws IOException {
        GHRepository repo = github.getRepository(BILLING);
        String base = repo.getRef("heads/main").getObject().getSha();
        String baseTree = repo.getCommit(base).getTree().getSha();
        String tree = repo.createTree().baseTree(baseTree).delete("README.md").create().getSha();
        String commit = repo.createCommit().message("Remove").tree(tree).parent(base).create().getSHA1();
        repo.createRef("refs/heads/remove", commit);
        GHPullRequest pr = repo.createPullRequest("Remove", "remove", "main", "");
        assertThatThrownBy(() -> repo.getFileContent("README.md", commit)).isInstanceOf(GHFileNotFoundException.class);

        sandbox.close(BILLING, pr.getNumber(), "reviewer");

        GHPullRequest closed = repo.getPullRequest(pr.getNumber());
        assertThat(closed.getState()).isEqualTo(GHIssueState.CLOSED);
        assertThat(closed.isMerged()).isFalse();
        assertThat(repo.getIssue(pr.getNumber()).getClosedBy().getLogin()).isEqualTo("reviewer");
        assertThat(new ObjectMapper().readTree(bodies.get(0)).path("pull_request").path("merged").asBoolean()).isFalse();
        assertThat(sandbox.file(BILLING, "main", "README.md")).isPresent();
    }

    @Test
    void rateLimitFaultsAnswerAsGitHubDoes() throws IOException {
        sandbox.fail("GET", "/repos/gds/aws-billing-account", FaultKind.PRIMARY_RATE_LIMIT, 30, 1);
        HttpResponse<String> limited = get("/repos/" + BILLING);
        assertThat(limited.statusCode()).isEqualTo(403);
        assertThat(limited.headers().firstValue("X-RateLimit-Remaining")).contains("0");
        assertThat(Long.parseLong(limited.headers().firstValue("X-RateLimit-Reset").orElseThrow()))
                .isGreaterThan(System.currentTimeMillis() / 1000);
        HttpResponse<String> next = get("/repos/" + BILLING);
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(next.headers().firstValue("X-RateLimit-Limit")).contains("5000");

        sandbox.fail(null, "/repos/.*", FaultKind.TOO_MANY_REQUESTS, 2, 1);
        HttpResponse<String> tooMany = get("/repos/" + BILLING);
        assertThat(tooMany.statusCode()).isEqualTo(429);
        assertThat(tooMany.headers().firstValue("Retry-After")).contains("2");
    }

    @Test
    void theRateLimitReadsAsGitHubs() throws IOException {
        assertThat(github.getRateLimit().getCore().getLimit()).isEqualTo(5000);
    }

    @Test
    void anUnauthenticatedCallIsRefused() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sandbox.apiUrl() + "/repos/" + BILLING))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void theAdminEndpointsMergeAndShowWhatAPersonWouldSee() throws Exception {
        GHRepository repo = github.getRepository(BILLING);
        String base = repo.getRef("heads/main").getObject().getSha();
        String tree = repo.createTree().baseTree(repo.getCommit(base).getTree().getSha()).add("x.txt", "x\n", false).create().getSha();
        repo.createRef("refs/heads/x", repo.createCommit().message("x").tree(tree).parent(base).create().getSHA1());
        int number = repo.createPullRequest("x", "x", "main", "").getNumber();
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> merged = http.send(HttpRequest.newBuilder(URI.create(sandbox.apiUrl() + "/_sandbox/repos/" + BILLING + "/pulls/" + number + "/merge"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"mergedBy\":\"bob\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(merged.statusCode()).isEqualTo(200);
        JsonNode answer = new ObjectMapper().readTree(merged.body());
        assertThat(answer.path("merged").asBoolean()).isTrue();
        assertThat(answer.path("delivery").path("status").asInt()).isEqualTo(202);
        assertThat(received).hasSize(1);
        HttpResponse<String> file = http.send(HttpRequest.newBuilder(URI.create(sandbox.apiUrl() + "/_sandbox/repos/" + BILLING + "/contents/x.txt?ref=main"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(file.body()).isEqualTo("x\n");
        HttpResponse<String> pulls = http.send(HttpRequest.newBuilder(URI.create(sandbox.apiUrl() + "/_sandbox/repos/" + BILLING + "/pulls")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(new ObjectMapper().readTree(pulls.body()).get(0).path("merged_by").path("login").asText()).isEqualTo("bob");
    }

    private HttpResponse<String> get(String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sandbox.apiUrl() + path))
                    .header("Authorization", "token t").build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
