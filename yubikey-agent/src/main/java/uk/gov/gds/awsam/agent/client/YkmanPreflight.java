package uk.gov.gds.awsam.agent.client;

import java.util.List;

import uk.gov.gds.awsam.agent.domain.KeyDetails;
import uk.gov.gds.awsam.agent.domain.YubiKeyError;
import uk.gov.gds.awsam.agent.domain.YubiKeys;
import uk.gov.gds.awsam.preflight.Finding;

/**
 * The preflight of ykman on the engineer's machine: it is found (agent.ykman, on the PATH or a path), answers
 * {@code --version} within agent.ykman-timeout, and is yubikey-manager 5 or later, as {@code seed} needs. No key
 * need be inserted, and none is touched.
 */
public final class YkmanPreflight {

    static final String SYSTEM = "ykman";
    static final String CHECK = "ykman answers --version, version 5 or later";
    private static final String INSTALL = "install yubikey-manager 5 (`pipx install yubikey-manager`, or your package manager's "
            + "yubikey-manager), or set agent.ykman in agent.properties to its path";

    private final YubiKeys yubiKeys;
    private final String command;

    /** @param command agent.ykman, as configured: named in the findings */
    public YkmanPreflight(YubiKeys yubiKeys, String command) {
        this.yubiKeys = yubiKeys;
        this.command = command;
    }

    public List<Finding> check() {
        String version;
        try {
            version = yubiKeys.version();
        } catch (YubiKeyError e) {
            String message = e.getMessage();
            // YkmanCli's own words say how to install it or where to point agent.ykman when it is not found
            return List.of(Finding.fail(SYSTEM, CHECK, message + (message.contains("agent.ykman") ? "" : " (agent.ykman=" + command + "): " + INSTALL)));
        }
        if (!KeyDetails.atLeast(version, 5, 0)) {
            return List.of(Finding.fail(SYSTEM, CHECK, "ykman " + version + " (agent.ykman=" + command
                    + ") is too old: the agent needs yubikey-manager 5 or later: " + INSTALL));
        }
        return List.of(Finding.pass(SYSTEM, CHECK, "ykman " + version + " (agent.ykman=" + command + ")"));
    }
}
