package uk.gov.gds.awsam.testsupport.github;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import uk.gov.gds.awsam.testsupport.github.SandboxLimits.Refusal;
import uk.gov.gds.awsam.testsupport.github.SandboxState.Fault;
import uk.gov.gds.awsam.testsupport.github.SandboxState.GitHubError;
import uk.gov.gds.awsam.testsupport.github.SandboxState.Pull;
import uk.gov.gds.awsam.testsupport.github.SandboxState.Repo;

/**
 * The WireMock response transformer behind every sandbox stub: GitHub's REST endpoints ({@link GitRoutes},
 * {@link PullRoutes}, and here the account, organisation, App and rate-limit ones) and the sandbox's own admin
 * endpoints under {@code /_sandbox}. Before a route runs: a fault a test asked for; authentication (an
 * installation token must be one the sandbox issued); the rate limits, when switched on; the route's
 * permission. Every answer carries GitHub's rate-limit headers, {@code Date} and request id.
 */
final class GitHubApi implements ResponseDefinitionTransformerV2 {

    static final String NAME = "github-sandbox";
    static final String DOCS = "https://docs.github.com/rest";
    /** A repository's path by name (its old name redirects once it is renamed or transferred) and by id. */
    private static final Pattern REPO_PATH = Pattern.compile("/repos/([^/]+)/([^/]+)(/.*)?");
    private static final Pattern REPO_BY_ID = Pattern.compile("/repositories/([0-9]+)(/.*)?");
    private static final String SECONDARY = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If"
            + " you reach out to GitHub Support for help, please include the request ID ";

    /** A route: method, path, its name in the statistics, the permission it needs (null: none), its documentation page. */
    private record Route(String method, Pattern path, String name, String permission, String documentation, Function<Call, Answer> handler) {
    }

    /** Where route classes register their routes. */
    interface Routes {
        void add(String method, String path, String permission, String documentation, Function<Call, Answer> handler);
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
    private final SandboxPeople people;
    private final SandboxLimits limits;
    private final SandboxApps apps;
    private final List<Route> routes = new ArrayList<>();

    GitHubApi(SandboxState state, GitHubJson json, SandboxAdmin admin, SandboxRules rules) {
        this.state = state;
        this.json = json;
        this.admin = admin;
        this.people = rules.people();
        this.limits = rules.limits();
        this.apps = rules.apps();
        SandboxPeople people = rules.people();
        SandboxLimits limits = rules.limits();
        SandboxRulesets rulesets = rules.rulesets();
        Routes add = (method, path, permission, documentation, handler) -> routes.add(new Route(method, Pattern.compile(path),
                method + " " + template(path), permission, documentation, handler));
        add.add("GET", "/", null, DOCS, c -> Answer.json(200, GitHubJson.JSON.createObjectNode().put("current_user_url", "/user")
                .put("repository_url", "/repos/{owner}/{repo}")));
        add.add("GET", "/rate_limit", null, DOCS + "/rate-limit/rate-limit", c -> {
            long[] primary = limits.primary(state.preciseNow());
            return Answer.json(200, json.rateLimit((int) primary[0], (int) primary[3], primary[2]));
        });
        add.add("GET", "/user", null, DOCS + "/users/users", c -> Answer.json(200, json.user(SandboxState.BOT_LOGIN)));
        add.add("GET", "/users/([^/]+)", null, DOCS + "/users/users#get-a-user", c -> {
            if (!people.exists(c.group(1))) {
                throw new GitHubError(404, "Not Found");
            }
            return Answer.json(200, json.user(c.group(1)));
        });
        add.add("GET", "/orgs/([^/]+)", null, DOCS + "/orgs/orgs", c -> Answer.json(200, json.organization(c.group(1))));
        add.add("GET", "/orgs/([^/]+)/teams/([^/]+)", "members:read", DOCS + "/teams/teams#get-a-team-by-name", c -> {
            if (!people.teamExists(c.group(1), c.group(2))) {
                throw new GitHubError(404, "Not Found");
            }
            return Answer.json(200, json.team(c.group(1), c.group(2)));
        });
        add.add("GET", "/app", null, DOCS + "/apps/apps", this::app);
        add.add("GET", "/app/installations/([0-9]+)", null, DOCS + "/apps/apps", this::installation);
        add.add("GET", "/app/hook/config", null, DOCS + "/apps/webhooks#get-a-webhook-configuration-for-an-app", c -> {
            apps.verify(c.request().getHeader("Authorization"), state.preciseNow());
            return Answer.json(200, admin.appHookConfig());
        });
        add.add("GET", "/app/hook/deliveries", null, DOCS + "/apps/webhooks#list-deliveries-for-an-app-webhook", c -> {
            apps.verify(c.request().getHeader("Authorization"), state.preciseNow());
            return Answer.json(200, admin.appHookDeliveries());
        });
        add.add("POST", "/app/installations/([0-9]+)/access_tokens", null, DOCS + "/apps/apps#create-an-installation-access-token-for-an-app",
                this::installationToken);
        add.add("GET", "/repos/([^/]+)/([^/]+)", "metadata:read", DOCS + "/repos/repos#get-a-repository",
                c -> Answer.json(200, repository(state.repo(c.group(1), c.group(2)))));
        String hooks = "/repos/([^/]+)/([^/]+)/hooks";
        add.add("GET", hooks, "repository_hooks:read", DOCS + "/repos/webhooks#list-repository-webhooks",
                c -> Answer.json(200, admin.hooks(state.repo(c.group(1), c.group(2)))));
        add.add("GET", hooks + "/([0-9]+)", "repository_hooks:read", DOCS + "/repos/webhooks#get-a-repository-webhook",
                c -> Answer.json(200, admin.hook(state.repo(c.group(1), c.group(2)), Long.parseLong(c.group(3)))));
        add.add("POST", hooks + "/([0-9]+)/pings", "repository_hooks:read", DOCS + "/repos/webhooks#ping-a-repository-webhook", c -> {
            admin.pingLater(state.repo(c.group(1), c.group(2)), Long.parseLong(c.group(3)));
            return new Answer(204, null, Map.of());
        });
        add.add("GET", hooks + "/([0-9]+)/deliveries", "repository_hooks:read",
                DOCS + "/repos/webhooks#list-deliveries-for-a-repository-webhook",
                c -> Answer.json(200, admin.hookDeliveries(state.repo(c.group(1), c.group(2)), Long.parseLong(c.group(3)))));
        new GitRoutes(state, json, rulesets).register(add);
        PullRoutes pulls = new PullRoutes(state, json, people, admin);
        pulls.register(add);
        pulls.attach(this);
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
        return apps.jwts();
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
        Optional<Fault> fault = state.takeFault(method, URLDecoder.decode(path, StandardCharsets.UTF_8));
        if (fault.isPresent()) {
            return faultResponse(fault.get());
        }
        if (!path.startsWith("/app") && !path.equals("/") && !path.equals("/rate_limit") && !authenticated(request)) {
            return respond(Answer.json(401, json.error(401, request.getHeader("Authorization") == null ? "Requires authentication"
                    : "Bad credentials")), true);
        }
        boolean content = !method.equals("GET") && !method.equals("HEAD") && !path.startsWith("/app/");
        if (!path.equals("/rate_limit")) {
            Optional<Refusal> refused = limits.admit(content, state.preciseNow());
            if (refused.isPresent()) {
                return refused.get() == Refusal.PRIMARY ? primaryLimit(0, 403) : respond(new Answer(403, json.error(403, SECONDARY
                        + requestId() + ".", List.of(), DOCS + "/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits"),
                        Map.of()), true);
            }
        }
        Matcher repoPath = REPO_PATH.matcher(path);
        if (repoPath.matches()) {
            Optional<Repo> moved = state.moved(repoPath.group(1), repoPath.group(2));
            if (moved.isPresent()) {
                limits.counted(method + " (redirected)", content);
                return respond(redirect(request, method, moved.get(), repoPath.group(3)), true);
            }
        }
        Matcher byId = REPO_BY_ID.matcher(path);
        if (byId.matches()) {
            Repo repo;
            try {
                repo = state.repoById(Long.parseLong(byId.group(1)));
            } catch (GitHubError | NumberFormatException e) {
                return respond(Answer.json(404, json.error(404, "Not Found")), true);
            }
            path = "/repos/" + repo.fullName() + (byId.group(2) == null ? "" : byId.group(2));
        }
        for (Route route : routes) {
            Matcher matcher = route.path().matcher(path);
            if (route.method().equals(method) && matcher.matches()) {
                if (!path.equals("/rate_limit")) {
                    limits.counted(route.name(), content);
                }
                if (route.permission() != null && !permitted(route.permission())) {
                    return respond(new Answer(403, json.error(403, "Resource not accessible by integration", List.of(), route.documentation()),
                            Map.of("X-Accepted-GitHub-Permissions", route.permission().replace(":", "=").replace("|", "; "))), true);
                }
                try {
                    return respond(route.handler().apply(new Call(request, matcher)), true);
                } catch (GitHubError e) {
                    return respond(Answer.json(e.status, json.error(e.status, e.getMessage(), e.errors, route.documentation())), true);
                } catch (RuntimeException e) {
                    return respond(Answer.json(500, json.error(500, String.valueOf(e))), true);
                }
            }
        }
        limits.counted(method + " (no such endpoint)", content);
        return respond(Answer.json(404, json.error(404, "Not Found")), true);
    }

    /**
     * GitHub's answer for a repository's old name (renamed or transferred): 301 to a GET or HEAD, 307 to any other
     * method (which a client repeats with its body), {@code Location} the same call under {@code /repositories/{id}}
     * (docs: "Best practices for using the REST API", follow redirects).
     */
    private Answer redirect(Request request, String method, Repo repo, String rest) {
        boolean read = method.equals("GET") || method.equals("HEAD");
        String url = request.getUrl();
        String query = url.contains("?") ? url.substring(url.indexOf('?')) : "";
        String location = json.apiUrl() + "/repositories/" + repo.id + (rest == null ? "" : rest) + query;
        ObjectNode body = GitHubJson.JSON.createObjectNode().put("message", read ? "Moved Permanently" : "Temporary Redirect")
                .put("url", location).put("documentation_url", DOCS + "/using-the-rest-api/best-practices-for-using-the-rest-api#follow-redirects");
        return new Answer(read ? 301 : 307, body, Map.of("Location", location));
    }

    /** {@code a:write|b:write}: any of them. */
    private boolean permitted(String permission) {
        for (String alternative : permission.split("\\|")) {
            String[] parts = alternative.split(":");
            if (people.may(parts[0], parts[1])) {
                return true;
            }
        }
        return false;
    }

    private boolean authenticated(Request request) {
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.matches("(?i)(token|bearer) \\S+")) {
            return false;
        }
        return apps.accepts(authorization.substring(authorization.indexOf(' ') + 1).trim(), state.preciseNow());
    }

    private ResponseDefinition respond(Answer answer, boolean api) {
        ResponseDefinitionBuilder builder = ResponseDefinitionBuilder.responseDefinition().withStatus(answer.status());
        List<HttpHeader> headers = new ArrayList<>();
        if (api) {
            if (answer.headers().keySet().stream().noneMatch(h -> h.equalsIgnoreCase("X-RateLimit-Remaining"))) {
                long[] primary = limits.primary(state.preciseNow());
                headers.add(new HttpHeader("X-RateLimit-Limit", String.valueOf(primary[0])));
                headers.add(new HttpHeader("X-RateLimit-Remaining", String.valueOf(primary[1])));
                headers.add(new HttpHeader("X-RateLimit-Reset", String.valueOf(primary[2])));
                headers.add(new HttpHeader("X-RateLimit-Used", String.valueOf(primary[3])));
                headers.add(new HttpHeader("X-RateLimit-Resource", "core"));
            }
            headers.add(new HttpHeader("X-GitHub-Media-Type", "github.v3; format=json"));
            headers.add(new HttpHeader("X-GitHub-Api-Version-Selected", "2022-11-28"));
            headers.add(new HttpHeader("X-GitHub-Request-Id", requestId()));
            headers.add(new HttpHeader("Server", "github.com"));
            headers.add(new HttpHeader("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(state.now().atZone(ZoneOffset.UTC))));
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

    private static String requestId() {
        return UUID.randomUUID().toString().toUpperCase(Locale.ROOT).substring(0, 23).replace('-', ':');
    }

    /** A test's fault, answered with the headers and message GitHub sends for it. */
    private ResponseDefinition faultResponse(Fault fault) {
        Map<String, String> headers = new HashMap<>();
        String documentation = DOCS + "/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits";
        long[] primary = limits.primary(state.preciseNow());
        Map<String, String> remaining = Map.of("X-RateLimit-Limit", String.valueOf(primary[0]), "X-RateLimit-Remaining",
                String.valueOf(Math.max(1, primary[1])), "X-RateLimit-Reset", String.valueOf(primary[2]), "X-RateLimit-Used",
                String.valueOf(primary[3]), "X-RateLimit-Resource", "core");
        return switch (fault.kind) {
            case PRIMARY_RATE_LIMIT -> primaryLimit(fault.waitSeconds, 403);
            case PRIMARY_RATE_LIMIT_429 -> primaryLimit(fault.waitSeconds, 429);
            case SECONDARY_RATE_LIMIT -> {
                headers.putAll(remaining);
                headers.put("Retry-After", String.valueOf(fault.waitSeconds));
                yield respond(new Answer(403, json.error(403, SECONDARY + requestId() + ".", List.of(), documentation), headers), true);
            }
            case SECONDARY_MESSAGE_ONLY -> {
                headers.putAll(remaining);
                yield respond(new Answer(403, json.error(403, SECONDARY + requestId() + ".", List.of(), documentation), headers), true);
            }
            case SECONDARY_LIMITED_BY -> {
                headers.putAll(remaining);
                headers.put("gh-limited-by", "content-creation");
                headers.put("gh-limited-group", "api");
                yield respond(new Answer(403, json.error(403, SECONDARY + requestId() + ".", List.of(), documentation), headers), true);
            }
            case TOO_MANY_REQUESTS -> {
                headers.putAll(remaining);
                headers.put("Retry-After", String.valueOf(fault.waitSeconds));
                yield respond(new Answer(429, json.error(429, SECONDARY + requestId() + ".", List.of(), documentation), headers), true);
            }
            case TOO_MANY_REQUESTS_DATE -> {
                headers.putAll(remaining);
                headers.put("Retry-After", DateTimeFormatter.RFC_1123_DATE_TIME.format(state.now().plusSeconds(fault.waitSeconds)
                        .atZone(ZoneOffset.UTC)));
                yield respond(new Answer(429, json.error(429, SECONDARY + requestId() + ".", List.of(), documentation), headers), true);
            }
            case SERVER_ERROR -> respond(Answer.text(502, "Server Error"), false);
        };
    }

    /** The primary rate limit: {@code X-RateLimit-Remaining: 0} and the reset {@code waitSeconds} ahead (0: the window's). */
    private ResponseDefinition primaryLimit(long waitSeconds, int status) {
        long[] primary = limits.primary(state.preciseNow());
        long reset = waitSeconds > 0 ? state.now().getEpochSecond() + waitSeconds : primary[2];
        Map<String, String> headers = Map.of("X-RateLimit-Limit", String.valueOf(primary[0]), "X-RateLimit-Remaining", "0",
                "X-RateLimit-Used", String.valueOf(primary[0]), "X-RateLimit-Reset", String.valueOf(reset), "X-RateLimit-Resource", "core");
        return respond(new Answer(status, json.error(status, "API rate limit exceeded for installation. If you reach out to GitHub Support for"
                + " help, please include the request ID " + requestId() + ".", List.of(),
                DOCS + "/overview/rate-limits-for-the-rest-api#about-primary-rate-limits"), headers), true);
    }

    // ---- shared with the route classes -----------------------------------------------------------------

    /**
     * A repository's JSON, read under the sandbox's lock: it counts the open pull requests, which other callers
     * may be opening at that moment (read without the lock, that once answered a merge 500 with a
     * ConcurrentModificationException and its webhook was never sent).
     */
    ObjectNode repository(Repo repo) {
        synchronized (state) {
            return json.repository(repo);
        }
    }

    ObjectNode pull(Repo repo, Pull pull) {
        synchronized (state) {
            String baseSha = pull.merged ? state.git.commit(pull.mergeCommitSha).orElseThrow().parents().get(0)
                    : state.branchSha(repo, pull.base);
            return json.pull(repo, pull, baseSha, state.changedFiles(repo, pull).size());
        }
    }

    // ---- GitHub Apps ------------------------------------------------------------------------------------

    private Answer app(Call c) {
        long id = apps.verify(c.request().getHeader("Authorization"), state.preciseNow());
        String owner = state.repositories().isEmpty() ? "gds" : state.repositories().get(0).owner;
        ObjectNode node = GitHubJson.JSON.createObjectNode().put("id", id).put("slug", "aws-accounts").put("node_id", "A_" + id);
        node.set("owner", json.organization(owner));
        node.put("name", "aws-accounts").put("description", "AWS Account Management Service")
                .put("external_url", "https://github.com/" + owner).put("html_url", "https://github.com/apps/aws-accounts")
                .put("created_at", GitHubJson.time(state.now())).put("updated_at", GitHubJson.time(state.now()))
                .put("installations_count", 1);
        permissions(node.putObject("permissions"));
        node.putArray("events").add("pull_request");
        return Answer.json(200, node);
    }

    private Answer installation(Call c) {
        long appId = apps.verify(c.request().getHeader("Authorization"), state.preciseNow());
        long id = Long.parseLong(c.group(1));
        if (!apps.installationOf(appId, id)) {
            throw new GitHubError(404, "Not Found");
        }
        String base = c.request().getAbsoluteUrl().replaceFirst("/app/installations/.*$", "");
        String owner = state.repositories().isEmpty() ? "gds" : state.repositories().get(0).owner;
        ObjectNode node = GitHubJson.JSON.createObjectNode().put("id", id);
        node.set("account", json.organization(owner));
        node.put("repository_selection", "selected").put("access_tokens_url", base + "/app/installations/" + id + "/access_tokens")
                .put("repositories_url", base + "/installation/repositories")
                .put("html_url", "https://github.com/organizations/" + owner + "/settings/installations/" + id)
                .put("app_id", appId).put("app_slug", "aws-accounts").put("target_id", 1).put("target_type", "Organization");
        permissions(node.putObject("permissions"));
        node.putArray("events").add("pull_request");
        node.put("created_at", GitHubJson.time(state.now())).put("updated_at", GitHubJson.time(state.now()));
        node.putNull("single_file_name");
        node.putNull("suspended_at");
        return Answer.json(200, node);
    }

    private Answer installationToken(Call c) {
        long appId = apps.verify(c.request().getHeader("Authorization"), state.preciseNow());
        java.time.Instant expires = state.now().plusSeconds(3600);
        ObjectNode node = GitHubJson.JSON.createObjectNode().put("token", apps.installationToken(appId, Long.parseLong(c.group(1)), expires))
                .put("expires_at", GitHubJson.time(expires));
        permissions(node.putObject("permissions"));
        node.put("repository_selection", "selected");
        return Answer.json(201, node);
    }

    private void permissions(ObjectNode node) {
        for (String name : List.of("contents", "pull_requests", "issues", "metadata", "members", "repository_hooks")) {
            if (people.may(name, "write")) {
                node.put(name, "write");
            } else if (people.may(name, "read")) {
                node.put(name, "read");
            }
        }
    }

    /** A route's regex as the statistics name it: {@code /repos/{o}/{r}/git/refs}. */
    private static String template(String regex) {
        return regex.replace("/repos/([^/]+)/([^/]+)", "/repos/{owner}/{repo}").replace("([0-9]+)", "{n}").replace("([0-9a-f]{40})", "{sha}")
                .replace("(.+)", "{name}").replace("([^/]+)", "{name}").replace("(.*)", "{name}");
    }
}
