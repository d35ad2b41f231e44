package uk.gov.gds.awsam.testsupport.github;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code GET /repos/{o}/{r}/pulls} as GitHub answers it (docs.github.com/rest/pulls/pulls#list-pull-requests): open
 * ones unless {@code state} says otherwise; sorted by creation, newest first, unless {@code sort=updated} (then
 * oldest first unless {@code direction=desc}); 30 a page unless {@code per_page} (at most 100), with a {@code Link}
 * header while more follow. The sandbox once answered every pull request at once, which no client of GitHub may
 * count on. Its clock here is the test's, so that "updated" differs by whole seconds as GitHub's timestamps do.
 */
class SandboxPullListingTest {

    static final String REPO = "gds/listing";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T09:00:00Z"));
    private GitHubSandbox sandbox;

    @BeforeEach
    void start() {
        sandbox = GitHubSandbox.start(0, List.of(REPO), 0, clock);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void pullRequestsAreListedAPageAtATimeNewestFirstAndByUpdateWhenAsked() throws Exception {
        for (int i = 1; i <= 35; i++) {
            open("change-" + i);
        }
        clock.advance(Duration.ofMinutes(1));
        sandbox.close(REPO, 3, "reviewer");
        clock.advance(Duration.ofMinutes(1));
        sandbox.merge(REPO, 1, "reviewer");

        HttpResponse<String> first = get("/repos/" + REPO + "/pulls");
        assertThat(numbers(first)).hasSize(30).startsWith(35, 34).doesNotContain(1, 3);
        String next = first.headers().firstValue("Link").orElseThrow();
        assertThat(next).contains("rel=\"next\"").contains("page=2").contains("rel=\"last\"");
        HttpResponse<String> second = get(next.substring(next.indexOf('<') + 1, next.indexOf('>')).replace(sandbox.apiUrl(), ""));
        assertThat(numbers(second)).containsExactly(5, 4, 2);
        assertThat(second.headers().firstValue("Link")).isEmpty();

        assertThat(numbers(get("/repos/" + REPO + "/pulls?state=closed&sort=updated&direction=desc&per_page=100")))
                .as("closed, most recently updated first").containsExactly(1, 3);
        assertThat(numbers(get("/repos/" + REPO + "/pulls?state=all&sort=updated&per_page=100")))
                .as("by update, oldest first unless asked").endsWith(3, 1).hasSize(35);
        assertThat(numbers(get("/repos/" + REPO + "/pulls?state=all&per_page=500"))).as("per_page at most 100").hasSize(35);
        assertThat(numbers(get("/repos/" + REPO + "/pulls?state=all&per_page=10&page=4"))).containsExactly(5, 4, 3, 2, 1);
    }

    private void open(String branch) throws Exception {
        String base = sandbox.branchSha(REPO, "main").orElseThrow();
        call("POST", "/repos/" + REPO + "/git/refs", Map.of("ref", "refs/heads/" + branch, "sha", base));
        call("PUT", "/repos/" + REPO + "/contents/" + branch + ".txt", Map.of("message", branch, "content",
                java.util.Base64.getEncoder().encodeToString((branch + "\n").getBytes(StandardCharsets.UTF_8)), "branch", branch));
        call("POST", "/repos/" + REPO + "/pulls", Map.of("title", branch, "head", branch, "base", "main"));
    }

    private static List<Integer> numbers(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<Integer> numbers = new ArrayList<>();
        JSON.readTree(response.body()).forEach(pr -> numbers.add(pr.path("number").asInt()));
        return numbers;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.apiUrl() + path)).header("Authorization", "token t").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void call(String method, String path, Object body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.apiUrl() + path)).header("Authorization", "token t")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 201);
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
