package uk.gov.gds.awsam.pr.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

import uk.gov.gds.awsam.pr.domain.GitHubFailure;
import uk.gov.gds.awsam.pr.domain.GitHubFailure.Kind;

/** How pr-service proves who it is to GitHub: a token, or a GitHub App installation. Never logged. */
interface Credentials {

    /** The {@code Authorization} header's value. */
    String authorization();

    /** GitHub answered 401 to the last one: whether a new one may do better (an installation token is renewed). */
    boolean refused();

    /** A personal or fine-grained access token (or any token GitHub accepts as a bearer). */
    static Credentials token(String token) {
        return new Credentials() {
            @Override
            public String authorization() {
                return "Bearer " + token;
            }

            @Override
            public boolean refused() {
                return false;
            }
        };
    }

    /**
     * A GitHub App installation: the App's JWT is exchanged ({@code POST /app/installations/{id}/access_tokens})
     * for an installation token, used until 5 minutes before it expires (GitHub's last an hour), then renewed.
     */
    final class AppInstallation implements Credentials {
        private static final Duration RENEW_BEFORE = Duration.ofMinutes(5);
        private final String apiUrl;
        private final long installationId;
        private final AppJwt jwt;
        private final HttpClient http;
        private final Duration timeout;
        private final Clock clock;
        private String token;
        private Instant expires = Instant.MIN;

        AppInstallation(String apiUrl, long installationId, AppJwt jwt, HttpClient http, Duration timeout, Clock clock) {
            this.apiUrl = apiUrl;
            this.installationId = installationId;
            this.jwt = jwt;
            this.http = http;
            this.timeout = timeout;
            this.clock = clock;
        }

        @Override
        public synchronized String authorization() {
            if (token == null || clock.instant().isAfter(expires.minus(RENEW_BEFORE))) {
                renew();
            }
            return "Bearer " + token;
        }

        @Override
        public synchronized boolean refused() {
            token = null;
            return true;
        }

        long appId() {
            return jwt.appId();
        }

        long installationId() {
            return installationId;
        }

        /** A GET as the App itself, with its JWT ({@code /app}, {@code /app/installations/{id}}): what GitHub answered. */
        GitHubHttp.Reply asApp(String path) {
            String call = "GET " + path;
            HttpRequest request = HttpRequest.newBuilder(URI.create(apiUrl + path)).timeout(timeout)
                    .header("Accept", "application/vnd.github+json").header("X-GitHub-Api-Version", GitHubHttp.API_VERSION)
                    .header("User-Agent", GitHubHttp.USER_AGENT).header("Authorization", "Bearer " + jwt.token()).GET().build();
            HttpResponse<byte[]> response = sendAs(call, request);
            JsonNode body = GitHubHttp.json(response.body());
            java.util.function.Function<String, String> header = h -> response.headers().firstValue(h).orElse(null);
            int status = response.statusCode();
            return new GitHubHttp.Reply(status, header, body, status >= 200 && status < 300 ? null
                    : GitHubErrors.classify(call, status, header, body, clock.instant()));
        }

        private HttpResponse<byte[]> sendAs(String call, HttpRequest request) {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                throw new GitHubFailure(Kind.UNAVAILABLE, call + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GitHubFailure(Kind.UNAVAILABLE, call + ": interrupted", e);
            }
        }

        private void renew() {
            String call = "POST /app/installations/" + installationId + "/access_tokens";
            HttpRequest request = HttpRequest.newBuilder(URI.create(apiUrl + "/app/installations/" + installationId + "/access_tokens"))
                    .timeout(timeout).header("Accept", "application/vnd.github+json").header("X-GitHub-Api-Version", GitHubHttp.API_VERSION)
                    .header("User-Agent", GitHubHttp.USER_AGENT).header("Authorization", "Bearer " + jwt.token())
                    .POST(HttpRequest.BodyPublishers.noBody()).build();
            HttpResponse<byte[]> response = sendAs(call, request);
            JsonNode body = GitHubHttp.json(response.body());
            if (response.statusCode() != 201) {
                GitHubFailure failure = GitHubErrors.classify(call, response.statusCode(), h -> response.headers().firstValue(h).orElse(null),
                        body, clock.instant());
                if (failure.kind() == Kind.REFUSED || failure.kind() == Kind.NOT_FOUND) {
                    throw new GitHubFailure(Kind.REFUSED, failure.getMessage() + " (check the App id, the installation id and that"
                            + " the private key is the App's)", null);
                }
                throw failure;
            }
            token = body.path("token").asText();
            expires = Instant.parse(body.path("expires_at").asText());
        }
    }
}
