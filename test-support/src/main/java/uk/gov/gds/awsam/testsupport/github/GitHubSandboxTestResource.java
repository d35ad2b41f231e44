package uk.gov.gds.awsam.testsupport.github;

import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a {@code @QuarkusTest} a {@link GitHubSandbox} holding the default repositories, and fills its
 * {@code @InjectGitHubSandbox GitHubSandbox} field. The application sees it through
 * {@code github.sandbox.api-url}, {@code github.sandbox.token} and {@code github.sandbox.webhook-secret}
 * (map them onto the service's own keys, e.g. {@code %test.pr.github.api-url=${github.sandbox.api-url}}).
 * Webhooks go where the test points them ({@code sandbox.webhook(url, secret)}), once it knows its port.
 */
public class GitHubSandboxTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String API_URL = "github.sandbox.api-url";
    public static final String TOKEN = "github.sandbox.token";
    public static final String WEBHOOK_SECRET = "github.sandbox.webhook-secret";

    private GitHubSandbox sandbox;
    private String secret;

    @Override
    public Map<String, String> start() {
        sandbox = GitHubSandbox.start(0, GitHubSandbox.DEFAULT_REPOSITORIES);
        secret = "sandbox-webhook-secret-" + UUID.randomUUID();
        sandbox.webhook(null, secret);
        return Map.of(API_URL, sandbox.apiUrl(), TOKEN, "ghp_sandbox" + UUID.randomUUID().toString().replace("-", ""),
                WEBHOOK_SECRET, secret);
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(sandbox, new TestInjector.AnnotatedAndMatchesType(InjectGitHubSandbox.class, GitHubSandbox.class));
    }

    @Override
    public void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    /** The secret webhooks are signed with (the same the application was given). */
    public String secret() {
        return secret;
    }
}
