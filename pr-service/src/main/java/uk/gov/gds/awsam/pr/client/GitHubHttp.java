package uk.gov.gds.awsam.pr.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import uk.gov.gds.awsam.pr.domain.GitHubBudget;
import uk.gov.gds.awsam.pr.domain.GitHubFailure;
import uk.gov.gds.awsam.pr.domain.GitHubFailure.Kind;
import uk.gov.gds.awsam.pr.domain.GitHubPolicy;

/**
 * Every REST call pr-service makes to GitHub goes through here: the JDK's HTTP client with a bound on each
 * call, GitHub's media type and API version, the credentials; the {@link GitHubBudget}'s gate before any call
 * (nothing is sent while GitHub has asked to wait) and its slot before a content-creating one (POST, PATCH,
 * PUT, DELETE); and the one classification of what GitHub answered ({@link GitHubErrors}). Never sleeps longer
 * than the budget's inline wait; never retries: that is the policy's. Follows GitHub's redirects of a renamed or
 * transferred repository (301 to a read, 307 to a write, {@code Location} under {@code /repositories/{id}}) when they
 * stay under the API's URL, so the credentials never go elsewhere, and says once per repository that its name has
 * changed.
 */
final class GitHubHttp {

    static final String API_VERSION = "2022-11-28";
    static final String USER_AGENT = "aws-accounts-pr-service";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = Logger.getLogger(GitHubHttp.class);
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 307, 308);
    /** How many redirects one call follows (GitHub sends one). */
    private static final int MAX_REDIRECTS = 3;

    private final String apiUrl;
    private final Credentials credentials;
    private final HttpClient http;
    private final Duration timeout;
    private final GitHubBudget budget;
    private final Clock clock;
    private final GitHubClient.Calls calls;
    /** The paths' repositories ({@code /repos/o/r}) already said to have moved. */
    private final Set<String> movedSaid = ConcurrentHashMap.newKeySet();

    GitHubHttp(String apiUrl, Credentials credentials, HttpClient http, Duration timeout, GitHubBudget budget, Clock clock, GitHubClient.Calls calls) {
        this.apiUrl = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
        this.credentials = credentials;
        this.http = http;
        this.timeout = timeout;
        this.budget = budget;
        this.clock = clock;
        this.calls = calls;
    }

    static HttpClient httpClient(Duration timeout) {
        return HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** A GET answered 200. */
    JsonNode get(String path) {
        return send("GET", path, null).orElseThrow(() -> new GitHubFailure(Kind.NOT_FOUND, "GET " + path + ": GitHub answered 404", null));
    }

    /** A GET answered 200, or empty for GitHub's 404. */
    Optional<JsonNode> find(String path) {
        try {
            return send("GET", path, null);
        } catch (GitHubFailure failure) {
            if (failure.kind() == Kind.NOT_FOUND) {
                return Optional.empty();
            }
            throw failure;
        }
    }

    /**
     * A listing GET answered 200, page after page: each page's elements, following GitHub's {@code Link: <…>; rel="next"}
     * until a page has none (GitHub's pagination: "Using pagination in the REST API").
     */
    java.util.List<JsonNode> pages(String path) {
        java.util.List<JsonNode> all = new java.util.ArrayList<>();
        pagesWhile(path, all::add);
        return all;
    }

    /**
     * Each item of a listing's pages in order, for as long as {@code each} answers true: the page it answers false on
     * is the last one asked for (a listing sorted newest first is read back only as far as it is needed).
     */
    void pagesWhile(String path, java.util.function.Predicate<JsonNode> each) {
        String next = path;
        while (next != null) {
            Reply reply = answered(exchange("GET", next, null));
            for (JsonNode item : reply.body()) {
                if (!each.test(item)) {
                    return;
                }
            }
            next = next(reply.header().apply("Link"));
        }
    }

    /** The path (under the API's URL) of a {@code Link} header's {@code rel="next"}, or null on the last page. */
    String next(String link) {
        if (link == null) {
            return null;
        }
        for (String part : link.split(",")) {
            int open = part.indexOf('<');
            int close = part.indexOf('>');
            if (open >= 0 && close > open && part.substring(close).matches(">\\s*;.*\\brel=\"next\".*")) {
                String url = part.substring(open + 1, close).trim();
                String path = underApi(url);
                if (path == null) {
                    throw new GitHubFailure(Kind.INVALID, "GitHub's next page " + url + " is not under " + apiUrl, null);
                }
                return path;
            }
        }
        return null;
    }

    /**
     * A URL GitHub gave (a {@code Link}, a {@code Location}) as a path and query under the API's URL, or null when it
     * points anywhere else: the credentials go only to the API.
     */
    String underApi(String url) {
        URI api = URI.create(apiUrl + "/");
        URI to;
        try {
            to = api.resolve(url);
        } catch (IllegalArgumentException notAUrl) {
            return null;
        }
        if (!Objects.equals(to.getScheme(), api.getScheme()) || !Objects.equals(to.getRawAuthority(), api.getRawAuthority())
                || to.getRawPath() == null || !to.getRawPath().startsWith(api.getRawPath())) {
            return null;
        }
        return "/" + to.getRawPath().substring(api.getRawPath().length()) + (to.getRawQuery() == null ? "" : "?" + to.getRawQuery());
    }

    /** A content-creating call (POST, PATCH, PUT, DELETE) with a JSON body, answered 2xx. */
    JsonNode write(String method, String path, Object body) {
        return send(method, path, body).orElseGet(JSON::createObjectNode);
    }

    Credentials credentials() {
        return credentials;
    }

    /** What GitHub answered a call, whatever the status (a rate limit still closes the budget's gate and throws). */
    record Reply(int status, java.util.function.Function<String, String> header, JsonNode body, GitHubFailure failure) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private Optional<JsonNode> send(String method, String path, Object body) {
        return Optional.of(answered(exchange(method, path, body)).body());
    }

    /** The reply when GitHub answered 2xx; otherwise its failure (a refused installation token renewed for the next attempt). */
    private Reply answered(Reply reply) {
        if (reply.ok()) {
            return reply;
        }
        if (reply.status() == 401 && credentials.refused()) {
            throw new GitHubFailure(Kind.UNAVAILABLE, reply.failure().getMessage() + " (the installation token is renewed for the next attempt)",
                    null);
        }
        throw reply.failure();
    }

    /**
     * One call, as {@link #get} and {@link #write} send it (the budget's gate and slot, the credentials, the timeout),
     * answering what GitHub said: status, headers, body, and the one classification of a refusal. For checks that
     * read the answer's headers or tell refusals apart (the preflight).
     */
    Reply exchange(String method, String path, Object body) {
        return exchange(method, path, body, 0);
    }

    private Reply exchange(String method, String path, Object body, int redirects) {
        boolean content = !method.equals("GET");
        String call = method + " " + path.split("\\?", 2)[0];
        budget.checkOpen(clock.instant());
        if (content) {
            pause(budget.acquire(GitHubPolicy.currentKey(), clock.instant()).waitFirst(), call);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiUrl + path)).timeout(timeout)
                .header("Accept", "application/vnd.github+json").header("X-GitHub-Api-Version", API_VERSION)
                .header("User-Agent", USER_AGENT).header("Authorization", credentials.authorization());
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(bytes(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            calls.sent(method, content, -1);
            throw new GitHubFailure(Kind.UNAVAILABLE, call + ": GitHub did not answer within " + timeout, e);
        } catch (IOException e) {
            calls.sent(method, content, -1);
            throw new GitHubFailure(Kind.UNAVAILABLE, call + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitHubFailure(Kind.UNAVAILABLE, call + ": interrupted", e);
        }
        int status = response.statusCode();
        calls.sent(method, content, status);
        java.util.function.Function<String, String> header = h -> response.headers().firstValue(h).orElse(null);
        String moved = REDIRECTS.contains(status) && redirects < MAX_REDIRECTS && header.apply("Location") != null
                ? underApi(header.apply("Location")) : null;
        if (moved != null) {
            sayMoved(call, path, header.apply("Location"));
            return exchange(method, moved, body, redirects + 1);
        }
        if (status >= 200 && status < 300) {
            if (content) {
                budget.succeeded();
            }
            return new Reply(status, header, json(response.body()), null);
        }
        GitHubFailure failure = GitHubErrors.classify(call, status, header, json(response.body()), clock.instant());
        if (failure.rateLimited()) {
            throw budget.limited(failure, clock.instant());
        }
        return new Reply(status, header, json(response.body()), failure);
    }

    /** Whether GitHub has redirected a call to this repository ({@code owner/name}): it was renamed or transferred. */
    boolean moved(String repository) {
        return movedSaid.stream().anyMatch(repository::equalsIgnoreCase);
    }

    /** Once per repository: its name has changed, and what that costs until the configuration names the new one. */
    private void sayMoved(String call, String path, String location) {
        String[] segments = path.split("[/?]", 5);
        String repository = segments.length >= 4 && segments[1].equals("repos") ? segments[2] + "/" + segments[3] : path;
        if (movedSaid.add(repository)) {
            LOG.warnf("GitHub redirected %s to %s: the repository %s was renamed or transferred. pr-service follows the redirect, "
                    + "but GitHub's webhooks name the repository's new name, which pr-service ignores until PR_BILLING_NAME or "
                    + "PR_USERS_NAME names it (the preflight says which)", call, location, repository);
        }
    }

    private static void pause(Duration wait, String call) {
        if (wait.isZero()) {
            return;
        }
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitHubFailure(Kind.UNAVAILABLE, call + ": interrupted while pacing", e);
        }
    }

    private static byte[] bytes(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(byte[] body) {
        if (body == null || body.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException notJson) {
            return JSON.createObjectNode().put("message", new String(body, 0, Math.min(body.length, 300),
                    java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
