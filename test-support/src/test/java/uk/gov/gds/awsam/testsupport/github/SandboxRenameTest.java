package uk.gov.gds.awsam.testsupport.github;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A repository renamed or transferred, as GitHub answers its old name (docs.github.com, "Best practices for using the
 * REST API": follow redirects): 301 to a GET, 307 to a write, {@code Location} the same call under
 * {@code /repositories/{id}}, which serves the repository under its new name. The sandbox once answered an old name
 * 404, so a client that does not follow redirects passed against it and would fail against GitHub.
 */
class SandboxRenameTest {

    static final String OLD = "gds/aws-users";
    static final String NEW = "gds/aws-people";
    static final ObjectMapper JSON = new ObjectMapper();
    /** Follows nothing: the test reads each answer as a client gets it. */
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private GitHubSandbox sandbox;

    @BeforeEach
    void start() {
        sandbox = GitHubSandbox.start(0, List.of(OLD));
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void anOldNameRedirectsEveryCallToTheRepositoryByIdUntilTheNameIsTakenAgain() throws Exception {
        int number = sandbox.openPullRequest(OLD, "change", Map.of("a.txt", "a\n"), "a change", "body");
        long id = JSON.readTree(send("GET", "/repos/" + OLD, null).body()).path("id").asLong();
        sandbox.renameRepository(OLD, NEW);

        HttpResponse<String> read = send("GET", "/repos/" + OLD + "/pulls/" + number + "?per_page=1", null);
        String moved = sandbox.apiUrl() + "/repositories/" + id + "/pulls/" + number + "?per_page=1";
        assertThat(read.statusCode()).isEqualTo(301);
        assertThat(read.headers().firstValue("Location")).contains(moved);
        assertThat(JSON.readTree(read.body()).path("message").asText()).isEqualTo("Moved Permanently");

        HttpResponse<String> followed = send("GET", moved.substring(sandbox.apiUrl().length()), null);
        assertThat(followed.statusCode()).as(followed.body()).isEqualTo(200);
        JsonNode pull = JSON.readTree(followed.body());
        assertThat(pull.path("number").asInt()).isEqualTo(number);
        assertThat(pull.path("base").path("repo").path("full_name").asText()).isEqualTo(NEW);
        assertThat(send("GET", "/repos/" + NEW + "/pulls/" + number, null).statusCode()).as("the new name answers itself").isEqualTo(200);

        HttpResponse<String> write = send("POST", "/repos/" + OLD + "/issues/" + number + "/comments", Map.of("body", "hello"));
        assertThat(write.statusCode()).as("a write is redirected keeping its method").isEqualTo(307);
        String location = write.headers().firstValue("Location").orElseThrow();
        assertThat(location).isEqualTo(sandbox.apiUrl() + "/repositories/" + id + "/issues/" + number + "/comments");
        assertThat(send("POST", location.substring(sandbox.apiUrl().length()), Map.of("body", "hello")).statusCode()).isEqualTo(201);

        sandbox.createRepository(OLD, "main");
        assertThat(send("GET", "/repos/" + OLD + "/pulls/" + number, null).statusCode())
                .as("a repository made with the old name ends the redirect").isEqualTo(404);
        assertThat(send("GET", "/repositories/999999/pulls/1", null).statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> send(String method, String path, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.apiUrl() + path)).header("Authorization", "token t");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
