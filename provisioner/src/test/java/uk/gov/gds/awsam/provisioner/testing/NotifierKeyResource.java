package uk.gov.gds.awsam.provisioner.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import uk.gov.gds.awsam.events.SealedSecrets;

/**
 * A notifier key pair made for this test run (no private key is committed): the public half configured as
 * {@code provisioner.notifier-public-key}, the private half left in target/ for tests to open sealed secrets.
 */
public class NotifierKeyResource implements QuarkusTestResourceLifecycleManager {

    private static final Path DIR = Path.of("target", "test-notifier-key");
    private static final Path PUBLIC = DIR.resolve("notifier-public.pem");
    private static final Path PRIVATE = DIR.resolve("notifier-private.pem");

    @Override
    public synchronized Map<String, String> start() {
        try {
            if (!Files.exists(PRIVATE)) {
                Files.createDirectories(DIR);
                KeyPair pair = SealedSecrets.generateKeyPair();
                Files.writeString(PUBLIC, SealedSecrets.publicKeyPem(pair.getPublic()));
                Files.writeString(PRIVATE, SealedSecrets.privateKeyPem(pair.getPrivate()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("provisioner.notifier-public-key", PUBLIC.toAbsolutePath().toString());
    }

    @Override
    public void stop() {
    }

    /** The key pair the notifier would hold: opens what the provisioner sealed. */
    public static KeyPair keyPair() {
        try {
            return SealedSecrets.readKeyPair(Files.readString(PRIVATE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
