package uk.gov.gds.awsam.testsupport.github;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import uk.gov.gds.awsam.testsupport.github.GitStore.Commit;
import uk.gov.gds.awsam.testsupport.github.GitStore.Person;
import uk.gov.gds.awsam.testsupport.github.SandboxState.Fault;
import uk.gov.gds.awsam.testsupport.github.SandboxState.GitHubError;
import uk.gov.gds.awsam.testsupport.github.SandboxState.Pull;
import uk.gov.gds.awsam.testsupport.github.SandboxState.Repo;
import uk.gov.gds.awsam.testsupport.github.SandboxState.TreeEntry;

/**
 * The WireMock response transformer behind every sandbox stub: GitHub's REST endpoints (those github-api
 * calls for branches, git data, contents, pull requests, labels, reviewers, users, teams, app
 * installations and the rate limit) and the sandbox's own admin endpoints under {@code /_sandbox}.
 */
final class GitHubApi implements ResponseDefinitionTransformerV2 {

    static final String NAME = "github-sandbox";
    static final int RATE_LIMIT = 5000;

    private record Route(String method, Pattern path, Function<Call, Answer> handler) {
    }

    /** One incoming call: its request, the path's captured groups and its JSON body. */
    record Call(Request request, Matcher path) {
        String group(int i) {
            return URLDecoder.decode(path.group(i), StandardCharsets.UTF_8);
        }

        JsonNode body() {
            try {
                byte[] body = request.getBody();
                return body == null || body.length == 0 ? GitHubJson.JSON.createObjectNode() : GitHubJson.JSON.readTree(body);
            } catch (java.io.IOException e) {
                throw new GitHubError(400, "Problems parsing JSON");
            }
        }

        String query(String name) {
            var parameter = request.queryParameter(name);
            return parameter.isPresent() ? parameter.firstValue() : null;
        }
    }

    /** A response: status, a JSON body (or text), extra headers. */
    record Answer(int status, Object body, Map<String, String> headers) {
        static Answer json(int status, JsonNode body) {
            return new Answer(status, body, Map.of());
        }

        static Answer text(int status, String body) {
            return new Answer(status, body, Map.of("Content-Type", "text/plain; charset=utf-8"));
        }
    }

    private final SandboxState state;
    private final GitHubJson json;
    private final SandboxAdmin admin;
    private final List<Route> routes = new ArrayList<>();
    private final List<String> appJwts = new ArrayList<>();

    GitHubApi(SandboxState state, GitHubJson json, SandboxAdmin admin) {
        this.state = state;
        this.json = json;
        this.admin = admin;
        String repo = "/repos/([^/]+)/([^/]+)";
        get("/", c -> Answer.json(200, GitHubJson.JSON.createObjectNode().put("current_user_url", "/user")
                .put("repository_url", "/repos/{owner}/{repo}")));
        get("/rate_limit", c -> Answer.json(200, json.rateLimit(RATE_LIMIT, state.countCall(), resetEpoch())));
        get("/user", c -> Answer.json(200, json.user(SandboxState.BOT_LOGIN)));
        get("/users/([^/]+)", c -> Answer.json(200, json.user(c.group(1))));
        get("/orgs/([^/]+)", c -> Answer.json(200, json.organization(c.group(1))));
        get("/orgs/([^/]+)/teams/([^/]+)", c -> Answer.json(200, json.team(c.group(1), c.group(2))));
        get("/app", this::app);
        get("/app/installations/([0-9]+)", this::installation);
        post("/app/installations/([0-9]+)/access_tokens", this::installationToken);
        get(repo, c -> Answer.json(200, json.repository(repo(c))));
        get(repo + "/git/refs?/heads/(.+)", this::getRef);
        post(repo + "/git/refs", this::createRef);
        patch(repo + "/git/refs/heads/(.+)", this::updateRef);
        delete(repo + "/git/refs/heads/(.+)", c -> {
            state.deleteRef(repo(c), c.group(3));
            return new Answer(204, null, Map.of());
        });
        post(repo + "/git/blobs", this::createBlob);
        get(repo + "/git/blobs/([0-9a-f]{40})", c -> {
            byte[] content = state.git.blob(c.group(3)).orElseThrow(() -> new GitHubError(404, "Not Found"));
            return Answer.json(200, json.blob(repo(c), c.group(3), content));
        });
        post(repo + "/git/trees", this::createTree);
        get(repo + "/git/trees/([0-9a-f]{40})", c -> Answer.json(200, tree(repo(c), c.group(3))));
        post(repo + "/git/commits", this::createCommit);
        get(repo + "/git/commits/([0-9a-f]{40})", c -> Answer.json(200, json.gitCommit(repo(c),
                state.git.commit(c.group(3)).orElseThrow(() -> new GitHubError(404, "Not Found")))));
        get(repo + "/commits/([^/]+)", this::restCommit);
        get(repo + "/contents/(.+)", this::getContent);
        get(repo + "/pulls", this::listPulls);
        post(repo + "/pulls", this::createPull);
        get(repo + "/pulls/([0-9]+)", c -> Answer.json(200, pull(repo(c), pullOf(c))));
        patch(repo + "/pulls/([0-9]+)", this::updatePull);
        get(repo + "/pulls/([0-9]+)/files", this::pullFiles);
        get(repo + "/pulls/([0-9]+)/merge", c -> new Answer(pullOf(c).merged ? 204 : 404, null, Map.of()));
        put(repo + "/pulls/([0-9]+)/merge", this::mergePull);
        post(repo + "/pulls/([0-9]+)/requested_reviewers", this::requestReviewers);
        get(repo + "/pulls/([0-9]+)/requested_reviewers", this::requestedReviewers);
        get(repo + "/issues/([0-9]+)", c -> Answer.json(200, json.issue(repo(c), pullOf(c))));
        post(repo + "/issues/([0-9]+)/labels", this::addLabels);
        get(repo + "/issues/([0-9]+)/labels", c -> Answer.json(200, labels(repo(c), pullOf(c))));
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    List<String> appJwts() {
        synchronized (appJwts) {
            return List.copyOf(appJwts);
        }
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        Request request = serveEvent.getRequest();
        String path = request.getUrl().split("\\?", 2)[0];
        String method = request.getMethod().getName();
        if (path.startsWith(SandboxAdmin.PREFIX)) {
            Answer answer;
            try {
                answer = admin.handle(method, path, request);
            } catch (GitHubError e) {
                answer = Answer.json(e.status, json.error(e.status, e.getMessage()));
            } catch (RuntimeException e) {
                answer = Answer.json(500, json.error(500, String.valueOf(e)));
            }
            return respond(answer, false);
        }
        Optional<Fault> fault = state.takeFault(method, path);
        if (fault.isPresent()) {
            return faultResponse(fault.get());
        }
        if (!path.startsWith("/app/") && !path.equals("/") && !path.equals("/rate_limit") && !authenticated(request)) {
            return respond(Answer.json(401, json.error(401, "Requires authentication")), true);
        }
        for (Route route : routes) {
            Matcher matcher = route.path().matcher(path);
            if (route.method().equals(method) && matcher.matches()) {
                try {
                    return respond(route.handler().apply(new Call(request, matcher)), true);
                } catch (GitHubError e) {
                    return respond(Answer.json(e.status, json.error(e.status, e.getMessage())), true);
                } catch (RuntimeException e) {
                    return respond(Answer.json(500, json.error(500, String.valueOf(e))), true);
                }
            }
        }
        return respond(Answer.json(404, json.error(404, "Not Found")), true);
    }

    private static boolean authenticated(Request request) {
        String authorization = request.getHeader("Authorization");
        return authorization != null && authorization.matches("(?i)(token|bearer) \\S+");
    }

    private ResponseDefinition respond(Answer answer, boolean api) {
        ResponseDefinitionBuilder builder = ResponseDefinitionBuilder.responseDefinition().withStatus(answer.status());
        List<HttpHeader> headers = new ArrayList<>();
        if (api) {
            int used = state.countCall();
            headers.add(new HttpHeader("X-RateLimit-Limit", String.valueOf(RATE_LIMIT)));
            headers.add(new HttpHeader("X-RateLimit-Remaining", String.valueOf(Math.max(0, RATE_LIMIT - used))));
            headers.add(new HttpHeader("X-RateLimit-Reset", String.valueOf(resetEpoch())));
            headers.add(new HttpHeader("X-RateLimit-Used", String.valueOf(used)));
            headers.add(new HttpHeader("X-RateLimit-Resource", "core"));
            headers.add(new HttpHeader("X-GitHub-Media-Type", "github.v3; format=json"));
            headers.add(new HttpHeader("X-GitHub-Api-Version-Selected", "2022-11-28"));
            headers.add(new HttpHeader("X-GitHub-Request-Id", UUID.randomUUID().toString().toUpperCase(java.util.Locale.ROOT)));
            headers.add(new HttpHeader("Server", "github.com"));
            headers.add(new HttpHeader("Date", java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                    .format(state.now().atZone(java.time.ZoneOffset.UTC))));
        }
        boolean hasContentType = answer.headers().keySet().stream().anyMatch(h -> h.equalsIgnoreCase("Content-Type"));
        answer.headers().forEach((name, value) -> headers.add(new HttpHeader(name, value)));
        if (answer.body() instanceof JsonNode node) {
            if (!hasContentType) {
                headers.add(new HttpHeader("Content-Type", "application/json; charset=utf-8"));
            }
            builder.withBody(node.toString());
        } else if (answer.body() instanceof String text) {
            builder.withBody(text);
        }
        return builder.withHeaders(new HttpHeaders(headers)).build();
    }

    private ResponseDefinition faultResponse(Fault fault) {
        long now = state.now().getEpochSecond();
        Map<String, String> headers = new HashMap<>();
        return switch (fault.kind) {
            case PRIMARY_RATE_LIMIT -> {
                headers.put("X-RateLimit-Limit", String.valueOf(RATE_LIMIT));
                headers.put("X-RateLimit-Remaining", "0");
                headers.put("X-RateLimit-Used", String.valueOf(RATE_LIMIT));
                headers.put("X-RateLimit-Reset", String.valueOf(now + fault.waitSeconds));
                headers.put("X-RateLimit-Resource", "core");
                yield respond(new Answer(403, json.error(403, "API rate limit exceeded for installation. If you reach out to GitHub"
                        + " Support for help, please include the request ID."), headers), false);
            }
            case SECONDARY_RATE_LIMIT -> {
                headers.put("Retry-After", String.valueOf(fault.waitSeconds));
                yield respond(new Answer(403, json.error(403, "You have exceeded a secondary rate limit. Please wait a few minutes"
                        + " before you try again."), headers), false);
            }
            case TOO_MANY_REQUESTS -> {
                headers.put("Retry-After", String.valueOf(fault.waitSeconds));
                yield respond(new Answer(429, json.error(429, "Too many requests"), headers), false);
            }
            case SERVER_ERROR -> respond(Answer.text(502, "Server Error"), false);
        };
    }

    private long resetEpoch() {
        return state.now().getEpochSecond() + 3600;
    }

    // ---- handlers -------------------------------------------------------------------------------------

    private Repo repo(Call c) {
        return state.repo(c.group(1), c.group(2));
    }

    private Pull pullOf(Call c) {
        return state.pull(repo(c), Integer.parseInt(c.group(3)));
    }

    ObjectNode pull(Repo repo, Pull pull) {
        synchronized (state) {
            String baseSha = pull.merged ? state.git.commit(pull.mergeCommitSha).orElseThrow().parents().get(0)
                    : state.branchSha(repo, pull.base);
            return json.pull(repo, pull, baseSha, state.changedFiles(repo, pull).size());
        }
    }

    private Answer getRef(Call c) {
        Repo repo = repo(c);
        String branch = c.group(3);
        return Answer.json(200, json.ref(repo, branch, state.branchSha(repo, branch)));
    }

    private Answer createRef(Call c) {
        Repo repo = repo(c);
        JsonNode body = c.body();
        String ref = required(body, "ref");
        String sha = required(body, "sha");
        state.createRef(repo, ref, sha);
        return Answer.json(201, json.ref(repo, SandboxState.branchOf(ref), sha));
    }

    private Answer updateRef(Call c) {
        Repo repo = repo(c);
        JsonNode body = c.body();
        state.updateRef(repo, c.group(3), required(body, "sha"), body.path("force").asBoolean(false));
        return Answer.json(200, json.ref(repo, c.group(3), state.branchSha(repo, c.group(3))));
    }

    private Answer createBlob(Call c) {
        JsonNode body = c.body();
        String content = required(body, "content");
        String encoding = body.path("encoding").asText("utf-8");
        byte[] bytes = encoding.equals("base64") ? Base64.getMimeDecoder().decode(content) : content.getBytes(StandardCharsets.UTF_8);
        String sha;
        synchronized (state) {
            sha = state.git.putBlob(bytes);
        }
        return Answer.json(201, json.blobCreated(repo(c), sha));
    }

    private Answer createTree(Call c) {
        JsonNode body = c.body();
        List<TreeEntry> entries = new ArrayList<>();
        JsonNode tree = body.path("tree");
        if (!tree.isArray()) {
            throw new GitHubError(422, "Invalid request. \"tree\" wasn't supplied.");
        }
        for (JsonNode entry : tree) {
            String path = required(entry, "path");
            boolean hasSha = entry.has("sha");
            String sha = hasSha && !entry.get("sha").isNull() ? entry.get("sha").asText() : null;
            String content = entry.hasNonNull("content") ? entry.get("content").asText() : null;
            if (!hasSha && content == null) {
                throw new GitHubError(422, "Must supply either tree.sha or tree.content");
            }
            entries.add(new TreeEntry(path, sha, content));
        }
        String baseTree = body.hasNonNull("base_tree") ? body.get("base_tree").asText() : null;
        String sha = state.createTree(baseTree, entries);
        return Answer.json(201, tree(repo(c), sha));
    }

    private ObjectNode tree(Repo repo, String sha) {
        synchronized (state) {
            SortedMap<String, String> files = state.git.tree(sha).orElseThrow(() -> new GitHubError(404, "Not Found"));
            Map<String, Integer> sizes = new HashMap<>();
            files.forEach((path, blob) -> sizes.put(path, state.git.blob(blob).map(b -> b.length).orElse(0)));
            return json.tree(repo, sha, files, sizes);
        }
    }

    private Answer createCommit(Call c) {
        JsonNode body = c.body();
        String message = required(body, "message");
        String tree = required(body, "tree");
        List<String> parents = new ArrayList<>();
        body.path("parents").forEach(p -> parents.add(p.asText()));
        Person author = person(body.path("author"), state.person(SandboxState.BOT_LOGIN, SandboxState.BOT_LOGIN + "@users.noreply.github.com"));
        Person committer = person(body.path("committer"), author);
        Commit commit = state.createCommit(tree, parents, message, author, committer);
        return Answer.json(201, json.gitCommit(repo(c), commit));
    }

    private Person person(JsonNode node, Person fallback) {
        if (!node.isObject()) {
            return fallback;
        }
        return new Person(node.path("name").asText(fallback.name()), node.path("email").asText(fallback.email()),
                node.hasNonNull("date") ? java.time.Instant.parse(node.get("date").asText()) : fallback.date());
    }

    private Answer restCommit(Call c) {
        Repo repo = repo(c);
        synchronized (state) {
            Commit commit = state.git.commit(state.resolve(repo, c.group(3))).orElseThrow(() -> new GitHubError(404, "Not Found"));
            SortedMap<String, String> after = state.git.files(commit.sha());
            SortedMap<String, String> before = commit.parents().isEmpty() ? new java.util.TreeMap<>() : state.git.files(commit.parents().get(0));
            Map<String, String> changed = new java.util.TreeMap<>();
            before.keySet().stream().filter(path -> !after.containsKey(path)).forEach(path -> changed.put(path, null));
            after.forEach((path, blob) -> {
                if (!blob.equals(before.get(path))) {
                    changed.put(path, new String(state.git.blob(blob).orElseThrow(), StandardCharsets.UTF_8));
                }
            });
            return Answer.json(200, json.restCommit(repo, commit, changed, commit.sha()));
        }
    }

    private Answer getContent(Call c) {
        Repo repo = repo(c);
        String path = c.group(3);
        String ref = c.query("ref");
        synchronized (state) {
            String sha = state.resolve(repo, ref);
            String blob = state.git.files(sha).get(path);
            if (blob == null) {
                throw new GitHubError(404, "Not Found");
            }
            return Answer.json(200, json.content(repo, path, blob, state.git.blob(blob).orElseThrow(), ref == null ? repo.defaultBranch : ref));
        }
    }

    private Answer listPulls(Call c) {
        Repo repo = repo(c);
        String stateFilter = c.query("state") == null ? "open" : c.query("state");
        ArrayNode list = GitHubJson.JSON.createArrayNode();
        for (Pull pull : state.pulls(repo, stateFilter, c.query("head"), c.query("base"))) {
            list.add(pull(repo, pull));
        }
        return Answer.json(200, list);
    }

    private Answer createPull(Call c) {
        Repo repo = repo(c);
        JsonNode body = c.body();
        Pull pull = state.createPull(repo, required(body, "title"), required(body, "head"), required(body, "base"),
                body.path("body").asText(""), SandboxState.BOT_LOGIN);
        return Answer.json(201, pull(repo, pull));
    }

    private Answer updatePull(Call c) {
        Repo repo = repo(c);
        JsonNode body = c.body();
        Pull before = pullOf(c);
        boolean wasOpen = before.open();
        Pull pull = state.update(repo, before.number, text(body, "title"), text(body, "body"), text(body, "state"), SandboxState.BOT_LOGIN);
        if (wasOpen && !pull.open()) {
            admin.deliver(repo, pull, "closed", SandboxState.BOT_LOGIN);
        }
        return Answer.json(200, pull(repo, pull));
    }

    private Answer mergePull(Call c) {
        Repo repo = repo(c);
        JsonNode body = c.body();
        Pull pull = state.merge(repo, pullOf(c).number, SandboxState.BOT_LOGIN, text(body, "commit_title"));
        admin.deliver(repo, pull, "closed", SandboxState.BOT_LOGIN);
        return Answer.json(200, GitHubJson.JSON.createObjectNode().put("sha", pull.mergeCommitSha).put("merged", true)
                .put("message", "Pull Request successfully merged"));
    }

    private Answer pullFiles(Call c) {
        Repo repo = repo(c);
        Pull pull = pullOf(c);
        ArrayNode files = GitHubJson.JSON.createArrayNode();
        state.changedFiles(repo, pull).forEach((path, content) -> files.add(json.pullFile(repo, path, content, pull.headSha)));
        return Answer.json(200, files);
    }

    private Answer requestReviewers(Call c) {
        Repo repo = repo(c);
        Pull pull = pullOf(c);
        JsonNode body = c.body();
        synchronized (state) {
            body.path("reviewers").forEach(r -> {
                if (r.asText().equalsIgnoreCase(pull.author)) {
                    throw new GitHubError(422, "Review cannot be requested from pull request author.");
                }
                pull.requestedReviewers.add(r.asText());
            });
            body.path("team_reviewers").forEach(t -> pull.requestedTeams.add(t.asText()));
        }
        return Answer.json(201, pull(repo, pull));
    }

    private Answer requestedReviewers(Call c) {
        Repo repo = repo(c);
        Pull pull = pullOf(c);
        ObjectNode node = GitHubJson.JSON.createObjectNode();
        ArrayNode users = node.putArray("users");
        ArrayNode teams = node.putArray("teams");
        synchronized (state) {
            pull.requestedReviewers.forEach(login -> users.add(json.user(login)));
            pull.requestedTeams.forEach(slug -> teams.add(json.team(repo.owner, slug)));
        }
        return Answer.json(200, node);
    }

    private Answer addLabels(Call c) {
        Repo repo = repo(c);
        Pull pull = pullOf(c);
        JsonNode body = c.body();
        JsonNode labels = body.isArray() ? body : body.path("labels");
        synchronized (state) {
            labels.forEach(l -> pull.labels.add(l.isObject() ? l.path("name").asText() : l.asText()));
        }
        return Answer.json(200, labels(repo, pull));
    }

    private ArrayNode labels(Repo repo, Pull pull) {
        ArrayNode list = GitHubJson.JSON.createArrayNode();
        synchronized (state) {
            pull.labels.forEach(name -> list.add(json.label(repo, name)));
        }
        return list;
    }

    private Answer app(Call c) {
        long id = appIdOf(bearer(c.request()));
        String owner = state.repositories().isEmpty() ? "gds" : state.repositories().get(0).owner;
        ObjectNode node = GitHubJson.JSON.createObjectNode().put("id", id).put("slug", "aws-accounts").put("node_id", "A_" + id);
        node.set("owner", json.organization(owner));
        node.put("name", "aws-accounts").put("description", "AWS Account Management Service")
                .put("external_url", "https://github.com/" + owner).put("html_url", "https://github.com/apps/aws-accounts")
                .put("created_at", GitHubJson.time(state.now())).put("updated_at", GitHubJson.time(state.now()))
                .put("installations_count", 1);
        node.putObject("permissions").put("contents", "write").put("pull_requests", "write").put("metadata", "read");
        node.putArray("events").add("pull_request");
        return Answer.json(200, node);
    }

    private Answer installation(Call c) {
        String jwt = bearer(c.request());
        long id = Long.parseLong(c.group(1));
        ObjectNode node = GitHubJson.JSON.createObjectNode().put("id", id);
        String owner = state.repositories().isEmpty() ? "gds" : state.repositories().get(0).owner;
        node.set("account", json.organization(owner));
        node.put("repository_selection", "selected")
                .put("access_tokens_url", c.request().getAbsoluteUrl().replaceFirst("/app/installations/.*$", "")
                        + "/app/installations/" + id + "/access_tokens")
                .put("repositories_url", c.request().getAbsoluteUrl().replaceFirst("/app/installations/.*$", "") + "/installation/repositories")
                .put("html_url", "https://github.com/organizations/" + owner + "/settings/installations/" + id)
                .put("app_id", appIdOf(jwt))
                .put("app_slug", "aws-accounts")
                .put("target_id", 1)
                .put("target_type", "Organization");
        node.putObject("permissions").put("contents", "write").put("pull_requests", "write").put("metadata", "read");
        node.putArray("events").add("pull_request");
        node.put("created_at", GitHubJson.time(state.now())).put("updated_at", GitHubJson.time(state.now()));
        node.putNull("single_file_name");
        node.putNull("suspended_at");
        return Answer.json(200, node);
    }

    private Answer installationToken(Call c) {
        bearer(c.request());
        ObjectNode node = GitHubJson.JSON.createObjectNode()
                .put("token", "ghs_" + UUID.randomUUID().toString().replace("-", ""))
                .put("expires_at", GitHubJson.time(state.now().plusSeconds(3600)));
        node.putObject("permissions").put("contents", "write").put("pull_requests", "write").put("metadata", "read");
        node.put("repository_selection", "selected");
        return Answer.json(201, node);
    }

    /** The app's JWT from {@code Authorization: Bearer}; recorded so a test can check how it was signed. */
    private String bearer(Request request) {
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || authorization.substring(7).split("\\.").length != 3) {
            throw new GitHubError(401, "A JSON web token could not be decoded");
        }
        String jwt = authorization.substring(7);
        synchronized (appJwts) {
            appJwts.add(jwt);
        }
        return jwt;
    }

    private static long appIdOf(String jwt) {
        try {
            JsonNode claims = GitHubJson.JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
            return claims.path("iss").asLong(0);
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new GitHubError(401, "A JSON web token could not be decoded");
        }
    }

    private static String required(JsonNode body, String field) {
        if (!body.hasNonNull(field)) {
            throw new GitHubError(422, "Invalid request. \"" + field + "\" wasn't supplied.");
        }
        return body.get(field).asText();
    }

    private static String text(JsonNode body, String field) {
        return body.hasNonNull(field) ? body.get(field).asText() : null;
    }

    private void get(String path, Function<Call, Answer> handler) {
        routes.add(new Route("GET", Pattern.compile(path), handler));
    }

    private void post(String path, Function<Call, Answer> handler) {
        routes.add(new Route("POST", Pattern.compile(path), handler));
    }

    private void put(String path, Function<Call, Answer> handler) {
        routes.add(new Route("PUT", Pattern.compile(path), handler));
    }

    private void patch(String path, Function<Call, Answer> handler) {
        routes.add(new Route("PATCH", Pattern.compile(path), handler));
    }

    private void delete(String path, Function<Call, Answer> handler) {
        routes.add(new Route("DELETE", Pattern.compile(path), handler));
    }
}
