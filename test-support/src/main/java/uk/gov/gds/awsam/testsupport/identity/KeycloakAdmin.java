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

    KeycloakAdmin(String base, String realm, String password) {
        this.base = base;
        this.realm = realm;
        this.password = password;
    }

    /** Adds a person with the local password; {@code emailVerified} false makes one the provider has not verified. */
    public void addUser(String username, String email, boolean emailVerified) {
        Map<String, Object> user = Map.of("username", username, "email", email, "emailVerified", emailVerified, "enabled", true,
                "firstName", "Test", "lastName", "Person",
                "credentials", List.of(Map.of("type", "password", "value", Tokens.PASSWORD, "temporary", false)));
        send("POST", "/admin/realms/" + realm + "/users", user, 201, 409);
    }

    private void send(String method, String path, Object body, int... accepted) {
        String token = Tokens.passwordGrant(base + "/realms/master", "admin-cli", ADMIN, password, null).path("access_token").asText();
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (int status : accepted) {
                if (response.statusCode() == status) {
                    return;
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
