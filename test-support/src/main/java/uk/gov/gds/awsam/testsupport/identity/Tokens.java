package uk.gov.gds.awsam.testsupport.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Access tokens from the local realm, as {@code deploy/local/token} gets them: the password grant of the realm's
 * command-line client ({@code aws-account-management-cli}, which exists in the local realm only), for the realm's
 * people. Each person's token is kept until a minute before it expires, so a test that reads a status a thousand
 * times asks Keycloak once.
 */
public final class Tokens {

    /** The local realm's people (deploy/local/keycloak/aws-accounts-realm.json) and their one local password. */
    public static final String DOMAIN = "digital.cabinet-office.gov.uk";
    public static final String REQUESTER = "requester@" + DOMAIN;
    public static final String OTHER_REQUESTER = "other.requester@" + DOMAIN;
    public static final String ENGINEER = "engineer@" + DOMAIN;
    public static final String PASSWORD = "local-password";
    public static final String CLI_CLIENT = "aws-account-management-cli";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private record Held(String token, Instant expires) {
    }

    private final String issuer;
    private final Map<String, Held> held = new ConcurrentHashMap<>();

    public Tokens(String issuer) {
        this.issuer = issuer;
    }

    public String issuer() {
        return issuer;
    }

    /** An access token for one of the realm's people (by email or user name), with the local password. */
    public String accessToken(String user) {
        Held token = held.get(user);
        if (token == null || Instant.now().isAfter(token.expires().minusSeconds(60))) {
            JsonNode granted = passwordGrant(issuer, CLI_CLIENT, user, PASSWORD, null);
            token = new Held(granted.path("access_token").asText(),
                    Instant.now().plusSeconds(granted.path("expires_in").asLong(60)));
            held.put(user, token);
        }
        return token.token();
    }

    /**
     * The token endpoint's answer to a password grant (access_token, expires_in, ...); {@code hostHeader} asks as
     * if the realm were reached by another name (its issuer follows the name asked for), null for the issuer's own.
     */
    public static JsonNode passwordGrant(String issuer, String clientId, String user, String password, String hostHeader) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", clientId);
        form.put("username", user);
        form.put("password", password);
        form.put("scope", "openid");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form)));
        HttpClient client = HTTP;
        if (hostHeader != null) {
            // the JDK client will not send another Host; open the connection to the issuer's address ourselves
            return viaHost(issuer, hostHeader, form(form));
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Keycloak refused a token for " + user + " (" + response.statusCode() + "): " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A plain HTTP/1.1 POST over a socket, with the Host header given: the JDK's client keeps Host to itself. */
    private static JsonNode viaHost(String issuer, String host, String body) {
        URI uri = URI.create(issuer + "/protocol/openid-connect/token");
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(30_000);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            String head = "POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String payload = response.substring(response.indexOf("\r\n\r\n") + 4);
            if (response.contains("Transfer-Encoding: chunked") || response.contains("transfer-encoding: chunked")) {
                payload = unchunk(payload);
            }
            if (!response.startsWith("HTTP/1.1 200")) {
                throw new IllegalStateException("Keycloak refused a token via " + host + ": " + response.lines().findFirst().orElse(""));
            }
            return JSON.readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String unchunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < chunked.length()) {
            int end = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, end).trim(), 16);
            if (size == 0) {
                break;
            }
            out.append(chunked, end + 2, end + 2 + size);
            at = end + 2 + size + 2;
        }
        return out.toString();
    }

    /** The claims of a JWT (not verified: for tests to look at what a provider put in it). */
    public static JsonNode claims(String jwt) {
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
