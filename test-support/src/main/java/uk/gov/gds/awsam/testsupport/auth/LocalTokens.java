package uk.gov.gds.awsam.testsupport.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;

/**
 * A local stand-in for the OIDC issuer that signs people's tokens in production: an RSA key pair kept as
 * PEM files (PKCS#8 private, X.509 public) and RS256 JWTs with the claims request-service reads
 * ({@code email}, {@code groups}), issuer and audience. For tests and the local run only.
 *
 * <p>From the command line (JDK only: nothing else on the class path), printing a token ready for
 * {@code Authorization: Bearer} (the key pair is created on first use, the public half next to the private
 * one as {@code public.pem}):
 *
 * <pre>
 * java -cp test-support/target/classes uk.gov.gds.awsam.testsupport.auth.LocalTokens \
 *     --key .run/jwt/private.pem --email someone@digital.cabinet-office.gov.uk [--engineer] [--ttl PT8H]
 * </pre>
 *
 * and point the service at the public half: {@code REQUEST_JWT_PUBLIC_KEY_LOCATION=file:.run/jwt/public.pem}.
 */
public final class LocalTokens {

    public static final String ISSUER = "https://tokens.local.test/aws-account-management";
    public static final String AUDIENCE = "aws-account-management";
    public static final String ENGINEER_GROUP = "engineer";
    public static final Duration DEFAULT_TTL = Duration.ofHours(1);

    private final KeyPair keys;
    private final Path publicKeyFile;

    private LocalTokens(KeyPair keys, Path publicKeyFile) {
        this.keys = keys;
        this.publicKeyFile = publicKeyFile;
    }

    /** The key pair in these files, created (both files) when the private key does not exist yet. */
    public static synchronized LocalTokens loadOrCreate(Path privateKeyFile, Path publicKeyFile) {
        try {
            KeyPair keys;
            if (Files.exists(privateKeyFile)) {
                keys = readKeyPair(Files.readString(privateKeyFile));
            } else {
                keys = generateKeyPair();
                write(privateKeyFile, pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
            }
            String publicPem = pem("PUBLIC KEY", keys.getPublic().getEncoded());
            if (!Files.exists(publicKeyFile) || !Files.readString(publicKeyFile).equals(publicPem)) {
                write(publicKeyFile, publicPem);
            }
            return new LocalTokens(keys, publicKeyFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The tests' key pair, under {@code target/local-tokens} of the module being tested. */
    public static LocalTokens forTests() {
        Path dir = Path.of("target", "local-tokens").toAbsolutePath();
        return loadOrCreate(dir.resolve("private.pem"), dir.resolve("public.pem"));
    }

    /** A key pair of its own, in memory only: tokens it signs are signed by a stranger. */
    public static LocalTokens stranger() {
        return new LocalTokens(generateKeyPair(), null);
    }

    public Path publicKeyFile() {
        return publicKeyFile;
    }

    /** The configuration that makes a service trust these tokens (mp.jwt.verify.*). */
    public Map<String, String> verificationConfig() {
        return Map.of(
                "mp.jwt.verify.publickey.location", publicKeyFile.toUri().toString(),
                "mp.jwt.verify.issuer", ISSUER,
                "mp.jwt.verify.audiences", AUDIENCE);
    }

    /** A valid token for a person, an engineer or not. */
    public String token(String email, boolean engineer) {
        return sign(claims(email, engineer));
    }

    /** The claims of a valid token, to change before {@link #sign(Map)} (e.g. to make it expired). */
    public static Map<String, Object> claims(String email, boolean engineer) {
        Instant now = Instant.now();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("aud", AUDIENCE);
        claims.put("sub", email);
        claims.put("upn", email);
        claims.put("email", email);
        claims.put("groups", engineer ? List.of(ENGINEER_GROUP) : List.of());
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(DEFAULT_TTL).getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        return claims;
    }

    /** An RS256 JWT of these claims, signed with this key pair. */
    public String sign(Map<String, Object> claims) {
        try {
            Map<String, Object> header = new LinkedHashMap<>();
            header.put("alg", "RS256");
            header.put("typ", "JWT");
            header.put("kid", keyId());
            String signingInput = base64Url(json(header).getBytes(StandardCharsets.UTF_8)) + "."
                    + base64Url(json(claims).getBytes(StandardCharsets.UTF_8));
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(keys.getPrivate());
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + base64Url(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign a token", e);
        }
    }

    /** JSON of claims: strings, numbers, booleans, nulls, lists and maps of them. */
    static String json(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof Map<?, ?> map) {
            StringBuilder out = new StringBuilder("{");
            map.forEach((key, item) -> out.append(out.length() > 1 ? "," : "").append(json(String.valueOf(key))).append(':').append(json(item)));
            return out.append('}').toString();
        }
        if (value instanceof Iterable<?> items) {
            StringBuilder out = new StringBuilder("[");
            items.forEach(item -> out.append(out.length() > 1 ? "," : "").append(json(item)));
            return out.append(']').toString();
        }
        StringBuilder out = new StringBuilder("\"");
        value.toString().chars().forEach(c -> {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", c));
                    } else {
                        out.append((char) c);
                    }
                }
            }
        });
        return out.append('"').toString();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** A PKCS#8 RSA private key in PEM, with its public half. */
    private static KeyPair readKeyPair(String pem) {
        try {
            String body = pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "").replaceAll("\\s", "");
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
            return new KeyPair(rsa.generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent())), privateKey);
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalArgumentException("not an RSA private key in PKCS#8 PEM form", e);
        }
    }

    private String keyId() throws GeneralSecurityException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(keys.getPublic().getEncoded())).substring(0, 16);
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static KeyPair generateKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static void write(Path file, String content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temporary = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        Files.writeString(temporary, content);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static void main(String[] args) {
        Path key = null;
        Path publicKey = null;
        String email = null;
        boolean engineer = false;
        Duration ttl = DEFAULT_TTL;
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String arg = rest.remove(0);
            switch (arg) {
                case "--key" -> key = Path.of(value(rest, arg));
                case "--public-key" -> publicKey = Path.of(value(rest, arg));
                case "--email" -> email = value(rest, arg);
                case "--engineer" -> engineer = true;
                case "--ttl" -> ttl = Duration.parse(value(rest, arg));
                default -> usage("unknown option " + arg);
            }
        }
        if (key == null || email == null) {
            usage("--key and --email are required");
        }
        if (publicKey == null) {
            publicKey = key.toAbsolutePath().resolveSibling("public.pem");
        }
        LocalTokens tokens = loadOrCreate(key, publicKey);
        Map<String, Object> claims = claims(email, engineer);
        claims.put("exp", Instant.now().plus(ttl).getEpochSecond());
        System.err.println("public key (REQUEST_JWT_PUBLIC_KEY_LOCATION): " + publicKey.toAbsolutePath().toUri());
        System.out.println(tokens.sign(claims));
    }

    private static String value(List<String> rest, String option) {
        if (rest.isEmpty()) {
            usage(option + " needs a value");
        }
        return rest.remove(0);
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: LocalTokens --key <private.pem> --email <email> [--engineer] [--ttl PT1H] [--public-key <public.pem>]");
        System.exit(2);
    }
}
