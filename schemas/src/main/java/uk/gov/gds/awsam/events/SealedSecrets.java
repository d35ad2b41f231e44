package uk.gov.gds.awsam.events;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * Seals a secret to one recipient's RSA public key so it can travel on Kafka (DESIGN.md §5), and opens it
 * with the matching private key. Hybrid encryption with JDK crypto only: a fresh AES-256-GCM key encrypts
 * the secret (the algorithm name and key id are bound in as associated data), and RSA-OAEP with SHA-256
 * wraps that key. The provisioner seals an IAM user's initial password; only the notifier can open it.
 *
 * <p>Callers own the clear bytes they pass in or get back, and should wipe them ({@link Arrays#fill}).
 */
public final class SealedSecrets {

    /** The only algorithm this version seals with and opens. */
    public static final String ALGORITHM = "RSA-OAEP-256+A256GCM";

    private static final int GCM_TAG_BITS = 128;
    private static final int IV_BYTES = 12;
    private static final int RSA_BITS = 3072;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final OAEPParameterSpec OAEP = new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
            PSource.PSpecified.DEFAULT);

    private SealedSecrets() {
    }

    public static SealedSecret seal(byte[] secret, PublicKey recipient) {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256, RANDOM);
            SecretKey contentKey = generator.generateKey();
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            String keyId = keyId(recipient);

            Cipher content = Cipher.getInstance("AES/GCM/NoPadding");
            content.init(Cipher.ENCRYPT_MODE, contentKey, new GCMParameterSpec(GCM_TAG_BITS, iv));
            content.updateAAD(associatedData(keyId));
            byte[] ciphertext = content.doFinal(secret);

            Cipher wrap = Cipher.getInstance("RSA/ECB/OAEPPadding");
            wrap.init(Cipher.WRAP_MODE, recipient, OAEP);
            byte[] encryptedKey = wrap.wrap(contentKey);

            return SealedSecret.newBuilder()
                    .setAlgorithm(ALGORITHM)
                    .setKeyId(keyId)
                    .setEncryptedKey(ByteBuffer.wrap(encryptedKey))
                    .setIv(ByteBuffer.wrap(iv))
                    .setCiphertext(ByteBuffer.wrap(ciphertext))
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not seal a secret with " + ALGORITHM, e);
        }
    }

    /**
     * Opens a sealed secret. Fails when it was sealed with another algorithm or to another key, or when
     * any byte of it was changed.
     */
    public static byte[] open(SealedSecret sealed, KeyPair recipient) {
        if (!ALGORITHM.equals(sealed.getAlgorithm())) {
            throw new IllegalArgumentException("sealed with " + sealed.getAlgorithm() + ", this opens " + ALGORITHM);
        }
        String keyId = keyId(recipient.getPublic());
        if (!keyId.equals(sealed.getKeyId())) {
            throw new IllegalArgumentException("sealed to key " + sealed.getKeyId() + ", this holds key " + keyId);
        }
        try {
            Cipher unwrap = Cipher.getInstance("RSA/ECB/OAEPPadding");
            unwrap.init(Cipher.UNWRAP_MODE, recipient.getPrivate(), OAEP);
            SecretKey contentKey = (SecretKey) unwrap.unwrap(bytes(sealed.getEncryptedKey()), "AES", Cipher.SECRET_KEY);

            Cipher content = Cipher.getInstance("AES/GCM/NoPadding");
            content.init(Cipher.DECRYPT_MODE, contentKey, new GCMParameterSpec(GCM_TAG_BITS, bytes(sealed.getIv())));
            content.updateAAD(associatedData(keyId));
            return content.doFinal(bytes(sealed.getCiphertext()));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the sealed secret could not be opened (altered, or sealed to another key)", e);
        }
    }

    /** Lower-case hex SHA-256 of the DER (X.509) encoding of a public key. */
    public static String keyId(PublicKey key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** A new RSA key pair for a recipient (e.g. the notifier). */
    public static KeyPair generateKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(RSA_BITS, RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** A PEM "PUBLIC KEY" (X.509 SubjectPublicKeyInfo). */
    public static String publicKeyPem(PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    /** A PEM "PRIVATE KEY" (PKCS#8). Handle as a secret. */
    public static String privateKeyPem(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    public static PublicKey readPublicKey(String pem) {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der(pem, "PUBLIC KEY")));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an RSA public key in PEM form", e);
        }
    }

    /** Reads a PKCS#8 RSA private key and derives its public half. */
    public static KeyPair readKeyPair(String privateKeyPem) {
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) rsa.generatePrivate(
                    new PKCS8EncodedKeySpec(der(privateKeyPem, "PRIVATE KEY")));
            PublicKey publicKey = rsa.generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
            return new KeyPair(publicKey, privateKey);
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("not an RSA private key in PKCS#8 PEM form", e);
        }
    }

    private static byte[] associatedData(String keyId) {
        return (ALGORITHM + "|" + keyId).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static byte[] der(String pem, String type) {
        String body = pem.replace("-----BEGIN " + type + "-----", "").replace("-----END " + type + "-----", "")
                .replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a PEM " + type, e);
        }
    }
}
