package uk.gov.gds.awsam.request.client;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import uk.gov.gds.awsam.preflight.Finding;

/**
 * The preflight of the organisation's identity provider, with the service's own OIDC settings: its discovery
 * document answers and names the configured issuer, its keys (JWKS) answer with a signing key, the service's client
 * exists and its secret is right, and the claims the service reads are ones the provider says it issues.
 *
 * <p>The client is proved with a token request using the client's credentials (the client credentials grant, the
 * credentials sent as Quarkus OIDC sends them, HTTP Basic): RFC 6749 §5.2 answers {@code invalid_client} when client
 * authentication failed (an unknown client, a wrong secret; Keycloak says "Invalid client or Invalid client
 * credentials", with {@code unauthorized_client} in versions before 22), while {@code unauthorized_client} or
 * {@code unsupported_grant_type} otherwise say the client authenticated but may not use that grant, which the service
 * does not need. Nothing is written at the provider; a token it may issue is thrown away.
 */
public class IdentityProviderCheck {

    public static final String SYSTEM = "identity";

    private final String issuer;
    private final String clientId;
    private final String clientSecret;
    private final String emailClaim;
    private final String groupsClaim;
    private final Duration timeout;
    private final PreflightHttp http;

    /**
     * @param issuer the configured issuer ({@code REQUEST_OIDC_ISSUER})
     * @param clientId the service's client at the provider
     * @param clientSecret its secret (used, never said)
     * @param emailClaim the claim the person's email is read from
     * @param groupsClaim the claim (or path, e.g. {@code realm_access/roles}) the person's groups are read from
     */
    public IdentityProviderCheck(String issuer, String clientId, String clientSecret, String emailClaim, String groupsClaim,
            Duration timeout) {
        this.issuer = issuer;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.emailClaim = emailClaim;
        this.groupsClaim = groupsClaim;
        this.timeout = timeout;
        this.http = new PreflightHttp(timeout);
    }

    public List<Finding> run() {
        List<Finding> findings = new ArrayList<>();
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        URI discovery;
        try {
            discovery = URI.create(base + "/.well-known/openid-configuration");
        } catch (IllegalArgumentException notAUri) {
            return List.of(Finding.fail(SYSTEM, "the provider's discovery document answers",
                    "the issuer is not a URL: set REQUEST_OIDC_ISSUER to the provider's issuer, e.g. https://sign-in.example.org/realms/aws-accounts"));
        }
        JsonNode document;
        try {
            PreflightHttp.Answer answer = http.get(discovery, null);
            if (!answer.ok() || !answer.json().isObject()) {
                return List.of(Finding.fail(SYSTEM, "the provider's discovery document answers", discovery + " answered " + answer.status()
                        + ": set REQUEST_OIDC_ISSUER to the provider's issuer URL (the one its tokens carry in iss)"));
            }
            document = answer.json();
            findings.add(Finding.pass(SYSTEM, "the provider's discovery document answers", discovery.toString()));
        } catch (IOException | RuntimeException unreachable) {
            return List.of(unreachable("the provider's discovery document answers", discovery, unreachable));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return List.of(Finding.cannotCheck(SYSTEM, "the identity provider", "interrupted"));
        }

        String said = document.path("issuer").asText("");
        findings.add(said.equals(issuer) || said.equals(base)
                ? Finding.pass(SYSTEM, "the provider's issuer is the configured one", said)
                : Finding.fail(SYSTEM, "the provider's issuer is the configured one", "the provider says its issuer is '" + said
                        + "', not '" + issuer + "': set REQUEST_OIDC_ISSUER to '" + said + "' (tokens are checked against it)"));
        findings.add(keys(document));
        findings.add(client(document));
        findings.add(claim(document, "email", emailClaim, "REQUEST_IDENTITY_EMAIL_CLAIM"));
        findings.add(claim(document, "groups", groupsClaim, "REQUEST_IDENTITY_GROUPS_CLAIM"));
        return findings;
    }

    private Finding keys(JsonNode document) {
        String check = "the provider's signing keys (JWKS) answer";
        String jwksUri = document.path("jwks_uri").asText("");
        if (jwksUri.isEmpty()) {
            return Finding.fail(SYSTEM, check, "the discovery document names no jwks_uri: tokens cannot be checked; fix the provider's configuration");
        }
        try {
            URI uri = URI.create(jwksUri);
            PreflightHttp.Answer answer = http.get(uri, null);
            if (!answer.ok()) {
                return Finding.fail(SYSTEM, check, jwksUri + " answered " + answer.status() + ": the service cannot check tokens; check the provider");
            }
            long signing = 0;
            for (JsonNode key : answer.json().path("keys")) {
                String use = key.path("use").asText("sig");
                signing += use.equals("sig") ? 1 : 0;
            }
            return signing > 0 ? Finding.pass(SYSTEM, check, jwksUri + ": " + signing + " signing key(s)")
                    : Finding.fail(SYSTEM, check, jwksUri + " holds no signing key: give the realm an active signing key (e.g. RS256)");
        } catch (IOException | RuntimeException unreachable) {
            return unreachable(check, jwksUri, unreachable);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return Finding.cannotCheck(SYSTEM, check, "interrupted");
        }
    }

    private Finding client(JsonNode document) {
        String check = "client '" + clientId + "' exists and its secret is right";
        String tokenEndpoint = document.path("token_endpoint").asText("");
        if (tokenEndpoint.isEmpty()) {
            return Finding.cannotCheck(SYSTEM, check, "the discovery document names no token_endpoint");
        }
        try {
            PreflightHttp.Answer answer = http.token(URI.create(tokenEndpoint), clientId, clientSecret,
                    Map.of("grant_type", "client_credentials"));
            String error = answer.text("error");
            String description = String.valueOf(answer.text("error_description")).toLowerCase(Locale.ROOT);
            if (answer.ok()) {
                return Finding.pass(SYSTEM, check, "the provider issued the client a token (client credentials)");
            }
            if ("invalid_client".equals(error) || description.contains("invalid client credentials")
                    || description.contains("invalid client secret")) {
                return Finding.fail(SYSTEM, check, "the provider refused client '" + clientId + "' (" + error
                        + "): check REQUEST_OIDC_CLIENT_ID and REQUEST_OIDC_CLIENT_SECRET against the client registered at the provider");
            }
            if ("unauthorized_client".equals(error) || "unsupported_grant_type".equals(error)) {
                return Finding.pass(SYSTEM, check, "the provider authenticated the client (it answered " + error
                        + " to a client credentials grant, which the service does not use)");
            }
            return Finding.cannotCheck(SYSTEM, check, "the token endpoint answered " + answer.status()
                    + (error == null ? "" : " " + error) + ", which says neither way; sign in once to be sure");
        } catch (IOException | RuntimeException unreachable) {
            return unreachable(check, tokenEndpoint, unreachable);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return Finding.cannotCheck(SYSTEM, check, "interrupted");
        }
    }

    /**
     * A configured claim against the provider's {@code claims_supported}. OpenID Connect Discovery says that list
     * need not be complete (Keycloak lists only its standard claims, not those its mappers add, such as groups), so a
     * claim it does not list cannot be judged from here.
     */
    private static Finding claim(JsonNode document, String what, String claim, String setting) {
        String name = claim.contains("/") ? claim.substring(0, claim.indexOf('/')) : claim;
        String check = "the " + what + " claim '" + claim + "' is one the provider issues";
        JsonNode supported = document.path("claims_supported");
        if (!supported.isArray() || supported.isEmpty()) {
            return Finding.cannotCheck(SYSTEM, check, "the provider does not list the claims it supports; sign in once to see it ("
                    + setting + ")");
        }
        for (JsonNode listed : supported) {
            if (listed.asText().equals(name)) {
                return Finding.pass(SYSTEM, check, "listed in claims_supported");
            }
        }
        return Finding.cannotCheck(SYSTEM, check, "not in the provider's claims_supported, which need not list claims its mappers add: "
                + "sign in once and look for '" + name + "' in the token, else set " + setting + " to one of " + supported);
    }

    private Finding unreachable(String check, Object where, Exception failure) {
        return Finding.fail(SYSTEM, check, "no answer from " + where + " within " + timeout.toSeconds() + " s ("
                + failure.getClass().getSimpleName() + "): check REQUEST_OIDC_ISSUER and that the service can reach the provider");
    }
}
