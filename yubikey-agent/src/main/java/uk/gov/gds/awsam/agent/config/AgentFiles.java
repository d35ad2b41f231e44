package uk.gov.gds.awsam.agent.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the engineer's configuration lives: {@code ~/.config/aws-accounts/agent.properties} (under
 * {@code $XDG_CONFIG_HOME} when set), or the file named by {@code --config FILE} or
 * {@code YUBIKEY_AGENT_CONFIG}. The registered keys are kept beside it, in {@code yubikeys.properties}.
 */
public final class AgentFiles {

    /** System property the launcher's {@code --config FILE} sets before the application starts. */
    public static final String CONFIG_PROPERTY = "yubikey-agent.config";
    public static final String CONFIG_ENV = "YUBIKEY_AGENT_CONFIG";
    public static final String KEYS_FILE_NAME = "yubikeys.properties";

    private AgentFiles() {
    }

    public static Path configFile() {
        return configFile(System.getProperty(CONFIG_PROPERTY), System.getenv(), System.getProperty("user.home"));
    }

    static Path configFile(String property, Map<String, String> env, String home) {
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String named = env.get(CONFIG_ENV);
        if (named != null && !named.isBlank()) {
            return Path.of(named);
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(home, ".config");
        return base.resolve("aws-accounts").resolve("agent.properties");
    }

    /** The registered keys' file: {@code agent.keys-file}, else beside the configuration file. */
    public static Path keysFile(java.util.Optional<String> configured) {
        return configured.filter(s -> !s.isBlank()).map(Path::of).orElseGet(() -> configFile().resolveSibling(KEYS_FILE_NAME));
    }
}
