package uk.gov.gds.awsam.notifier.domain;

import java.util.Arrays;

/**
 * A new IAM user's initial password, opened from its sealed form only to be written into that user's email.
 * It never appears in a log or a {@code toString}; {@link #wipe()} overwrites it once the email is sent.
 * (The rendered email is a Java string, which cannot be overwritten; it lives only until the email is sent.)
 */
public final class InitialPassword implements AutoCloseable {

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

    public int length() {
        return characters.length;
    }

    public boolean isWiped() {
        return wiped;
    }

    public void wipe() {
        Arrays.fill(characters, '\0');
        wiped = true;
    }

    @Override
    public void close() {
        wipe();
    }

    @Override
    public String toString() {
        return "InitialPassword[redacted]";
    }
}
