package uk.gov.gds.awsam.notifier.domain;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A new IAM user's initial password, opened from its sealed form only to be written into that user's email.
 * It never appears in a log or a {@code toString}; the {@link Dispatcher} {@link #wipe()}s it once the email is sent.
 * (The rendered email is a Java string, which cannot be overwritten; it lives only until the email is sent.)
 */
public final class InitialPassword {

    /** The password as it travels: sealed to the notifier's public key (the fields of the events' SealedSecret). */
    public record Sealed(String algorithm, String keyId, ByteBuffer encryptedKey, ByteBuffer iv, ByteBuffer ciphertext) {
    }

    /** The port that opens a sealed password; fails, saying nothing of its content, when it cannot be opened. */
    public interface Opener {
        InitialPassword open(Sealed sealed);
    }

    private final char[] characters;
    private volatile boolean wiped;

    public InitialPassword(char[] characters) {
        this.characters = characters;
    }

    /** The password itself, for the new user's email only. */
    public String reveal() {
        if (wiped) {
            throw new IllegalStateException("the initial password was already wiped");
        }
        return new String(characters);
    }

    public boolean isWiped() {
        return wiped;
    }

    public void wipe() {
        Arrays.fill(characters, '\0');
        wiped = true;
    }

    @Override
    public String toString() {
        return "InitialPassword[redacted]";
    }
}
