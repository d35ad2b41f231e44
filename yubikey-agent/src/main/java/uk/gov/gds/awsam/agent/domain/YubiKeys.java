package uk.gov.gds.awsam.agent.domain;

import java.util.List;

/**
 * The YubiKeys, through ykman (yubikey-manager 5). Every method fails with {@link YubiKeyError}, carrying
 * ykman's own message, when ykman is missing, a key is not there or ykman refuses.
 */
public interface YubiKeys {

    /** ykman's version, e.g. {@code 5.5.1}. */
    String version();

    /** Serials of the keys connected now. */
    List<String> connectedSerials();

    /** Firmware, OATH password state and OATH credential names of a connected key. */
    KeyDetails describe(String serial);

    /**
     * Stores a TOTP credential (SHA-1, 6 digits, 30 s) on a key, replacing one of the same name. The secret
     * goes to ykman only, never on its command line.
     */
    void addTotp(String serial, String credentialName, char[] base32Secret);

    /**
     * Deletes a credential from a key, by its exact name (ykman matches a query as a substring when no name is
     * equal to it: only call this for a name {@link #describe} listed). ykman answers a name not on the key with
     * "No matches, nothing to be done." and success, so whether it is gone is checked by listing again.
     */
    void delete(String serial, String credentialName);

    /** The current code of a credential on a key. */
    String code(String serial, String credentialName);
}
