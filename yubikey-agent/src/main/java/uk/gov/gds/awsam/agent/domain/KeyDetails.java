package uk.gov.gds.awsam.agent.domain;

import java.util.List;

/**
 * What the agent needs to know about a connected key: its firmware (which sets how many OATH credentials
 * it holds: 32, or 64 from firmware 5.7), whether its OATH application is password protected (and whether
 * ykman remembers the password), and the credentials on it.
 */
public record KeyDetails(String serial, String firmware, boolean passwordProtected, boolean passwordRemembered,
        List<String> credentials) {

    public KeyDetails {
        credentials = List.copyOf(credentials);
    }

    public int capacity() {
        return atLeast(firmware, 5, 7) ? 64 : 32;
    }

    public int free() {
        return Math.max(0, capacity() - credentials.size());
    }

    public boolean holds(String credentialName) {
        return credentials.contains(credentialName);
    }

    /** True when the OATH application can be used without a prompt for its password. */
    public boolean usable() {
        return !passwordProtected || passwordRemembered;
    }

    public static boolean atLeast(String version, int major, int minor) {
        String[] parts = version.trim().split("\\.");
        try {
            int ma = Integer.parseInt(parts[0]);
            int mi = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return ma > major || (ma == major && mi >= minor);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
