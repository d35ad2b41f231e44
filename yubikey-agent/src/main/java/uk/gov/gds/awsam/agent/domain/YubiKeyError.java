package uk.gov.gds.awsam.agent.domain;

/** ykman could not do what was asked; the message says why in the engineer's terms, with ykman's words. */
public class YubiKeyError extends RuntimeException {

    public enum Kind {
        /** ykman is not installed, not on the PATH, or too old. */
        NOT_INSTALLED,
        /** The key asked for is not connected (ykman: "Failed connecting to a YubiKey with serial"). */
        NOT_CONNECTED,
        /** No YubiKey at all (ykman: "No YubiKey detected!"). */
        NO_KEY,
        /** No free OATH slot (ykman: "No space left on the YubiKey for OATH accounts."). */
        FULL,
        /** The OATH application wants a password ykman does not remember. */
        LOCKED,
        /** Anything else ykman reported, including a key pulled out mid-command. */
        FAILED
    }

    private final Kind kind;
    private final String serial;

    public YubiKeyError(Kind kind, String serial, String message) {
        super(message);
        this.kind = kind;
        this.serial = serial;
    }

    public Kind kind() {
        return kind;
    }

    /** The key concerned, or null. */
    public String serial() {
        return serial;
    }
}
