package uk.gov.gds.awsam.notifier.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Arrays;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Startup;
import uk.gov.gds.awsam.events.SealedSecret;
import uk.gov.gds.awsam.events.SealedSecrets;
import uk.gov.gds.awsam.notifier.config.NotifierConfig;
import uk.gov.gds.awsam.notifier.domain.InitialPassword;

/**
 * Holds the notifier's private key (read once, at start, from {@code notifier.private-key}) and opens the
 * initial passwords the provisioner sealed to its public key. The clear bytes are wiped as soon as they are
 * decoded; nothing about a password is ever logged.
 */
@ApplicationScoped
@Startup
public class InitialPasswordOpener {

    private static final Logger LOG = Logger.getLogger(InitialPasswordOpener.class);

    private final KeyPair keyPair;

    public InitialPasswordOpener(NotifierConfig config) {
        this.keyPair = readKeyPair(config.privateKey());
        LOG.infof("Notifier key pair loaded; initial passwords must be sealed to key id %s",
                SealedSecrets.keyId(keyPair.getPublic()));
    }

    /** Opens a sealed password; fails (without saying anything of its content) when it cannot be opened. */
    public InitialPassword open(SealedSecret sealed) {
        byte[] clear = SealedSecrets.open(sealed, keyPair);
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(clear));
            char[] password = new char[chars.remaining()];
            chars.get(password);
            if (chars.hasArray()) {
                Arrays.fill(chars.array(), '\0');
            }
            return new InitialPassword(password);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the sealed initial password is not UTF-8 text");
        } finally {
            Arrays.fill(clear, (byte) 0);
        }
    }

    /** The key id passwords must be sealed to. */
    public String keyId() {
        return SealedSecrets.keyId(keyPair.getPublic());
    }

    private static KeyPair readKeyPair(Path path) {
        String pem;
        try {
            pem = Files.readString(path, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException("notifier.private-key: cannot read the notifier's private key at " + path
                    + " (" + e.getClass().getSimpleName() + ")");
        }
        try {
            return SealedSecrets.readKeyPair(pem);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("notifier.private-key: " + path + " does not hold an RSA private key in PKCS#8 PEM form");
        }
    }
}
