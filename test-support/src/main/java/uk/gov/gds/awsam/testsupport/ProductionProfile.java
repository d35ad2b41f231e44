package uk.gov.gds.awsam.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.HashMap;
import java.util.Map;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import uk.gov.gds.awsam.events.EventTopicsConfigSource;

/**
 * A service's configuration as its packaged jar sees it in production, without starting Quarkus: the service's own
 * application.properties (from the test class path) with the profile {@code prod}, the topic catalogue, and the
 * given environment variables above them, as a deployment sets them. What a service's production check is fed in
 * its unit tests.
 */
public final class ProductionProfile {

    private ProductionProfile() {
    }

    public static SmallRyeConfig config(Map<String, String> environment) {
        URL properties = Thread.currentThread().getContextClassLoader().getResource("application.properties");
        if (properties == null) {
            throw new IllegalStateException("no application.properties on the class path");
        }
        try {
            return new SmallRyeConfigBuilder()
                    .withProfile("prod")
                    .withSources(new PropertiesConfigSource(properties, 250))
                    .withSources(new EnvConfigSource(environment, 300))
                    .withSources(new EventTopicsConfigSource())
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The environment without one variable, as a deployment that forgot it. */
    public static Map<String, String> without(Map<String, String> environment, String variable) {
        if (!environment.containsKey(variable)) {
            throw new IllegalArgumentException(variable + " is not in the environment to remove it from");
        }
        Map<String, String> fewer = new HashMap<>(environment);
        fewer.remove(variable);
        return fewer;
    }

    /** The environment with one variable set (or replaced). */
    public static Map<String, String> with(Map<String, String> environment, String variable, String value) {
        Map<String, String> more = new HashMap<>(environment);
        more.put(variable, value);
        return more;
    }
}
