package uk.gov.gds.awsam.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.Config;

import uk.gov.gds.awsam.contract.AccountId;

/**
 * What a service needs of its configuration in production, checked when it starts: every missing or contradictory
 * setting is named, with its environment variable, in one message (docs/configuration.md says what each one means).
 * Each service lists its rules in its own {@code config} package and calls {@link #refuseToStartUnlessAllHold()}
 * from a startup observer in the production profile. Values are shown only where they are not secrets (hosts,
 * account ids); a secret is only ever said to be missing.
 */
public final class ProductionSettings {

    /**
     * Account ids of examples and tests, never a real account: AWS's documentation and moto (123456789012), this
     * project's samples and former default for gds-users (622626885786), and the all-same-digit placeholders.
     */
    public static final Set<String> EXAMPLE_ACCOUNT_IDS = Set.of("123456789012", "622626885786", "000000000000",
            "111111111111", "999999999999");

    private static final Pattern LOOPBACK = Pattern.compile("localhost|127(\\.\\d{1,3}){3}|0\\.0\\.0\\.0|\\[?::1?]?");

    private final String service;
    private final Config config;
    private final List<String> problems = new ArrayList<>();

    public ProductionSettings(String service, Config config) {
        this.service = service;
        this.config = config;
    }

    /** Kafka and the schema registry, which every service reaches: not on this machine. */
    public ProductionSettings brokerAndRegistry() {
        return notLoopback("kafka.bootstrap.servers", "KAFKA_BOOTSTRAP_SERVERS")
                .notLoopback("mp.messaging.connector.smallrye-kafka.apicurio.registry.url", "APICURIO_REGISTRY_URL");
    }

    /** The setting has a value that is not blank. */
    public ProductionSettings required(String property, String variable) {
        if (value(property).isEmpty()) {
            problems.add(named(property, variable) + " is not set");
        }
        return this;
    }

    /** The setting (a host, host:port list or URL) is set and names no address of this machine. */
    public ProductionSettings notLoopback(String property, String variable) {
        Optional<String> value = value(property);
        if (value.isEmpty()) {
            problems.add(named(property, variable) + " is not set");
        } else {
            for (String entry : value.get().split(",")) {
                String host = host(entry.strip());
                if (LOOPBACK.matcher(host.toLowerCase(Locale.ROOT)).matches()) {
                    problems.add(named(property, variable) + " names this machine (" + host + "): give the production address");
                    break;
                }
            }
        }
        return this;
    }

    /** The setting is an AWS account id (12 digits), and not one of the {@link #EXAMPLE_ACCOUNT_IDS}. */
    public ProductionSettings accountId(String property, String variable) {
        Optional<String> value = value(property);
        if (value.isEmpty()) {
            problems.add(named(property, variable) + " is not set");
        } else if (!AccountId.isValid(value.get())) {
            problems.add(named(property, variable) + " is not an AWS account id (12 digits): " + value.get());
        } else if (EXAMPLE_ACCOUNT_IDS.contains(value.get())) {
            problems.add(named(property, variable) + " is an example account id (" + value.get() + "): give the real one");
        }
        return this;
    }

    /** Like {@link #accountId}, for a setting that may be left out. */
    public ProductionSettings accountIdIfSet(String property, String variable) {
        return value(property).isPresent() ? accountId(property, variable) : this;
    }

    /** The setting, when set, is an ARN whose account is not one of the {@link #EXAMPLE_ACCOUNT_IDS}. */
    public ProductionSettings arnIfSet(String property, String variable) {
        value(property).ifPresent(arn -> {
            String[] parts = arn.split(":");
            if (parts.length < 6 || !parts[0].equals("arn")) {
                problems.add(named(property, variable) + " is not an ARN: " + arn);
            } else if (EXAMPLE_ACCOUNT_IDS.contains(parts[4])) {
                problems.add(named(property, variable) + " names an example account id (" + parts[4] + "): give the real one");
            }
        });
        return this;
    }

    /** The setting, when set, is an https URL that names no address of this machine. */
    public ProductionSettings httpsIfSet(String property, String variable) {
        return value(property).isPresent() ? https(property, variable) : this;
    }

    /** The setting is an https URL that names no address of this machine. */
    public ProductionSettings https(String property, String variable) {
        notLoopback(property, variable);
        value(property).filter(url -> !url.toLowerCase(Locale.ROOT).startsWith("https://"))
                .ifPresent(url -> problems.add(named(property, variable) + " is not an https URL: " + url));
        return this;
    }

    /**
     * The setting is true or false as production needs, whatever an emulator would want; left out, it has its
     * default, which is the production value.
     */
    public ProductionSettings is(String property, String variable, boolean expected, String why) {
        boolean actual = value(property).map(Boolean::parseBoolean).orElse(expected);
        return that(actual == expected, property, variable, "must be " + expected + " in production: " + why);
    }

    /** A contradiction between settings, or a value production must not have, said in the service's words. */
    public ProductionSettings that(boolean holds, String property, String variable, String problem) {
        if (!holds) {
            problems.add(named(property, variable) + " " + problem);
        }
        return this;
    }

    /** The setting's value in this configuration, blank counted as absent. */
    public Optional<String> value(String property) {
        try {
            return config.getOptionalValue(property, String.class).map(String::strip).filter(v -> !v.isEmpty());
        } catch (NoSuchElementException unresolved) {
            // ${VARIABLE} with neither a value nor a default: as good as not set
            return Optional.empty();
        }
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** Throws, naming every problem, when there is any. */
    public void refuseToStartUnlessAllHold() {
        if (!problems.isEmpty()) {
            throw new IllegalStateException(message());
        }
    }

    String message() {
        StringBuilder message = new StringBuilder(service).append(" refuses to start in production: ").append(problems.size())
                .append(problems.size() == 1 ? " setting" : " settings").append(" to fix (docs/configuration.md)");
        problems.forEach(problem -> message.append("\n  - ").append(problem));
        return message.toString();
    }

    private static String named(String property, String variable) {
        return property + " (" + variable + ")";
    }

    /** The host of "host", "host:port", "[::1]:port" or a URL. */
    private static String host(String entry) {
        if (entry.contains("://")) {
            try {
                String host = URI.create(entry).getHost();
                return host == null ? entry : host;
            } catch (IllegalArgumentException notAUri) {
                return entry;
            }
        }
        if (entry.startsWith("[")) {
            return entry.substring(0, entry.indexOf(']') + 1);
        }
        int colon = entry.lastIndexOf(':');
        return colon > 0 && entry.indexOf(':') == colon ? entry.substring(0, colon) : entry;
    }
}
