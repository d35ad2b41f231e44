package uk.gov.gds.awsam.notifier.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import uk.gov.gds.awsam.events.SealedSecrets;

/**
 * A fresh notifier key pair for the application under test: the private key PEM in a temporary file named
 * by {@code notifier.private-key}, as a deployment provides it. Tests seal passwords to its public half
 * with {@link #publicKey()}.
 */
public class NotifierKeysTestResource implements QuarkusTestResourceLifecycleManager {

    /** JVM-wide, so that tests loaded by another class loader find the same key. */
    private static final String PATH_PROPERTY = "uk.gov.gds.awsam.notifier.test.private-key";

    @Override
    public synchronized Map<String, String> start() {
        return Map.of("notifier.private-key", privateKeyPath().toString());
    }

    @Override
    public void stop() {
        // the key file is kept for the JVM's other tests; it lives in a temporary directory
    }

    /** The public key the application's private key pairs with. */
    public static java.security.PublicKey publicKey() {
        try {
            return SealedSecrets.readKeyPair(Files.readString(privateKeyPath(), StandardCharsets.US_ASCII)).getPublic();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static synchronized Path privateKeyPath() {
        String existing = System.getProperty(PATH_PROPERTY);
        if (existing != null) {
            return Path.of(existing);
        }
        try {
            KeyPair keys = SealedSecrets.generateKeyPair();
            Path directory = Files.createTempDirectory("notifier-keys-");
            Path privateKey = directory.resolve("notifier-private.pem");
            Files.writeString(privateKey, SealedSecrets.privateKeyPem(keys.getPrivate()), StandardCharsets.US_ASCII);
            Files.writeString(directory.resolve("notifier-public.pem"), SealedSecrets.publicKeyPem(keys.getPublic()),
                    StandardCharsets.US_ASCII);
            privateKey.toFile().deleteOnExit();
            directory.resolve("notifier-public.pem").toFile().deleteOnExit();
            directory.toFile().deleteOnExit();
            System.setProperty(PATH_PROPERTY, privateKey.toString());
            return privateKey;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
