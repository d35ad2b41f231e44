package uk.gov.gds.awsam.testsupport.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import uk.gov.gds.awsam.testsupport.registry.RegistryStore.Content;
import uk.gov.gds.awsam.testsupport.registry.RegistryStore.IfExists;
import uk.gov.gds.awsam.testsupport.registry.RegistryStore.Version;

/**
 * A STAND-IN for Apicurio Registry 3, not Apicurio itself: no runnable Apicurio artifact resolves from
 * the Maven repository reachable here (DESIGN.md §6). It serves, in memory, the part of the Apicurio v3
 * REST API that the Apicurio 3 Avro serdes call: create-or-find an artifact version, search versions by
 * content, and fetch content and references by globalId, contentId, content hash or coordinates; and the global
 * rules of the admin API ({@code /admin/rules}: list, create, read, update, delete, answered as Apicurio 3's
 * AdminResourceImpl answers, 404 {@code RuleNotFoundException} when a rule is not set), so a preflight can read the
 * global COMPATIBILITY rule. It keeps the rules (in memory only) but does not enforce them (no compatibility checks:
 * those run in the schemas build). Point
 * {@code APICURIO_REGISTRY_URL} at a real registry to use one instead.
 *
 * <p>Run on its own: {@code java -cp ... uk.gov.gds.awsam.testsupport.registry.RegistryStandIn --port 8081
 * [--data registry.json]}; with {@code --data} it keeps what it holds across restarts.
 */
public final class RegistryStandIn implements AutoCloseable {

    public static final String API_PATH = "/apis/registry/v3";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(RegistryStandIn.class.getName());
    private static final Pattern CREATE = Pattern.compile(API_PATH + "/groups/([^/]+)/artifacts");
    private static final Pattern VERSIONS = Pattern.compile(API_PATH + "/groups/([^/]+)/artifacts/([^/]+)/versions");
    private static final Pattern VERSION = Pattern.compile(
            API_PATH + "/groups/([^/]+)/artifacts/([^/]+)/versions/([^/]+)(/content|/references)?");
    private static final Pattern BY_ID = Pattern.compile(
            API_PATH + "/ids/(globalIds|contentIds|contentHashes)/([^/]+)(/references)?");

    private static final Pattern RULE = Pattern.compile(API_PATH + "/admin/rules/([^/]+)");
    /** Apicurio 3's rule types ({@code io.apicurio.registry.types.RuleType}). */
    private static final Set<String> RULE_TYPES = Set.of("VALIDITY", "COMPATIBILITY", "INTEGRITY");

    private final RegistryStore store;
    private final Map<String, String> globalRules = new ConcurrentSkipListMap<>();
    private final HttpServer server;
    private final ExecutorService executor;

    private RegistryStandIn(RegistryStore store, HttpServer server, ExecutorService executor) {
        this.store = store;
        this.server = server;
        this.executor = executor;
    }

    /** Starts a stand-in on 127.0.0.1 that keeps its schemas in memory; port 0 picks a free port. */
    public static RegistryStandIn start(int port) throws IOException {
        return start(port, null);
    }

    /**
     * Starts a stand-in on 127.0.0.1; port 0 picks a free port. With a data file, what it holds is loaded
     * from there and written back after every change, so a restart keeps every id it gave.
     */
    public static RegistryStandIn start(int port, java.nio.file.Path dataFile) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "registry-stand-in");
            thread.setDaemon(true);
            return thread;
        });
        RegistryStandIn standIn = new RegistryStandIn(new RegistryStore(dataFile), server, executor);
        server.createContext("/", standIn::handle);
        server.setExecutor(executor);
        server.start();
        return standIn;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The base URL the serdes take as {@code apicurio.registry.url}. */
    public String url() {
        return "http://127.0.0.1:" + port() + API_PATH;
    }

    /**
     * Sets a global rule, as an administrator does with {@code POST /admin/rules} (or Apicurio's
     * {@code APICURIO_RULES_GLOBAL_<RULE>} setting, as deploy/k8s does), e.g. {@code ("COMPATIBILITY", "BACKWARD")}.
     */
    public void setGlobalRule(String ruleType, String config) {
        if (!RULE_TYPES.contains(ruleType)) {
            throw new IllegalArgumentException(ruleType + " is not an Apicurio rule type: " + RULE_TYPES);
        }
        globalRules.put(ruleType, config);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    public static void main(String[] args) throws Exception {
        int port = 8081;
        java.nio.file.Path data = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--port") && i + 1 < args.length) {
                port = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--data") && i + 1 < args.length) {
                data = java.nio.file.Path.of(args[++i]);
            }
        }
        RegistryStandIn standIn = start(port, data);
        System.out.println("Schema registry STAND-IN (not Apicurio; Apicurio v3 API subset) listening on " + standIn.url());
        Runtime.getRuntime().addShutdownHook(new Thread(standIn::close));
        Thread.currentThread().join();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            String path = uri.getPath();
            Map<String, String> query = query(uri.getRawQuery());
            String method = exchange.getRequestMethod();
            Matcher m;
            if (method.equals("GET") && path.equals(API_PATH + "/system/info")) {
                json(exchange, 200, JSON.createObjectNode()
                        .put("name", "aws-accounts schema registry stand-in (not Apicurio)")
                        .put("description", "In-memory subset of the Apicurio Registry v3 API used by the Avro serdes")
                        .put("version", "3-stand-in"));
            } else if (method.equals("POST") && (m = CREATE.matcher(path)).matches()) {
                createArtifact(exchange, decode(m.group(1)), query);
            } else if (method.equals("GET") && (m = CREATE.matcher(path)).matches()) {
                listArtifacts(exchange, decode(m.group(1)));
            } else if (method.equals("POST") && path.equals(API_PATH + "/search/versions")) {
                searchVersions(exchange, query);
            } else if (method.equals("GET") && (m = VERSIONS.matcher(path)).matches()) {
                listVersions(exchange, decode(m.group(1)), decode(m.group(2)));
            } else if (method.equals("GET") && (m = VERSION.matcher(path)).matches()) {
                getVersion(exchange, decode(m.group(1)), decode(m.group(2)), decode(m.group(3)), m.group(4));
            } else if (method.equals("GET") && (m = BY_ID.matcher(path)).matches()) {
                getById(exchange, m.group(1), decode(m.group(2)), m.group(3) != null,
                        "DEREFERENCE".equals(query.get("references")));
            } else if (path.equals(API_PATH + "/admin/rules")) {
                globalRules(exchange, method);
            } else if ((m = RULE.matcher(path)).matches()) {
                globalRule(exchange, method, decode(m.group(1)));
            } else {
                problem(exchange, 404, "NotFound", "The registry stand-in does not serve " + method + " " + path);
            }
        } catch (RuntimeException | IOException failure) {
            problem(exchange, 500, failure.getClass().getSimpleName(), String.valueOf(failure.getMessage()));
        }
    }

    /** {@code /admin/rules}: GET the rule types set, POST {ruleType, config} (204; 409 when set), DELETE them all. */
    private void globalRules(HttpExchange exchange, String method) throws IOException {
        switch (method) {
            case "GET" -> {
                var list = JSON.createArrayNode();
                globalRules.keySet().forEach(list::add);
                json(exchange, 200, list);
            }
            case "POST" -> {
                JsonNode body = JSON.readTree(readBody(exchange));
                String ruleType = text(body, "ruleType");
                String config = text(body, "config");
                if (ruleType == null) {
                    problem(exchange, 400, "MissingRequiredParameterException", "Request is missing a required parameter: ruleType");
                } else if (!RULE_TYPES.contains(ruleType)) {
                    problem(exchange, 400, "BadRequestException", "Unknown rule type: " + ruleType);
                } else if (config == null || config.isBlank()) {
                    problem(exchange, 400, "MissingRequiredParameterException", "Request is missing a required parameter: config");
                } else if (globalRules.putIfAbsent(ruleType, config) != null) {
                    problem(exchange, 409, "RuleAlreadyExistsException", "A rule named '" + ruleType + "' already exists.");
                } else {
                    send(exchange, 204, "application/json", new byte[0]);
                }
            }
            case "DELETE" -> {
                globalRules.clear();
                send(exchange, 204, "application/json", new byte[0]);
            }
            default -> problem(exchange, 405, "NotAllowedException", "HTTP 405 Method Not Allowed");
        }
    }

    /** {@code /admin/rules/{ruleType}}: GET {ruleType, config}, PUT a new config, DELETE; 404 when the rule is not set. */
    private void globalRule(HttpExchange exchange, String method, String ruleType) throws IOException {
        if (!RULE_TYPES.contains(ruleType)) {
            problem(exchange, 400, "BadRequestException", "Unknown rule type: " + ruleType);
            return;
        }
        String config = globalRules.get(ruleType);
        if (config == null && List.of("GET", "PUT", "DELETE").contains(method)) {
            problem(exchange, 404, "RuleNotFoundException", "No rule named '" + ruleType + "' was found.");
            return;
        }
        switch (method) {
            case "GET" -> json(exchange, 200, JSON.createObjectNode().put("ruleType", ruleType).put("config", config));
            case "PUT" -> {
                String updated = text(JSON.readTree(readBody(exchange)), "config");
                if (updated == null || updated.isBlank()) {
                    problem(exchange, 400, "MissingRequiredParameterException", "Request is missing a required parameter: config");
                    return;
                }
                globalRules.put(ruleType, updated);
                json(exchange, 200, JSON.createObjectNode().put("ruleType", ruleType).put("config", updated));
            }
            case "DELETE" -> {
                globalRules.remove(ruleType);
                send(exchange, 204, "application/json", new byte[0]);
            }
            default -> problem(exchange, 405, "NotAllowedException", "HTTP 405 Method Not Allowed");
        }
    }

    private void createArtifact(HttpExchange exchange, String groupId, Map<String, String> query) throws IOException {
        JsonNode body = JSON.readTree(readBody(exchange));
        JsonNode firstVersion = body.path("firstVersion");
        JsonNode content = firstVersion.path("content");
        if (!content.path("content").isTextual()) {
            problem(exchange, 400, "BadRequest", "firstVersion.content.content is required");
            return;
        }
        List<RegistryStore.Reference> references = new java.util.ArrayList<>();
        for (JsonNode reference : content.path("references")) {
            references.add(new RegistryStore.Reference(text(reference, "groupId"), text(reference, "artifactId"),
                    text(reference, "version"), text(reference, "name")));
        }
        IfExists ifExists = IfExists.valueOf(query.getOrDefault("ifExists", "FAIL"));
        try {
            Version version = store.create(groupId, text(body, "artifactId"), text(body, "artifactType"),
                    text(firstVersion, "version"), content.path("content").asText(), text(content, "contentType"),
                    references, ifExists, Boolean.parseBoolean(query.getOrDefault("canonical", "false")));
            ObjectNode response = JSON.createObjectNode();
            response.set("artifact", artifactMetadata(version));
            response.set("version", versionMetadata(version));
            json(exchange, 200, response);
        } catch (RegistryStore.Conflict conflict) {
            problem(exchange, 409, "ArtifactAlreadyExistsException", conflict.getMessage());
        }
    }

    private void listArtifacts(HttpExchange exchange, String groupId) throws IOException {
        ObjectNode response = JSON.createObjectNode();
        List<String> ids = store.artifactIds(groupId);
        response.put("count", ids.size());
        ids.forEach(id -> store.version(groupId, id, "latest")
                .ifPresent(v -> response.withArray("artifacts").add(artifactMetadata(v))));
        json(exchange, 200, response);
    }

    private void searchVersions(HttpExchange exchange, Map<String, String> query) throws IOException {
        String content = readBody(exchange);
        List<Version> found = store.search(query.get("groupId"), query.get("artifactId"), content,
                Boolean.parseBoolean(query.getOrDefault("canonical", "false")));
        ObjectNode response = JSON.createObjectNode();
        response.put("count", found.size());
        response.putArray("versions").addAll(found.stream().map(this::versionMetadata).toList());
        json(exchange, 200, response);
    }

    private void listVersions(HttpExchange exchange, String groupId, String artifactId) throws IOException {
        List<Version> versions = store.versions(groupId, artifactId);
        if (versions.isEmpty()) {
            problem(exchange, 404, "ArtifactNotFoundException", "No artifact with ID '" + artifactId + "' in group '" + groupId + "' was found.");
            return;
        }
        ObjectNode response = JSON.createObjectNode();
        response.put("count", versions.size());
        response.putArray("versions").addAll(versions.stream().map(this::versionMetadata).toList());
        json(exchange, 200, response);
    }

    private void getVersion(HttpExchange exchange, String groupId, String artifactId, String expression, String part)
            throws IOException {
        Optional<Version> version = store.version(groupId, artifactId, expression);
        if (version.isEmpty()) {
            problem(exchange, 404, "VersionNotFoundException", "No version '" + expression + "' of artifact '" + artifactId + "' in group '" + groupId + "'.");
        } else if ("/content".equals(part)) {
            content(exchange, store.contentById(version.get().contentId()).orElseThrow());
        } else if ("/references".equals(part)) {
            references(exchange, store.contentById(version.get().contentId()).orElseThrow());
        } else {
            json(exchange, 200, versionMetadata(version.get()));
        }
    }

    private void getById(HttpExchange exchange, String kind, String id, boolean references, boolean dereference)
            throws IOException {
        Optional<Content> content = switch (kind) {
            case "globalIds" -> parseLong(id).flatMap(store::byGlobalId).flatMap(v -> store.contentById(v.contentId()));
            case "contentIds" -> parseLong(id).flatMap(store::contentById);
            default -> store.contentByHash(id);
        };
        if (content.isEmpty()) {
            problem(exchange, 404, "ContentNotFoundException", "No content with " + kind + " " + id + " was found.");
        } else if (references) {
            references(exchange, content.get());
        } else if (dereference && !content.get().references().isEmpty()) {
            send(exchange, 200, "application/json", AvroReferences.dereference(store, content.get()).getBytes(StandardCharsets.UTF_8));
        } else {
            content(exchange, content.get());
        }
    }

    private static void references(HttpExchange exchange, Content content) throws IOException {
        var array = JSON.createArrayNode();
        for (RegistryStore.Reference reference : content.references()) {
            array.add(JSON.createObjectNode().put("groupId", reference.groupId()).put("artifactId", reference.artifactId())
                    .put("version", reference.version()).put("name", reference.name()));
        }
        json(exchange, 200, array);
    }

    private ObjectNode artifactMetadata(Version v) {
        return JSON.createObjectNode()
                .put("groupId", v.groupId())
                .put("artifactId", v.artifactId())
                .put("artifactType", v.artifactType())
                .put("owner", "")
                .put("createdOn", v.createdOn().toString())
                .put("modifiedOn", v.createdOn().toString());
    }

    private ObjectNode versionMetadata(Version v) {
        return JSON.createObjectNode()
                .put("groupId", v.groupId())
                .put("artifactId", v.artifactId())
                .put("version", v.version())
                .put("globalId", v.globalId())
                .put("contentId", v.contentId())
                .put("artifactType", v.artifactType())
                .put("state", "ENABLED")
                .put("owner", "")
                .put("createdOn", v.createdOn().toString());
    }

    private static void content(HttpExchange exchange, Content content) throws IOException {
        send(exchange, 200, content.contentType() == null ? "application/json" : content.contentType(),
                content.content().getBytes(StandardCharsets.UTF_8));
    }

    private static void json(HttpExchange exchange, int status, JsonNode body) throws IOException {
        send(exchange, status, "application/json", JSON.writeValueAsBytes(body));
    }

    private static void problem(HttpExchange exchange, int status, String name, String detail) throws IOException {
        send(exchange, status, "application/problem+json", JSON.writeValueAsBytes(JSON.createObjectNode()
                .put("status", status).put("title", detail).put("detail", detail).put("name", name)));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        if (status >= 400) {
            LOG.warning(() -> "registry stand-in answered " + status + " to " + exchange.getRequestMethod() + " "
                    + exchange.getRequestURI() + ": " + new String(body, StandardCharsets.UTF_8));
        }
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
                }
            }
        }
        return query;
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : null;
    }

    private static Optional<Long> parseLong(String value) {
        try {
            return Optional.of(Long.parseLong(value));
        } catch (NumberFormatException notANumber) {
            return Optional.empty();
        }
    }
}
