package uk.gov.gds.awsam.testsupport.github;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.http.Request;

import uk.gov.gds.awsam.testsupport.github.GitHubApi.Answer;
import uk.gov.gds.awsam.testsupport.github.SandboxState.Fault;
import uk.gov.gds.awsam.testsupport.github.SandboxState.GitHubError;
import uk.gov.gds.awsam.testsupport.github.SandboxState.Pull;
import uk.gov.gds.awsam.testsupport.github.SandboxState.Repo;

/**
 * What a person does on GitHub (merge, close, edit a file on a branch) and what a test inspects, both as
 * Java calls (for in-JVM tests, through {@link GitHubSandbox}) and as HTTP endpoints under
 * {@code /_sandbox} (for the standalone process). Merging and closing send the signed {@code pull_request}
 * webhook GitHub would.
 */
final class SandboxAdmin {

    static final String PREFIX = "/_sandbox";
    private static final Pattern REPO = Pattern.compile(PREFIX + "/repos/([^/]+)/([^/]+)");
    private static final Pattern PULLS = Pattern.compile(PREFIX + "/repos/([^/]+)/([^/]+)/pulls");
    private static final Pattern PULL = Pattern.compile(PREFIX + "/repos/([^/]+)/([^/]+)/pulls/([0-9]+)");
    private static final Pattern PULL_ACTION = Pattern.compile(PREFIX + "/repos/([^/]+)/([^/]+)/pulls/([0-9]+)/(merge|close)");
    private static final Pattern CONTENTS = Pattern.compile(PREFIX + "/repos/([^/]+)/([^/]+)/contents/(.+)");
    private static final Pattern REDELIVER = Pattern.compile(PREFIX + "/deliveries/([^/]+)/redeliver");
    private static final Pattern REVIEWS = Pattern.compile(PREFIX + "/repos/([^/]+)/([^/]+)/pulls/([0-9]+)/reviews");

    private final SandboxState state;
    private final GitHubJson json;
    private final SandboxRules rules;
    private final WebhookSender sender = new WebhookSender();
    private final List<WebhookDelivery> deliveries = new ArrayList<>();
    private volatile String webhookUrl;
    private volatile String webhookSecret;
    private volatile WebhookSender.ContentType contentType = WebhookSender.ContentType.JSON;
    private volatile List<String> webhookEvents = List.of("pull_request");
    private volatile boolean appWebhook;
    /** Repositories whose webhook signs with another secret than {@link #webhookSecret}, and those without a webhook. */
    private final Map<String, String> hookSecrets = new java.util.concurrent.ConcurrentHashMap<>();
    private final Set<String> withoutHook = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Map<String, java.time.Instant> deliveredAt = new java.util.concurrent.ConcurrentHashMap<>();
    /** GitHub answers a ping 204 at once and delivers it afterwards. */
    private final java.util.concurrent.ExecutorService later = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "github-sandbox-pings");
        thread.setDaemon(true);
        return thread;
    });
    private GitHubApi api;

    SandboxAdmin(SandboxState state, GitHubJson json, SandboxRules rules) {
        this.state = state;
        this.json = json;
        this.rules = rules;
    }

    void attach(GitHubApi api) {
        this.api = api;
    }

    void webhook(String url, String secret) {
        this.webhookUrl = url;
        this.webhookSecret = secret;
    }

    /** The content type deliveries are sent in, and the events the webhook is subscribed to (what a ping reports). */
    void webhookFormat(WebhookSender.ContentType type, List<String> events) {
        this.contentType = type;
        this.webhookEvents = List.copyOf(events);
    }

    String webhookUrl() {
        return webhookUrl;
    }

    String webhookSecret() {
        return webhookSecret;
    }

    void clearDeliveries() {
        synchronized (deliveries) {
            deliveries.clear();
        }
        deliveredAt.clear();
        appWebhook = false;
        hookSecrets.clear();
        withoutHook.clear();
    }

    /** The repository's webhook signs with {@code secret} (a webhook made with another secret than pr-service's). */
    void hookSecret(String repository, String secret) {
        hookSecrets.put(repo(repository).fullName(), secret);
    }

    /** The repository has no webhook (nobody made it, or it was deleted): nothing is delivered from it. */
    void withoutHook(String repository) {
        withoutHook.add(repo(repository).fullName());
    }

    /** A repository renamed or transferred: its hook's secret and whether it has a hook go with it, as on GitHub. */
    void renamed(String from, String to) {
        String secret = hookSecrets.remove(from);
        if (secret != null) {
            hookSecrets.put(to, secret);
        }
        if (withoutHook.remove(from)) {
            withoutHook.add(to);
        }
    }

    private String secretFor(Repo repo) {
        return hookSecrets.getOrDefault(repo.fullName(), webhookSecret);
    }

    private boolean hasHook(Repo repo) {
        return webhookUrl != null && !appWebhook && !withoutHook.contains(repo.fullName());
    }

    /**
     * Deliveries go through the GitHub App's own webhook (App settings → Webhook) instead of the repositories':
     * the repositories list no webhook, {@code GET /app/hook/config} shows it and {@code GET /app/hook/deliveries}
     * lists every delivery. GitHub offers no ping endpoint for it.
     */
    void appWebhook(boolean on) {
        this.appWebhook = on;
    }

    /** {@code GET /app/hook/config} ("Get a webhook configuration for an app"): content_type, insecure_ssl, url, secret as ********. */
    ObjectNode appHookConfig() {
        if (!appWebhook || webhookUrl == null) {
            throw new GitHubError(404, "Not Found");
        }
        ObjectNode config = GitHubJson.JSON.createObjectNode().put("content_type", "json").put("insecure_ssl", "0").put("url", webhookUrl);
        if (webhookSecret != null) {
            config.put("secret", "********");
        }
        return config;
    }

    /** {@code GET /app/hook/deliveries}: every delivery sent, newest first, in the same shape as a repository webhook's. */
    ArrayNode appHookDeliveries() {
        appHookConfig();
        List<JsonNode> items = new ArrayList<>();
        for (Repo repo : state.repositories()) {
            deliveryItems(repo).forEach(items::add);
        }
        items.sort((a, b) -> Long.compare(b.path("id").asLong(), a.path("id").asLong()));
        ArrayNode list = GitHubJson.JSON.createArrayNode();
        items.forEach(list::add);
        return list;
    }

    /**
     * The repository's webhook as {@code GET /repos/{o}/{r}/hooks} shows it ("Get a repository webhook"): type, id,
     * name {@code web}, active, events, {@code config} (content_type, insecure_ssl, url, and {@code secret} as
     * {@code ********} when one is set: GitHub never shows it), the API URLs and the last response.
     */
    ObjectNode hookJson(Repo repo, boolean showSecret) {
        ObjectNode hook = GitHubJson.JSON.createObjectNode().put("type", "Repository").put("id", WebhookSender.HOOK_ID).put("name", "web")
                .put("active", true);
        ArrayNode events = hook.putArray("events");
        webhookEvents.forEach(events::add);
        ObjectNode config = hook.putObject("config").put("content_type", contentType == WebhookSender.ContentType.JSON ? "json" : "form")
                .put("insecure_ssl", "0").put("url", String.valueOf(webhookUrl));
        if (showSecret && secretFor(repo) != null) {
            config.put("secret", "********");
        }
        String api = json.apiUrl() + "/repos/" + repo.fullName() + "/hooks/" + WebhookSender.HOOK_ID;
        hook.put("updated_at", GitHubJson.time(repo.createdAt)).put("created_at", GitHubJson.time(repo.createdAt)).put("url", api)
                .put("test_url", api + "/test").put("ping_url", api + "/pings").put("deliveries_url", api + "/deliveries");
        ObjectNode last = hook.putObject("last_response");
        Optional<WebhookDelivery> latest = hookDeliveryList(repo).stream().findFirst();
        if (latest.isPresent()) {
            last.put("code", Math.max(latest.get().status(), 0)).put("status", deliveryStatus(latest.get())).putNull("message");
        } else {
            last.putNull("code").put("status", "unused").putNull("message");
        }
        return hook;
    }

    /** {@code GET /repos/{o}/{r}/hooks}: the repository's webhooks (none, or the one). */
    ArrayNode hooks(Repo repo) {
        ArrayNode list = GitHubJson.JSON.createArrayNode();
        if (hasHook(repo)) {
            list.add(hookJson(repo, true));
        }
        return list;
    }

    /** {@code GET /repos/{o}/{r}/hooks/{id}}; 404 as GitHub answers for a hook the repository does not have. */
    ObjectNode hook(Repo repo, long id) {
        if (!hasHook(repo) || id != WebhookSender.HOOK_ID) {
            throw new GitHubError(404, "Not Found");
        }
        return hookJson(repo, true);
    }

    /** {@code POST /repos/{o}/{r}/hooks/{id}/pings}: answered 204 at once; the {@code ping} is delivered afterwards, as GitHub does. */
    void pingLater(Repo repo, long id) {
        hook(repo, id);
        later.execute(() -> ping(repo.fullName()));
    }

    /**
     * {@code GET /repos/{o}/{r}/hooks/{id}/deliveries}, newest first, in GitHub's "simple webhook delivery" shape: id,
     * guid (the {@code X-GitHub-Delivery}), delivered_at, redelivery, duration, status ("OK", or what went wrong),
     * status_code (0 when the receiver could not be reached), event, action, installation_id, repository_id, throttled_at.
     */
    ArrayNode hookDeliveries(Repo repo, long id) {
        hook(repo, id);
        return deliveryItems(repo);
    }

    private ArrayNode deliveryItems(Repo repo) {
        ArrayNode list = GitHubJson.JSON.createArrayNode();
        List<WebhookDelivery> all = deliveries();
        for (WebhookDelivery delivery : hookDeliveryList(repo)) {
            int index = indexOf(all, delivery);
            boolean redelivery = false;
            for (int i = 0; i < index; i++) {
                redelivery |= all.get(i).id().equals(delivery.id()) && all.get(i).status() != 0;
            }
            ObjectNode node = list.addObject().put("id", 1_000_000L + index).put("guid", delivery.id())
                    .put("delivered_at", GitHubJson.time(deliveredAt.getOrDefault(delivery.id(), state.now()))).put("redelivery", redelivery)
                    .put("duration", 0.05).put("status", deliveryStatus(delivery)).put("status_code", Math.max(delivery.status(), 0))
                    .put("event", delivery.event());
            String action = action(delivery);
            if (action == null) {
                node.putNull("action");
            } else {
                node.put("action", action);
            }
            node.putNull("installation_id");
            node.put("repository_id", repo.id);
            node.putNull("throttled_at");
        }
        return list;
    }

    private static int indexOf(List<WebhookDelivery> all, WebhookDelivery delivery) {
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i) == delivery) {
                return i;
            }
        }
        return -1;
    }

    private List<WebhookDelivery> hookDeliveryList(Repo repo) {
        List<WebhookDelivery> sent = new ArrayList<>();
        for (WebhookDelivery delivery : deliveries()) {
            if (delivery.status() != 0 && String.valueOf(repo.id).equals(delivery.headers().get("X-GitHub-Hook-Installation-Target-ID"))) {
                sent.add(0, delivery);
            }
        }
        return sent;
    }

    /** GitHub's words for a delivery's outcome: "OK" for a 2xx, else the receiver's status or the connection's failure. */
    private static String deliveryStatus(WebhookDelivery delivery) {
        if (delivery.status() >= 200 && delivery.status() < 300) {
            return "OK";
        }
        return delivery.status() < 0 ? "failed to connect to host" : "Invalid HTTP Response: " + delivery.status();
    }

    private static String action(WebhookDelivery delivery) {
        try {
            String text = delivery.payloadText();
            if (text.startsWith("payload=")) {
                text = java.net.URLDecoder.decode(text.substring(8), StandardCharsets.UTF_8);
            }
            JsonNode action = GitHubJson.JSON.readTree(text).path("action");
            return action.isTextual() ? action.asText() : null;
        } catch (java.io.IOException | RuntimeException unreadable) {
            return null;
        }
    }

    // ---- operations -----------------------------------------------------------------------------------

    WebhookDelivery merge(String repository, int number, String mergedBy, boolean deliver) {
        Repo repo = repo(repository);
        Pull pull = state.merge(repo, number, mergedBy, null);
        return deliver ? deliver(repo, pull, "closed", mergedBy) : undelivered(repo, pull, "closed", mergedBy);
    }

    WebhookDelivery close(String repository, int number, String closedBy, boolean deliver) {
        Repo repo = repo(repository);
        Pull pull = state.close(repo, number, closedBy);
        return deliver ? deliver(repo, pull, "closed", closedBy) : undelivered(repo, pull, "closed", closedBy);
    }

    /** Builds the {@code pull_request} payload GitHub would send for this action and posts it, signed. */
    WebhookDelivery deliver(Repo repo, Pull pull, String action, String sender) {
        WebhookDelivery prepared = undelivered(repo, pull, action, sender);
        return post(prepared.id(), prepared.event(), prepared.payload());
    }

    private WebhookDelivery undelivered(Repo repo, Pull pull, String action, String sender) {
        byte[] body = contentType.body(payload(repo, pull, action, sender));
        String id = WebhookSender.newDeliveryId();
        WebhookDelivery delivery = new WebhookDelivery(id, "pull_request",
                WebhookSender.headers(id, "pull_request", body, secretFor(repo), repo.id, contentType), body, 0, "not delivered");
        record(delivery);
        return delivery;
    }

    /**
     * GitHub's {@code ping}, sent when a webhook is made (or "Redeliver"ed): {@code zen}, {@code hook_id} and the
     * {@code hook} with its events and content type, the repository and the sender.
     */
    WebhookDelivery ping(String repository) {
        Repo repo = repo(repository);
        ObjectNode payload = GitHubJson.JSON.createObjectNode().put("zen", "Keep it logically awesome.").put("hook_id", WebhookSender.HOOK_ID);
        payload.set("hook", hookJson(repo, false));
        payload.set("repository", api.repository(repo));
        payload.set("sender", json.user(SandboxState.BOT_LOGIN));
        byte[] body = contentType.body(payload.toString().getBytes(StandardCharsets.UTF_8));
        String id = WebhookSender.newDeliveryId();
        WebhookDelivery sent = sender.send(webhookUrl, id, "ping", WebhookSender.headers(id, "ping", body, secretFor(repo), repo.id, contentType),
                body);
        record(sent);
        return sent;
    }

    byte[] payload(Repo repo, Pull pull, String action, String sender) {
        ObjectNode payload = GitHubJson.JSON.createObjectNode().put("action", action).put("number", pull.number);
        payload.set("pull_request", api.pull(repo, pull));
        payload.set("repository", api.repository(repo));
        payload.set("organization", json.organization(repo.owner));
        payload.set("sender", json.user(sender));
        return payload.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Sends again a delivery already sent, byte for byte and with the same delivery id, as GitHub's "Redeliver". */
    WebhookDelivery redeliver(String deliveryId) {
        WebhookDelivery original = delivery(deliveryId).orElseThrow(() -> new GitHubError(404, "no delivery " + deliveryId));
        return post(original.id(), original.event(), original.payload());
    }

    private WebhookDelivery post(String id, String event, byte[] payload) {
        long targetId = deliveries().stream().filter(d -> d.id().equals(id)).findFirst()
                .map(d -> Long.parseLong(d.headers().getOrDefault("X-GitHub-Hook-Installation-Target-ID", "0"))).orElse(0L);
        WebhookSender.ContentType type = payload.length > 8 && new String(payload, 0, 8, StandardCharsets.US_ASCII).equals("payload=")
                ? WebhookSender.ContentType.FORM : WebhookSender.ContentType.JSON;
        Map<String, String> headers = WebhookSender.headers(id, event, payload, webhookSecret, targetId, type);
        WebhookDelivery sent = sender.send(webhookUrl, id, event, headers, payload);
        record(sent);
        return sent;
    }

    private void record(WebhookDelivery delivery) {
        if (delivery.status() != 0) {
            deliveredAt.put(delivery.id(), state.now());
        }
        synchronized (deliveries) {
            deliveries.removeIf(d -> d.id().equals(delivery.id()) && d.status() == 0);
            deliveries.add(delivery);
        }
    }

    List<WebhookDelivery> deliveries() {
        synchronized (deliveries) {
            return List.copyOf(deliveries);
        }
    }

    Optional<WebhookDelivery> delivery(String id) {
        List<WebhookDelivery> all = deliveries();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).id().equals(id)) {
                return Optional.of(all.get(i));
            }
        }
        return Optional.empty();
    }

    Repo repo(String fullName) {
        String[] parts = fullName.split("/", 2);
        if (parts.length != 2) {
            throw new GitHubError(404, "Not Found");
        }
        return state.repo(parts[0], parts[1]);
    }

    // ---- HTTP -----------------------------------------------------------------------------------------

    Answer handle(String method, String path, Request request) {
        Matcher m;
        JsonNode body = body(request);
        if (method.equals("POST") && path.equals(PREFIX + "/reset")) {
            state.reset();
            rules.reset();
            clearDeliveries();
            return Answer.json(200, GitHubJson.JSON.createObjectNode().put("reset", true));
        }
        Optional<Answer> strict = strictness(method, path, body);
        if (strict.isPresent()) {
            return strict.get();
        }
        if (method.equals("POST") && (m = REVIEWS.matcher(path)).matches()) {
            Repo repo = state.repo(m.group(1), m.group(2));
            review(repo.fullName(), Integer.parseInt(m.group(3)), text(body, "login", "reviewer"), text(body, "state", "APPROVED"));
            return Answer.json(201, view(repo, state.pull(repo, Integer.parseInt(m.group(3)))));
        }
        if (method.equals("GET") && path.equals(PREFIX + "/repos")) {
            ArrayNode list = GitHubJson.JSON.createArrayNode();
            state.repositories().forEach(r -> list.add(r.fullName()));
            return Answer.json(200, list);
        }
        if (method.equals("POST") && path.equals(PREFIX + "/repos")) {
            Repo repo = state.createRepository(text(body, "fullName", null), text(body, "defaultBranch", "main"));
            return Answer.json(201, api.repository(repo));
        }
        if (method.equals("PUT") && path.equals(PREFIX + "/webhook")) {
            webhook(text(body, "url", webhookUrl), text(body, "secret", webhookSecret));
            List<String> events = new ArrayList<>();
            body.path("events").forEach(e -> events.add(e.asText()));
            webhookFormat(text(body, "contentType", "json").equalsIgnoreCase("form") ? WebhookSender.ContentType.FORM
                    : WebhookSender.ContentType.JSON, events.isEmpty() ? webhookEvents : events);
            return Answer.json(200, GitHubJson.JSON.createObjectNode().put("url", webhookUrl).put("contentType", contentType.header()));
        }
        if (method.equals("POST") && path.equals(PREFIX + "/webhook/ping")) {
            return Answer.json(200, deliveryJson(ping(text(body, "repository", state.repositories().get(0).fullName()))));
        }
        if (method.equals("POST") && path.equals(PREFIX + "/faults")) {
            int count = body.path("count").asInt(1);
            state.addFault(new Fault(text(body, "method", null), Pattern.compile(text(body, "path", ".*")),
                    FaultKind.valueOf(text(body, "kind", FaultKind.SECONDARY_RATE_LIMIT.name())), body.path("waitSeconds").asLong(1), count));
            return Answer.json(201, GitHubJson.JSON.createObjectNode().put("count", count));
        }
        if (method.equals("GET") && path.equals(PREFIX + "/deliveries")) {
            ArrayNode list = GitHubJson.JSON.createArrayNode();
            deliveries().forEach(d -> list.add(deliveryJson(d)));
            return Answer.json(200, list);
        }
        if (method.equals("POST") && (m = REDELIVER.matcher(path)).matches()) {
            return Answer.json(200, deliveryJson(redeliver(m.group(1))));
        }
        if (method.equals("GET") && (m = PULLS.matcher(path)).matches()) {
            Repo repo = state.repo(m.group(1), m.group(2));
            ArrayNode list = GitHubJson.JSON.createArrayNode();
            state.pulls(repo, "all", null, null).forEach(p -> list.add(view(repo, p)));
            return Answer.json(200, list);
        }
        if (method.equals("GET") && (m = PULL.matcher(path)).matches()) {
            Repo repo = state.repo(m.group(1), m.group(2));
            return Answer.json(200, view(repo, state.pull(repo, Integer.parseInt(m.group(3)))));
        }
        if (method.equals("POST") && (m = PULL_ACTION.matcher(path)).matches()) {
            String repository = m.group(1) + "/" + m.group(2);
            int number = Integer.parseInt(m.group(3));
            boolean deliver = body.path("deliver").asBoolean(true);
            WebhookDelivery delivery = m.group(4).equals("merge")
                    ? merge(repository, number, text(body, "mergedBy", "reviewer"), deliver)
                    : close(repository, number, text(body, "closedBy", "reviewer"), deliver);
            Repo repo = repo(repository);
            ObjectNode answer = view(repo, state.pull(repo, number));
            answer.set("delivery", deliveryJson(delivery));
            return Answer.json(200, answer);
        }
        if ((m = CONTENTS.matcher(path)).matches()) {
            Repo repo = state.repo(m.group(1), m.group(2));
            String file = m.group(3);
            String ref = request.queryParameter("ref").isPresent() ? request.queryParameter("ref").firstValue()
                    : request.queryParameter("branch").isPresent() ? request.queryParameter("branch").firstValue() : repo.defaultBranch;
            if (method.equals("GET")) {
                return file(repo, ref, file).map(text -> Answer.text(200, text))
                        .orElseGet(() -> Answer.json(404, json.error(404, "Not Found")));
            }
            if (method.equals("PUT") || method.equals("DELETE")) {
                Map<String, String> change = new LinkedHashMap<>();
                change.put(file, method.equals("PUT") ? request.getBodyAsString() : null);
                String author = request.getHeader("X-Sandbox-Author") != null ? request.getHeader("X-Sandbox-Author") : "reviewer";
                var commit = state.commitFiles(repo, ref, change, (method.equals("PUT") ? "Update " : "Delete ") + file, author);
                return Answer.json(200, GitHubJson.JSON.createObjectNode().put("sha", commit.sha()));
            }
        }
        if (method.equals("GET") && (m = REPO.matcher(path)).matches()) {
            return Answer.json(200, api.repository(state.repo(m.group(1), m.group(2))));
        }
        return Answer.json(404, json.error(404, "The GitHub sandbox has no admin endpoint " + method + " " + path));
    }

    /** A reviewer's review of a pull request (what {@code GET /pulls/{n}/reviews} then lists). */
    void review(String repository, int number, String login, String reviewState) {
        Repo repo = repo(repository);
        synchronized (state) {
            Pull pull = state.pull(repo, number);
            pull.reviews.put(login, reviewState);
            pull.requestedReviewers.removeIf(r -> r.equalsIgnoreCase(login));
        }
    }

    /** The admin endpoints of the strict rules: people, teams, permissions, rulesets, limits, statistics, Apps. */
    private Optional<Answer> strictness(String method, String path, JsonNode body) {
        ObjectNode ok = GitHubJson.JSON.createObjectNode().put("ok", true);
        switch (method + " " + path.substring(PREFIX.length())) {
            case "POST /collaborators" -> rules.people().collaborator(text(body, "repository", null), text(body, "login", null));
            case "POST /users" -> rules.people().user(text(body, "login", null));
            case "PUT /hooks" -> {
                if (body.path("absent").asBoolean(false)) {
                    withoutHook(text(body, "repository", null));
                } else {
                    hookSecret(text(body, "repository", null), text(body, "secret", webhookSecret));
                }
            }
            case "POST /teams" -> {
                Set<String> repositories = new java.util.TreeSet<>();
                body.path("repositories").forEach(r -> repositories.add(r.asText()));
                rules.people().team(text(body, "org", null), text(body, "slug", null), repositories);
            }
            case "PUT /permissions" -> {
                Set<String> granted = new java.util.LinkedHashSet<>();
                (body.isArray() ? body : body.path("permissions")).forEach(p -> granted.add(p.asText()));
                rules.people().permissions(granted);
            }
            case "POST /rulesets" -> {
                List<String> include = new ArrayList<>();
                body.path("include").forEach(p -> include.add(p.asText()));
                Set<SandboxRulesets.Rule> forbidden = java.util.EnumSet.noneOf(SandboxRulesets.Rule.class);
                body.path("rules").forEach(r -> forbidden.add(SandboxRulesets.Rule.valueOf(r.asText().toUpperCase(java.util.Locale.ROOT))));
                rules.rulesets().add(text(body, "repository", null), text(body, "name", "ruleset"), include, forbidden);
            }
            case "PUT /limits" -> {
                SandboxLimits.Limits github = SandboxLimits.Limits.github();
                rules.limits().enforce(new SandboxLimits.Limits(body.path("contentPerMinute").asInt(github.contentPerMinute()),
                        body.path("contentPerHour").asInt(github.contentPerHour()),
                        java.time.Duration.ofMillis(body.path("minuteWindowMillis").asLong(github.minuteWindow().toMillis())),
                        java.time.Duration.ofMillis(body.path("hourWindowMillis").asLong(github.hourWindow().toMillis())),
                        body.path("pointsPerMinute").asInt(github.pointsPerMinute()), body.path("primaryPerHour").asInt(github.primaryPerHour())));
            }
            case "DELETE /limits" -> rules.limits().enforce(null);
            case "GET /stats" -> {
                SandboxLimits.Stats stats = rules.limits().stats();
                ObjectNode node = GitHubJson.JSON.createObjectNode().put("calls", stats.calls()).put("contentCalls", stats.contentCalls())
                        .put("overLimit", stats.overLimit());
                ObjectNode byRoute = node.putObject("byRoute");
                stats.byRoute().forEach(byRoute::put);
                return Optional.of(Answer.json(200, node));
            }
            case "POST /apps" -> {
                try {
                    String pem = text(body, "publicKeyPem", "").replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
                    java.security.PublicKey key = java.security.KeyFactory.getInstance("RSA")
                            .generatePublic(new java.security.spec.X509EncodedKeySpec(java.util.Base64.getDecoder().decode(pem)));
                    rules.apps().register(body.path("id").asLong(), key, body.path("installationId").asLong());
                } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
                    throw new GitHubError(422, "publicKeyPem: not an RSA public key in PEM (" + e.getMessage() + ")");
                }
            }
            default -> {
                return Optional.empty();
            }
        }
        return Optional.of(Answer.json(200, ok));
    }

    Optional<String> file(Repo repo, String ref, String path) {
        synchronized (state) {
            String sha = state.resolve(repo, ref);
            return state.git.read(sha, path).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
        }
    }

    /** A pull request as a test wants to see it: GitHub's fields plus the files it changes, with content. */
    ObjectNode view(Repo repo, Pull pull) {
        ObjectNode node = api.pull(repo, pull);
        ObjectNode files = node.putObject("sandbox_files");
        state.changedFiles(repo, pull).forEach(files::put);
        return node;
    }

    private static ObjectNode deliveryJson(WebhookDelivery delivery) {
        ObjectNode node = GitHubJson.JSON.createObjectNode().put("id", delivery.id()).put("event", delivery.event())
                .put("status", delivery.status()).put("response", delivery.response());
        ObjectNode headers = node.putObject("headers");
        delivery.headers().forEach(headers::put);
        node.put("payload", delivery.payloadText());
        return node;
    }

    private static JsonNode body(Request request) {
        try {
            String type = request.getHeader("Content-Type");
            byte[] body = request.getBody();
            if (body == null || body.length == 0 || (type != null && !type.contains("json"))) {
                return GitHubJson.JSON.createObjectNode();
            }
            return GitHubJson.JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new GitHubError(400, "Problems parsing JSON");
        }
    }

    private static String text(JsonNode body, String field, String fallback) {
        return body.hasNonNull(field) ? body.get(field).asText() : fallback;
    }
}
