package uk.gov.gds.awsam.testsupport.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;

import uk.gov.gds.awsam.testsupport.github.SandboxState.Fault;
import uk.gov.gds.awsam.testsupport.github.SandboxState.Repo;

/**
 * A GitHub for tests and for the local run: WireMock serving the GitHub REST endpoints that
 * {@code org.kohsuke:github-api} calls, with responses in GitHub's shapes and enough state for the whole
 * pull-request flow (branches, git data, contents, pull requests, labels, requested reviewers, rate-limit
 * headers), plus what a person does on GitHub — merge, close, edit a branch — each sending the
 * {@code pull_request} webhook GitHub would, signed with the webhook secret.
 *
 * <pre>
 * try (GitHubSandbox github = GitHubSandbox.start(0, GitHubSandbox.DEFAULT_REPOSITORIES)) {
 *     github.webhook("http://127.0.0.1:8083/webhooks/github", secret);
 *     // point the service at github.apiUrl(); then
 *     github.merge("gds/aws-billing-account", 1, "reviewer");
 * }
 * </pre>
 *
 * Standalone (port 8089 in the local run; see the README of pr-service for the admin endpoints):
 * {@code java -cp <test-support classpath> uk.gov.gds.awsam.testsupport.github.GitHubSandbox --port 8089
 * --webhook-url http://127.0.0.1:8083/webhooks/github --webhook-secret-file secret.txt}
 */
public final class GitHubSandbox implements AutoCloseable {

    /** The repositories of the system, by their default names (DESIGN: billing and users repositories). */
    public static final List<String> DEFAULT_REPOSITORIES = List.of("gds/aws-billing-account", "gds/aws-users");
    public static final String DEFAULT_BRANCH = "main";
    public static final int DEFAULT_PORT = 8089;

    private final WireMockServer server;
    private final SandboxState state;
    private static final int TEST_JOURNAL_ENTRIES = 2000;

    private final SandboxAdmin admin;
    private final GitHubApi api;

    private GitHubSandbox(WireMockServer server, SandboxState state, SandboxAdmin admin, GitHubApi api) {
        this.server = server;
        this.state = state;
        this.admin = admin;
        this.api = api;
    }

    /** Starts a sandbox on 127.0.0.1 (port 0: a free port) holding the given repositories, each with a {@code main}. */
    public static GitHubSandbox start(int port, List<String> repositories) {
        return start(port, repositories, TEST_JOURNAL_ENTRIES);
    }

    /**
     * As {@link #start(int, List)}, keeping the last {@code journalEntries} requests for WireMock's
     * {@code findAll}/{@code verify} (0: none). WireMock keeps each response body in its journal, so a
     * long-running sandbox (the local run, the fault suite) keeps none: its state lives in the sandbox, not
     * in the journal.
     */
    public static GitHubSandbox start(int port, List<String> repositories, int journalEntries) {
        SandboxState state = new SandboxState(Clock.systemUTC());
        Holder holder = new Holder();
        var options = options().bindAddress("127.0.0.1").port(port).containerThreads(16).jettyAcceptors(1)
                .extensions(new LazyTransformer(holder));
        WireMockServer server = new WireMockServer(journalEntries > 0 ? options.maxRequestJournalEntries(journalEntries)
                : options.disableRequestJournal());
        server.start();
        String apiUrl = "http://127.0.0.1:" + server.port();
        GitHubJson json = new GitHubJson(apiUrl);
        SandboxAdmin admin = new SandboxAdmin(state, json);
        GitHubApi api = new GitHubApi(state, json, admin);
        admin.attach(api);
        holder.api = api;
        server.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withTransformers(GitHubApi.NAME)));
        for (String repository : repositories) {
            state.createRepository(repository, DEFAULT_BRANCH);
        }
        return new GitHubSandbox(server, state, admin, api);
    }

    /** The REST API base URL to give github-api ({@code GitHubBuilder.withEndpoint}). */
    public String apiUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    public int port() {
        return server.port();
    }

    /** The WireMock server, for extra stubs of a test's own (at a priority below 10 to win over the sandbox). */
    public WireMockServer wireMock() {
        return server;
    }

    /** Where merges and closes are delivered, and the secret they are signed with. */
    public GitHubSandbox webhook(String url, String secret) {
        admin.webhook(url, secret);
        return this;
    }

    /** Where merges and closes are delivered, keeping the secret. */
    public GitHubSandbox webhookUrl(String url) {
        admin.webhook(url, admin.webhookSecret());
        return this;
    }

    /** The secret deliveries are signed with. */
    public String webhookSecret() {
        return admin.webhookSecret();
    }

    /** Sends a delivery with the given headers as they are (a test forging or replaying one). */
    public WebhookDelivery deliverWithHeaders(String event, byte[] payload, Map<String, String> headers) {
        return new WebhookSender().send(admin.webhookUrl(), headers.getOrDefault("X-GitHub-Delivery", ""), event, headers, payload);
    }

    public GitHubSandbox createRepository(String fullName, String defaultBranch) {
        state.createRepository(fullName, defaultBranch);
        return this;
    }

    /** Forgets every pull request, branch, commit, fault and delivery; repositories start again from one commit. */
    public void reset() {
        state.reset();
        admin.clearDeliveries();
    }

    // ---- what a person does on GitHub ----------------------------------------------------------------

    /** Merges a pull request as {@code mergedBy} with the merge button, and delivers the signed webhook. */
    public WebhookDelivery merge(String repository, int number, String mergedBy) {
        return admin.merge(repository, number, mergedBy, true);
    }

    /** Merges without delivering the webhook: GitHub's delivery was lost (the delivery is kept, unsent). */
    public WebhookDelivery mergeWithoutWebhook(String repository, int number, String mergedBy) {
        return admin.merge(repository, number, mergedBy, false);
    }

    /** Closes a pull request without merging it, and delivers the signed webhook. */
    public WebhookDelivery close(String repository, int number, String closedBy) {
        return admin.close(repository, number, closedBy, true);
    }

    /** Sends a delivery again, byte for byte with the same delivery id (GitHub's "Redeliver"). */
    public WebhookDelivery redeliver(String deliveryId) {
        return admin.redeliver(deliveryId);
    }

    /** A commit on a branch (a reviewer's edit): content per path, null deleting the file. */
    public String commit(String repository, String branch, Map<String, String> files, String author) {
        return state.commitFiles(admin.repo(repository), branch, new LinkedHashMap<>(files), "Edit by " + author, author).sha();
    }

    /** Sends a delivery of any event with any payload, signed with the configured secret. */
    public WebhookDelivery deliverRaw(String event, byte[] payload) {
        String id = WebhookSender.newDeliveryId();
        return new WebhookSender().send(admin.webhookUrl(), id, event,
                WebhookSender.headers(id, event, payload, secret(), 0), payload);
    }

    /** The payload GitHub would send for a pull request's current state. */
    public byte[] pullRequestPayload(String repository, int number, String action, String sender) {
        Repo repo = admin.repo(repository);
        return admin.payload(repo, state.pull(repo, number), action, sender);
    }

    // ---- faults --------------------------------------------------------------------------------------

    /** The next {@code count} calls of {@code method} on paths matching {@code pathRegex} fail as {@code kind}. */
    public void fail(String method, String pathRegex, FaultKind kind, long waitSeconds, int count) {
        state.addFault(new Fault(method, Pattern.compile(pathRegex), kind, waitSeconds, count));
    }

    // ---- what a test inspects ------------------------------------------------------------------------

    /** Every pull request of a repository, newest first, as GitHub renders it plus {@code sandbox_files}. */
    public List<JsonNode> pullRequests(String repository) {
        Repo repo = admin.repo(repository);
        List<JsonNode> views = new ArrayList<>();
        state.pulls(repo, "all", null, null).forEach(p -> views.add(admin.view(repo, p)));
        return views;
    }

    public JsonNode pullRequest(String repository, int number) {
        Repo repo = admin.repo(repository);
        return admin.view(repo, state.pull(repo, number));
    }

    /** A file's content at a branch or commit, if it exists there. */
    public Optional<String> file(String repository, String ref, String path) {
        return admin.file(admin.repo(repository), ref, path);
    }

    public Optional<String> branchSha(String repository, String branch) {
        Repo repo = admin.repo(repository);
        synchronized (state) {
            return Optional.ofNullable(repo.branches.get(branch));
        }
    }

    public List<WebhookDelivery> deliveries() {
        return admin.deliveries();
    }

    /** The JWTs GitHub App clients presented to the installation endpoints. */
    public List<String> appJwts() {
        return api.appJwts();
    }

    private String secret() {
        return admin.webhookSecret();
    }

    @Override
    public void close() {
        server.stop();
    }

    public static void main(String[] args) throws Exception {
        int port = DEFAULT_PORT;
        String webhookUrl = System.getenv("GITHUB_SANDBOX_WEBHOOK_URL");
        String secret = System.getenv("GITHUB_SANDBOX_WEBHOOK_SECRET");
        List<String> repositories = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--webhook-url" -> webhookUrl = args[++i];
                case "--webhook-secret-file" -> secret = java.nio.file.Files.readString(java.nio.file.Path.of(args[++i])).strip();
                case "--repository" -> repositories.add(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (--port N, --webhook-url URL, --webhook-secret-file FILE, --repository owner/name ...)");
            }
        }
        GitHubSandbox sandbox = start(port, repositories.isEmpty() ? DEFAULT_REPOSITORIES : repositories, 0);
        sandbox.webhook(webhookUrl, secret);
        System.out.println("GitHub sandbox (WireMock serving the GitHub REST API) listening on " + sandbox.apiUrl()
                + "; webhooks to " + webhookUrl + "; admin endpoints under " + SandboxAdmin.PREFIX);
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close));
        Thread.currentThread().join();
    }

    /** WireMock wants its extensions at construction; the API needs the server's port. */
    private static final class Holder {
        volatile GitHubApi api;
    }

    private static final class LazyTransformer implements com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2 {
        private final Holder holder;

        LazyTransformer(Holder holder) {
            this.holder = holder;
        }

        @Override
        public com.github.tomakehurst.wiremock.http.ResponseDefinition transform(com.github.tomakehurst.wiremock.stubbing.ServeEvent event) {
            return holder.api.transform(event);
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public String getName() {
            return GitHubApi.NAME;
        }
    }
}
