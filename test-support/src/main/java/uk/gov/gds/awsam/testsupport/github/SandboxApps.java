package uk.gov.gds.awsam.testsupport.github;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import uk.gov.gds.awsam.testsupport.github.SandboxState.GitHubError;

/**
 * GitHub Apps as GitHub checks them ("Generating a JSON Web Token (JWT) for a GitHub App"): the JWT is RS256,
 * signed with the App's private key (verified here with the public key the test registered), issued no later
 * than now (60 s of drift allowed), expiring in the future and at most 10 minutes after it was issued; its
 * {@code iss} is the App id. The installation token it buys ({@code ghs_…}) lasts an hour and is the only
 * {@code ghs_} token the API accepts ({@code 401 Bad credentials} otherwise).
 */
final class SandboxApps {

    private record App(long id, PublicKey key, long installationId) {
    }

    private final Map<Long, App> apps = new HashMap<>();
    private final Map<String, Instant> installationTokens = new HashMap<>();
    private final List<String> jwts = new ArrayList<>();

    synchronized void register(long appId, PublicKey key, long installationId) {
        apps.put(appId, new App(appId, key, installationId));
    }

    synchronized List<String> jwts() {
        return List.copyOf(jwts);
    }

    /** The App id of a valid JWT in {@code Authorization: Bearer}; GitHub's 401 otherwise. */
    synchronized long verify(String authorization, Instant now) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new GitHubError(401, "A JSON web token could not be decoded");
        }
        String jwt = authorization.substring(7).trim();
        jwts.add(jwt);
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            throw new GitHubError(401, "A JSON web token could not be decoded");
        }
        JsonNode header;
        JsonNode claims;
        try {
            header = GitHubJson.JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            claims = GitHubJson.JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new GitHubError(401, "A JSON web token could not be decoded");
        }
        if (!header.path("alg").asText().equals("RS256")) {
            throw new GitHubError(401, "A JSON web token could not be decoded");
        }
        long appId = claims.path("iss").asLong(0);
        App app = apps.get(appId);
        if (app == null) {
            throw new GitHubError(401, "Integration not found");
        }
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initVerify(app.key());
            rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!rs256.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                throw new GitHubError(401, "A JSON web token could not be decoded");
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new GitHubError(401, "A JSON web token could not be decoded");
        }
        long iat = claims.path("iat").asLong(Long.MAX_VALUE);
        long exp = claims.path("exp").asLong(0);
        if (iat > now.getEpochSecond() + 60) {
            throw new GitHubError(401, "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued");
        }
        if (exp <= now.getEpochSecond()) {
            throw new GitHubError(401, "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the"
                    + " assertion expires");
        }
        if (exp - iat > 600 || exp > now.getEpochSecond() + 600) {
            throw new GitHubError(401, "'Expiration time' claim ('exp') is too far in the future");
        }
        return appId;
    }

    /** An installation token of the App for its installation; 404 for an installation the App does not have. */
    synchronized String installationToken(long appId, long installationId, Instant expires) {
        if (apps.get(appId).installationId() != installationId) {
            throw new GitHubError(404, "Not Found");
        }
        String token = "ghs_" + UUID.randomUUID().toString().replace("-", "");
        installationTokens.put(token, expires);
        return token;
    }

    synchronized boolean installationOf(long appId, long installationId) {
        App app = apps.get(appId);
        return app != null && app.installationId() == installationId;
    }

    /**
     * Whether a bearer/token credential is one GitHub would take: an installation token ({@code ghs_}) must be
     * one issued here and unexpired; any other token stands for a personal access token, as the sandbox cannot know real ones.
     */
    synchronized boolean accepts(String token, Instant now) {
        if (!token.startsWith("ghs_")) {
            return true;
        }
        Instant expires = installationTokens.get(token);
        return expires != null && now.isBefore(expires);
    }
}
