package uk.gov.gds.awsam.testsupport.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The realm's administration through Keycloak's admin REST API, as the bootstrap admin of the master realm. */
public final class KeycloakAdmin {

    public static final String ADMIN = "admin";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;
    private final String realm;
    private final String password;

    public KeycloakAdmin(String base, String realm, String password) {
        this.base = base;
        this.realm = realm;
        this.password = password;
    }

    /**
     * Adds a person with the local password (nothing when they exist): {@code email} null for one the provider knows
     * no email of, {@code emailVerified} false for one it has not verified, {@code groups} e.g. {@code /engineer}.
     */
    public void addUser(String username, String email, boolean emailVerified, List<String> groups) {
        Map<String, Object> user = new java.util.LinkedHashMap<>();
        user.put("username", username);
        if (email != null) {
            user.put("email", email);
        }
        user.put("emailVerified", emailVerified);
        user.put("enabled", true);
        user.put("firstName", "Test");
        user.put("lastName", "Person");
        user.put("groups", groups);
        user.put("credentials", List.of(Map.of("type", "password", "value", Tokens.PASSWORD, "temporary", false)));
        send("POST", "/admin/realms/" + realm + "/users", user, 201, 409);
    }

    /** Adds a public client with the password grant and none of the realm client's mappers: its tokens are for another audience. */
    public void addPublicClient(String clientId) {
        Map<String, Object> client = Map.of("clientId", clientId, "enabled", true, "publicClient", true, "standardFlowEnabled", false,
                "directAccessGrantsEnabled", true, "protocol", "openid-connect");
        send("POST", "/admin/realms/" + realm + "/clients", client, 201, 409);
    }

    /** Lets a client of the realm send browsers back to one more address (e.g. the https one a proxy puts in front). */
    @SuppressWarnings("unchecked")
    public void allowRedirect(String clientId, String uri) {
        try {
            List<Map<String, Object>> found = JSON.readValue(send("GET", "/admin/realms/" + realm + "/clients?clientId=" + clientId, null, 200),
                    List.class);
            Map<String, Object> client = found.get(0);
            List<String> redirects = new java.util.ArrayList<>((List<String>) client.get("redirectUris"));
            redirects.add(uri);
            client.put("redirectUris", redirects);
            send("PUT", "/admin/realms/" + realm + "/clients/" + client.get("id"), client, 204);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String token;
    private java.time.Instant tokenExpires = java.time.Instant.EPOCH;

    /** The admin's token, kept until shortly before it expires (tests add people one by one). */
    private synchronized String token() {
        if (java.time.Instant.now().isAfter(tokenExpires)) {
            com.fasterxml.jackson.databind.JsonNode granted = Tokens.passwordGrant(base + "/realms/master", "admin-cli", ADMIN, password, null);
            token = granted.path("access_token").asText();
            tokenExpires = java.time.Instant.now().plusSeconds(Math.max(0, granted.path("expires_in").asLong(60) - 15));
        }
        return token;
    }

    private String send(String method, String path, Object body, int... accepted) {
        String token = token();
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (int status : accepted) {
                if (response.statusCode() == status) {
                    return response.body();
                }
            }
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
