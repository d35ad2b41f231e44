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
 * initial passwords the provisioner sealed to its public key: the domain's {@link InitialPassword.Opener}. The clear
 * bytes are wiped as soon as they are decoded; nothing about a password is ever logged.
 */
@ApplicationScoped
@Startup
public class InitialPasswordOpener implements InitialPassword.Opener {

    private static final Logger LOG = Logger.getLogger(InitialPasswordOpener.class);

    private final KeyPair keyPair;

    public InitialPasswordOpener(NotifierConfig config) {
        this.keyPair = readKeyPair(config.privateKey());
        LOG.infof("Notifier key pair loaded; initial passwords must be sealed to key id %s",
                SealedSecrets.keyId(keyPair.getPublic()));
    }

    @Override
    public InitialPassword open(InitialPassword.Sealed sealed) {
        byte[] clear = SealedSecrets.open(new SealedSecret(sealed.algorithm(), sealed.keyId(), sealed.encryptedKey(), sealed.iv(),
                sealed.ciphertext()), keyPair);
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
