package uk.gov.gds.awsam.request.client;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import uk.gov.gds.awsam.preflight.Finding;

/**
 * The preflight of the schema registry (Apicurio Registry 3; in tests and the local run, test-support's stand-in),
 * with the service's own registry settings: it answers {@code GET /system/info} (with the service's registry
 * credentials, when it has them: OAuth2 client credentials from the identity provider), and its global
 * COMPATIBILITY rule makes every new schema version BACKWARD compatible (DESIGN §3), read from
 * {@code GET /admin/rules/COMPATIBILITY}: Apicurio answers 404 ({@code RuleNotFoundException}, "No rule named
 * 'COMPATIBILITY' was found.") when none is set. Read-only.
 */
public class SchemaRegistryCheck {

    public static final String SYSTEM = "registry";

    /** Compatibility levels that keep every new version readable by consumers of the one before, or stricter. */
    static final Set<String> BACKWARD_OR_STRICTER = Set.of("BACKWARD", "BACKWARD_TRANSITIVE", "FULL", "FULL_TRANSITIVE");

    private final String url;
    private final Optional<Credentials> credentials;
    private final Duration timeout;
    private final PreflightHttp http;

    /** The service's registry client at the identity provider, when the registry authenticates writers. */
    public record Credentials(String tokenEndpoint, String clientId, String clientSecret) {
    }

    /**
     * @param url the registry's v3 API base ({@code APICURIO_REGISTRY_URL}), e.g. {@code http://host/apis/registry/v3}
     * @param credentials the service's registry credentials, if configured
     */
    public SchemaRegistryCheck(String url, Optional<Credentials> credentials, Duration timeout) {
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.credentials = credentials;
        this.timeout = timeout;
        this.http = new PreflightHttp(timeout);
    }

    public List<Finding> run() {
        List<Finding> findings = new ArrayList<>();
        String token = null;
        if (credentials.isPresent()) {
            Credentials c = credentials.get();
            String check = "the registry client '" + c.clientId() + "' gets a token";
            try {
                PreflightHttp.Answer answer = http.token(URI.create(c.tokenEndpoint()), c.clientId(), c.clientSecret(),
                        Map.of("grant_type", "client_credentials"));
                token = answer.ok() ? answer.text("access_token") : null;
                if (token == null) {
                    findings.add(Finding.fail(SYSTEM, check, c.tokenEndpoint() + " answered " + answer.status()
                            + (answer.text("error") == null ? "" : " " + answer.text("error"))
                            + ": check APICURIO_REGISTRY_AUTH_CLIENT_ID and APICURIO_REGISTRY_AUTH_CLIENT_SECRET (a client with service accounts enabled)"));
                } else {
                    findings.add(Finding.pass(SYSTEM, check, "from " + c.tokenEndpoint()));
                }
            } catch (IOException | RuntimeException unreachable) {
                findings.add(Finding.fail(SYSTEM, check, "no answer from " + c.tokenEndpoint() + " (" + unreachable.getClass().getSimpleName()
                        + "): check APICURIO_REGISTRY_AUTH_TOKEN_ENDPOINT"));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return List.of(Finding.cannotCheck(SYSTEM, check, "interrupted"));
            }
        }
        try {
            String check = "the registry answers";
            PreflightHttp.Answer info = http.get(URI.create(url + "/system/info"), token);
            if (info.status() == 401 || info.status() == 403) {
                findings.add(Finding.fail(SYSTEM, check, url + "/system/info answered " + info.status()
                        + ": give the service registry credentials (APICURIO_REGISTRY_AUTH_*) with a role that may read"));
                return findings;
            }
            if (!info.ok()) {
                findings.add(Finding.fail(SYSTEM, check, url + "/system/info answered " + info.status()
                        + ": set APICURIO_REGISTRY_URL to the registry's v3 API, e.g. https://registry.example.org/apis/registry/v3"));
                return findings;
            }
            findings.add(Finding.pass(SYSTEM, check, url + ": " + info.text("name") + " " + info.text("version")));
            findings.add(compatibility(token));
        } catch (IOException | RuntimeException unreachable) {
            findings.add(Finding.fail(SYSTEM, "the registry answers", "no answer from " + url + " within " + timeout.toSeconds() + " s ("
                    + unreachable.getClass().getSimpleName() + "): check APICURIO_REGISTRY_URL and that the service can reach it"));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            findings.add(Finding.cannotCheck(SYSTEM, "the registry", "interrupted"));
        }
        return findings;
    }

    private Finding compatibility(String token) throws IOException, InterruptedException {
        String check = "the global COMPATIBILITY rule is BACKWARD";
        String set = "set it (an administrator): POST " + url + "/admin/rules {\"ruleType\": \"COMPATIBILITY\", \"config\": \"BACKWARD\"},"
                + " or start Apicurio with APICURIO_RULES_GLOBAL_COMPATIBILITY=BACKWARD (deploy/k8s/registry/apicurio.yaml)";
        PreflightHttp.Answer rule = http.get(URI.create(url + "/admin/rules/COMPATIBILITY"), token);
        if (rule.status() == 404) {
            return Finding.fail(SYSTEM, check, "no global COMPATIBILITY rule is set, so an incompatible schema would be registered: " + set);
        }
        if (rule.status() == 401 || rule.status() == 403) {
            return Finding.cannotCheck(SYSTEM, check, "the registry answered " + rule.status() + " to reading its global rules with the service's credentials");
        }
        if (!rule.ok()) {
            return Finding.cannotCheck(SYSTEM, check, "the registry answered " + rule.status() + " to GET /admin/rules/COMPATIBILITY");
        }
        String config = rule.text("config");
        return config != null && BACKWARD_OR_STRICTER.contains(config)
                ? Finding.pass(SYSTEM, check, config)
                : Finding.fail(SYSTEM, check, "it is " + config + ", so an incompatible schema could be registered: set it to BACKWARD"
                        + " (an administrator): PUT " + url + "/admin/rules/COMPATIBILITY {\"ruleType\": \"COMPATIBILITY\", \"config\": \"BACKWARD\"}");
    }
}
