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
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;

import uk.gov.gds.awsam.testsupport.github.SandboxState.Fault;
import uk.gov.gds.awsam.testsupport.github.SandboxState.Repo;

/**
 * A GitHub for tests and for the local run, at least as strict as GitHub: WireMock serving the GitHub REST
 * endpoints pr-service calls, with responses in GitHub's shapes and enough state for the whole pull-request
 * flow (branches, git data, the contents API, pull requests, labels, assignees, requested reviewers, rate-limit
 * headers); GitHub's refusals (unknown users and teams, reviewers who are not collaborators, missing
 * permissions, rulesets, 422 variants, the contents API's 1 MB, every rate-limit form on demand, the content-creating limits when
 * switched on); and what a person does on GitHub — merge, close, edit a branch — each sending the webhook
 * GitHub would, signed with the webhook secret, in either of GitHub's content types. Each answer is modelled on
 * GitHub's documentation and recorded responses: see pr-service/README.md, "The GitHub sandbox".
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
    private final SandboxRules rules;

    private GitHubSandbox(WireMockServer server, SandboxState state, SandboxAdmin admin, GitHubApi api, SandboxRules rules) {
        this.server = server;
        this.state = state;
        this.admin = admin;
        this.api = api;
        this.rules = rules;
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
        return start(port, repositories, journalEntries, Clock.systemUTC());
    }

    /** As {@link #start(int, List, int)}, its timestamps from {@code clock} (a test that needs them apart). */
    static GitHubSandbox start(int port, List<String> repositories, int journalEntries, Clock clock) {
        SandboxState state = new SandboxState(clock);
        Holder holder = new Holder();
        var options = options().bindAddress("127.0.0.1").port(port).containerThreads(16).jettyAcceptors(1)
                .extensions(new LazyTransformer(holder));
        WireMockServer server = new WireMockServer(journalEntries > 0 ? options.maxRequestJournalEntries(journalEntries)
                : options.disableRequestJournal());
        server.start();
        String apiUrl = "http://127.0.0.1:" + server.port();
        GitHubJson json = new GitHubJson(apiUrl);
        SandboxRules rules = SandboxRules.strict();
        SandboxAdmin admin = new SandboxAdmin(state, json, rules);
        GitHubApi api = new GitHubApi(state, json, admin, rules);
        admin.attach(api);
        holder.api = api;
        server.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withTransformers(GitHubApi.NAME)));
        for (String repository : repositories) {
            state.createRepository(repository, DEFAULT_BRANCH);
        }
        return new GitHubSandbox(server, state, admin, api, rules);
    }

    /** The REST API base URL (what {@code PR_GITHUB_API_URL} names). */
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

    /**
     * Renames (or transfers) a repository as GitHub does: its pull requests, branches and id stay, and its old name
     * answers 301 (GET, HEAD) or 307 (other methods) with a {@code Location} under {@code /repositories/{id}}, which
     * serves it, until a repository is made with the old name again. Its collaborators, teams' access, rulesets and
     * hook go with it.
     */
    public GitHubSandbox renameRepository(String from, String to) {
        Repo repo = admin.repo(from);
        String was = repo.fullName();
        state.renameRepository(repo, to);
        String now = repo.fullName();
        rules.people().renamed(was, now);
        rules.rulesets().renamed(was, now);
        admin.renamed(was, now);
        return this;
    }

    /**
     * Forgets every pull request, branch, commit, fault, delivery, ruleset and counted call; repositories start again
     * from one commit under the names they were made with, no limit is enforced and the permissions are the default
     * ones. People and teams stay.
     */
    public void reset() {
        for (Repo repo : state.repositories()) {
            if (!repo.fullName().equals(repo.createdAs)) {
                rules.people().renamed(repo.fullName(), repo.createdAs);
                admin.renamed(repo.fullName(), repo.createdAs);
            }
        }
        state.reset();
        rules.reset();
        admin.clearDeliveries();
    }

    // ---- who exists and what the caller may do ---------------------------------------------------------

    /** Users with write access to a repository: possible reviewers and assignees (anyone else is not a collaborator). */
    public GitHubSandbox collaborators(String repository, String... logins) {
        for (String login : logins) {
            rules.people().collaborator(repository, login);
        }
        return this;
    }

    /** Takes a user's access to a repository away (they stay a GitHub user). */
    public GitHubSandbox notCollaborator(String repository, String login) {
        rules.people().notCollaborator(repository, login);
        return this;
    }

    /** A team of an organisation with access to the given repositories. */
    public GitHubSandbox team(String org, String slug, String... repositories) {
        rules.people().team(org, slug, Set.of(repositories));
        return this;
    }

    /**
     * The caller's permissions, {@code name:read} or {@code name:write} (GitHub's App permission names:
     * {@code contents}, {@code pull_requests}, {@code issues}, {@code metadata}, {@code members}); the default is
     * contents, pull requests and issues write, metadata read.
     */
    public GitHubSandbox permissions(String... granted) {
        rules.people().permissions(Set.of(granted));
        return this;
    }

    /**
     * A ruleset of a repository: writes to branches matching {@code include} ({@code refs/heads/<glob>},
     * {@code ~DEFAULT_BRANCH}, {@code ~ALL}) that {@code rules} forbid ({@code creation}, {@code update},
     * {@code deletion}) are refused as GitHub refuses them.
     */
    public GitHubSandbox ruleset(String repository, String name, List<String> include, String... forbidden) {
        java.util.EnumSet<SandboxRulesets.Rule> set = java.util.EnumSet.noneOf(SandboxRulesets.Rule.class);
        for (String rule : forbidden) {
            set.add(SandboxRulesets.Rule.valueOf(rule.toUpperCase(java.util.Locale.ROOT)));
        }
        rules.rulesets().add(repository, name, include, set);
        return this;
    }

    /** Removes every ruleset (a repository admin changing them). */
    public GitHubSandbox withoutRulesets() {
        rules.rulesets().clear();
        return this;
    }

    /** A person changing the base branch of an open pull request ("Edit" on GitHub). */
    public void changeBase(String repository, int number, String base) {
        state.update(admin.repo(repository), number, null, null, null, base, "someone");
    }

    /** Creates a branch at another branch's head, as a person would. */
    public void branch(String repository, String branch, String from) {
        Repo repo = admin.repo(repository);
        state.createRef(repo, "refs/heads/" + branch, state.branchSha(repo, from));
    }

    /** A reviewer's review ({@code APPROVED}, {@code CHANGES_REQUESTED}, {@code COMMENTED}). */
    public void review(String repository, int number, String login, String state) {
        admin.review(repository, number, login, state);
    }

    // ---- rate limits and what was counted --------------------------------------------------------------

    /** Enforces GitHub's documented limits: 80 content-creating calls a minute, 500 an hour, 900 points a minute, 5,000 calls an hour. */
    public GitHubSandbox githubLimits() {
        rules.limits().enforce(SandboxLimits.Limits.github());
        return this;
    }

    /** Enforces these content-creating limits over these windows (shorter windows for tests), points and primary as GitHub's. */
    public GitHubSandbox contentLimits(int perMinute, int perHour, java.time.Duration minuteWindow, java.time.Duration hourWindow) {
        SandboxLimits.Limits github = SandboxLimits.Limits.github();
        rules.limits().enforce(new SandboxLimits.Limits(perMinute, perHour, minuteWindow, hourWindow, github.pointsPerMinute(),
                github.primaryPerHour()));
        return this;
    }

    /** Calls counted since the start (or the last reset). */
    public record Stats(long calls, long contentCalls, long overLimit, Map<String, Long> byRoute) {
    }

    public Stats stats() {
        SandboxLimits.Stats stats = rules.limits().stats();
        return new Stats(stats.calls(), stats.contentCalls(), stats.overLimit(), stats.byRoute());
    }

    // ---- GitHub Apps -----------------------------------------------------------------------------------

    /** A GitHub App whose JWTs are verified with {@code publicKey}, installed as {@code installationId}. */
    public GitHubSandbox app(long appId, long installationId, java.security.PublicKey publicKey) {
        rules.apps().register(appId, publicKey, installationId);
        return this;
    }

    // ---- the webhook -----------------------------------------------------------------------------------

    /** Deliveries in GitHub's other content type, {@code application/x-www-form-urlencoded} ({@code payload=…}), or back to JSON. */
    public GitHubSandbox webhookContentType(WebhookSender.ContentType type) {
        admin.webhookFormat(type, List.of("pull_request"));
        return this;
    }

    /** The repository's webhook signs its deliveries with {@code secret} instead of the sandbox's (a webhook made with another secret). */
    public GitHubSandbox hookSecret(String repository, String secret) {
        admin.hookSecret(repository, secret);
        return this;
    }

    /** The repository has no webhook: {@code GET /repos/{o}/{r}/hooks} lists none. {@link #reset()} gives it back. */
    public GitHubSandbox withoutHook(String repository) {
        admin.withoutHook(repository);
        return this;
    }

    /**
     * Deliveries go through the GitHub App's own webhook instead of the repositories' (the README's production
     * path): no repository lists a webhook; {@code GET /app/hook/config} and {@code /app/hook/deliveries} show it.
     */
    public GitHubSandbox appWebhook() {
        admin.appWebhook(true);
        return this;
    }

    /** Sends GitHub's {@code ping} for a repository's webhook, as when it is made. */
    public WebhookDelivery ping(String repository) {
        return admin.ping(repository);
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

    /**
     * A pull request opened straight in the sandbox's state (no API call counted), as pr-service's bot would have
     * opened it: a branch from the default branch with one commit of {@code files}, then the pull request into it.
     */
    public int openPullRequest(String repository, String branch, Map<String, String> files, String title, String body) {
        Repo repo = admin.repo(repository);
        synchronized (state) {
            state.createRef(repo, "refs/heads/" + branch, state.branchSha(repo, repo.defaultBranch));
            state.commitFiles(repo, branch, new LinkedHashMap<>(files), title, SandboxState.BOT_LOGIN);
            return state.createPull(repo, title, branch, repo.defaultBranch, body, SandboxState.BOT_LOGIN).number;
        }
    }

    /** A person's comment on a pull request's conversation (no API call counted), held to GitHub's limits as the API's are. */
    public void comment(String repository, int number, String author, String body) {
        state.comment(admin.repo(repository), number, author, body);
    }

    /** Sends a delivery of any event with any payload, signed with the configured secret. */
    public WebhookDelivery deliverRaw(String event, byte[] payload) {
        String id = WebhookSender.newDeliveryId();
        return new WebhookSender().send(admin.webhookUrl(), id, event,
                WebhookSender.headers(id, event, payload, secret(), 0), payload);
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

    /** The bodies of a pull request's conversation comments, oldest first. */
    public List<String> comments(String repository, int number) {
        Repo repo = admin.repo(repository);
        synchronized (state) {
            return state.pull(repo, number).comments.stream().map(SandboxState.Comment::body).toList();
        }
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
        List<String[]> collaborators = new ArrayList<>();
        WebhookSender.ContentType type = WebhookSender.ContentType.JSON;
        boolean limits = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--webhook-url" -> webhookUrl = args[++i];
                case "--webhook-secret-file" -> secret = java.nio.file.Files.readString(java.nio.file.Path.of(args[++i])).strip();
                case "--repository" -> repositories.add(args[++i]);
                case "--content-type" -> type = args[++i].equalsIgnoreCase("form") ? WebhookSender.ContentType.FORM
                        : WebhookSender.ContentType.JSON;
                case "--github-limits" -> limits = true;
                case "--collaborator" -> collaborators.add(args[++i].split(":", 2));
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (--port N, --webhook-url URL,"
                        + " --webhook-secret-file FILE, --repository owner/name ..., --content-type json|form, --github-limits,"
                        + " --collaborator owner/name:login ...)");
            }
        }
        GitHubSandbox sandbox = start(port, repositories.isEmpty() ? DEFAULT_REPOSITORIES : repositories, 0);
        sandbox.webhook(webhookUrl, secret).webhookContentType(type);
        collaborators.forEach(c -> sandbox.collaborators(c[0], c[1]));
        if (limits) {
            sandbox.githubLimits();
        }
        System.out.println("GitHub sandbox (WireMock serving the GitHub REST API) listening on " + sandbox.apiUrl()
                + "; webhooks (" + type.header() + ") to " + webhookUrl + "; GitHub's content-creating limits "
                + (limits ? "enforced" : "off") + "; admin endpoints under " + SandboxAdmin.PREFIX);
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
