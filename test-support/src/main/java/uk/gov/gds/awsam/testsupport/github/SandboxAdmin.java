package uk.gov.gds.awsam.testsupport.github;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    private final SandboxState state;
    private final GitHubJson json;
    private final WebhookSender sender = new WebhookSender();
    private final List<WebhookDelivery> deliveries = new ArrayList<>();
    private volatile String webhookUrl;
    private volatile String webhookSecret;
    private GitHubApi api;

    SandboxAdmin(SandboxState state, GitHubJson json) {
        this.state = state;
        this.json = json;
    }

    void attach(GitHubApi api) {
        this.api = api;
    }

    void webhook(String url, String secret) {
        this.webhookUrl = url;
        this.webhookSecret = secret;
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
        byte[] payload = payload(repo, pull, action, sender);
        String id = WebhookSender.newDeliveryId();
        WebhookDelivery delivery = new WebhookDelivery(id, "pull_request",
                WebhookSender.headers(id, "pull_request", payload, webhookSecret, repo.id), payload, 0, "not delivered");
        record(delivery);
        return delivery;
    }

    byte[] payload(Repo repo, Pull pull, String action, String sender) {
        ObjectNode payload = GitHubJson.JSON.createObjectNode().put("action", action).put("number", pull.number);
        payload.set("pull_request", api.pull(repo, pull));
        payload.set("repository", json.repository(repo));
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
        Map<String, String> headers = WebhookSender.headers(id, event, payload, webhookSecret, targetId);
        WebhookDelivery sent = sender.send(webhookUrl, id, event, headers, payload);
        record(sent);
        return sent;
    }

    private void record(WebhookDelivery delivery) {
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
            clearDeliveries();
            return Answer.json(200, GitHubJson.JSON.createObjectNode().put("reset", true));
        }
        if (method.equals("GET") && path.equals(PREFIX + "/repos")) {
            ArrayNode list = GitHubJson.JSON.createArrayNode();
            state.repositories().forEach(r -> list.add(r.fullName()));
            return Answer.json(200, list);
        }
        if (method.equals("POST") && path.equals(PREFIX + "/repos")) {
            Repo repo = state.createRepository(text(body, "fullName", null), text(body, "defaultBranch", "main"));
            return Answer.json(201, json.repository(repo));
        }
        if (method.equals("PUT") && path.equals(PREFIX + "/webhook")) {
            webhook(text(body, "url", null), text(body, "secret", null));
            return Answer.json(200, GitHubJson.JSON.createObjectNode().put("url", webhookUrl));
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
            return Answer.json(200, json.repository(state.repo(m.group(1), m.group(2))));
        }
        return Answer.json(404, json.error(404, "The GitHub sandbox has no admin endpoint " + method + " " + path));
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
