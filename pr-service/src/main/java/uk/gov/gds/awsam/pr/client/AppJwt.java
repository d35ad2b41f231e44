package uk.gov.gds.awsam.pr.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;

import io.smallrye.certs.pem.parsers.PKCS1Parser;
import io.smallrye.certs.pem.parsers.PKCS8Parser;

/**
 * A GitHub App's JSON Web Token (RS256, signed with the App's private key, JDK crypto): issued 60 s in the
 * past against clock drift, valid 9 minutes (GitHub allows 10), renewed a minute before it expires. It is only
 * ever sent to {@code POST /app/installations/{id}/access_tokens}.
 */
final class AppJwt {

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    private final long appId;
    private final PrivateKey key;
    private final Clock clock;
    private String token;
    private Instant expires = Instant.MIN;

    AppJwt(long appId, PrivateKey key, Clock clock) {
        this.appId = appId;
        this.key = key;
        this.clock = clock;
    }

    long appId() {
        return appId;
    }

    synchronized String token() {
        Instant now = clock.instant();
        if (token == null || now.isAfter(expires.minusSeconds(60))) {
            expires = now.plusSeconds(540);
            token = sign(now.minusSeconds(60), expires);
        }
        return token;
    }

    String sign(Instant issuedAt, Instant expiresAt) {
        String header = URL.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = URL.encodeToString(("{\"iat\":" + issuedAt.getEpochSecond() + ",\"exp\":" + expiresAt.getEpochSecond()
                + ",\"iss\":\"" + appId + "\"}").getBytes(StandardCharsets.UTF_8));
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(key);
            rs256.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
            return header + "." + claims + "." + URL.encodeToString(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the GitHub App JWT", e);
        }
    }

    /**
     * Reads the App's PEM private key: the PKCS#1 {@code BEGIN RSA PRIVATE KEY} GitHub hands out, or PKCS#8
     * {@code BEGIN PRIVATE KEY} (after {@code openssl pkcs8 -topk8 -nocrypt}), with SmallRye's PEM parsers
     * (already on the class path through Quarkus's TLS registry).
     */
    static PrivateKey readKey(Path pem) throws IOException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        PrivateKey key = text.contains("BEGIN RSA PRIVATE KEY") ? new PKCS1Parser().getKey(text, null)
                : text.contains("BEGIN PRIVATE KEY") ? new PKCS8Parser().getKey(text, null) : null;
        if (key == null || !key.getAlgorithm().equals("RSA")) {
            throw new IOException(pem + " holds no RSA private key in PEM (BEGIN RSA PRIVATE KEY, or BEGIN PRIVATE KEY)");
        }
        return key;
    }
}
