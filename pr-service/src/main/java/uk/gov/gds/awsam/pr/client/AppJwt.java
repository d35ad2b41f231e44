package uk.gov.gds.awsam.pr.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;

import org.kohsuke.github.authorization.AuthorizationProvider;

/**
 * A GitHub App's JSON Web Token (RS256, signed with the App's private key, JDK crypto only): issued 60 s in
 * the past against clock drift, valid 9 minutes (GitHub allows 10), renewed a minute before it expires.
 * github-api exchanges it for installation tokens.
 */
public final class AppJwt implements AuthorizationProvider {

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    private final long appId;
    private final PrivateKey key;
    private final Clock clock;
    private String token;
    private Instant expires = Instant.MIN;

    public AppJwt(long appId, PrivateKey key, Clock clock) {
        this.appId = appId;
        this.key = key;
        this.clock = clock;
    }

    @Override
    public synchronized String getEncodedAuthorization() {
        Instant now = clock.instant();
        if (token == null || now.isAfter(expires.minusSeconds(60))) {
            expires = now.plusSeconds(540);
            token = sign(now.minusSeconds(60), expires);
        }
        return "Bearer " + token;
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

    /** Reads a PEM private key: PKCS#8, or the PKCS#1 RSA key GitHub hands out (wrapped into PKCS#8 here). */
    public static PrivateKey readKey(Path pem) throws IOException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        boolean pkcs1 = text.contains("BEGIN RSA PRIVATE KEY");
        byte[] der = Base64.getMimeDecoder().decode(text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
        if (pkcs1) {
            der = pkcs1ToPkcs8(der);
        }
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IOException("not an RSA private key: " + pem, e);
        }
    }

    private static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
        byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
        byte[] version = {0x02, 0x01, 0x00};
        byte[] octets = der(0x04, pkcs1);
        byte[] body = new byte[version.length + algorithm.length + octets.length];
        System.arraycopy(version, 0, body, 0, version.length);
        System.arraycopy(algorithm, 0, body, version.length, algorithm.length);
        System.arraycopy(octets, 0, body, version.length + algorithm.length, octets.length);
        return der(0x30, body);
    }

    private static byte[] der(int tag, byte[] content) {
        int length = content.length;
        byte[] lengthBytes;
        if (length < 0x80) {
            lengthBytes = new byte[] {(byte) length};
        } else if (length < 0x100) {
            lengthBytes = new byte[] {(byte) 0x81, (byte) length};
        } else if (length < 0x10000) {
            lengthBytes = new byte[] {(byte) 0x82, (byte) (length >> 8), (byte) length};
        } else {
            lengthBytes = new byte[] {(byte) 0x83, (byte) (length >> 16), (byte) (length >> 8), (byte) length};
        }
        byte[] out = new byte[1 + lengthBytes.length + length];
        out[0] = (byte) tag;
        System.arraycopy(lengthBytes, 0, out, 1, lengthBytes.length);
        System.arraycopy(content, 0, out, 1 + lengthBytes.length, length);
        return out;
    }
}
