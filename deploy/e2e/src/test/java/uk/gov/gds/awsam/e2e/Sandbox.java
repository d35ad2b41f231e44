package uk.gov.gds.awsam.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;

import com.fasterxml.jackson.databind.JsonNode;

/** The GitHub sandbox as a reviewer uses it: find a request's pull request, read its files, merge it. */
final class Sandbox {

    static final String BILLING = "gds/aws-billing-account";
    static final String USERS = "gds/aws-users";

    private final String base;

    Sandbox(String base) {
        this.base = base;
    }

    List<JsonNode> pullRequests(String repository) {
        Http.Response response = Http.get(base + "/_sandbox/repos/" + repository + "/pulls", Map.of());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<JsonNode> pulls = new ArrayList<>();
        response.json().forEach(pulls::add);
        return pulls;
    }

    /** The pull requests whose head branch ends with the request id (the branch contract). */
    List<JsonNode> pullRequestsOf(String repository, String requestId) {
        return pullRequests(repository).stream()
                .filter(pr -> pr.path("head").path("ref").asText().endsWith("/" + requestId)).toList();
    }

    /** Waits for the request's pull request; returns it. */
    JsonNode awaitPullRequest(String repository, String requestId, Duration timeout) {
        return Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(500))
                .until(() -> pullRequestsOf(repository, requestId), found -> !found.isEmpty()).get(0);
    }

    /** Merges as a reviewer would; the sandbox sends pr-service the signed webhook. Returns the answer. */
    JsonNode merge(String repository, int number) {
        Http.Response response = Http.post(base + "/_sandbox/repos/" + repository + "/pulls/" + number + "/merge",
                Map.of("mergedBy", "reviewer", "deliver", true), Map.of());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    /**
     * The next {@code count} calls of {@code method} on paths matching {@code pathRegex} answer as GitHub does when
     * a backend is unavailable (502), as the sandbox's admin API offers.
     */
    void failWithServerErrors(String method, String pathRegex, int count) {
        Http.Response response = Http.post(base + "/_sandbox/faults", Map.of("method", method, "path", pathRegex,
                "kind", "SERVER_ERROR", "count", count), Map.of());
        assertThat(response.status()).as(response.body()).isEqualTo(201);
    }

    /** A file on a branch (or commit), or null when absent. */
    String file(String repository, String path, String ref) {
        Http.Response response = Http.get(base + "/_sandbox/repos/" + repository + "/contents/" + path + "?ref=" + ref, Map.of());
        return response.status() == 404 ? null : response.body();
    }
}
