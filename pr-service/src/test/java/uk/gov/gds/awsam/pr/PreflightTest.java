package uk.gov.gds.awsam.pr;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import uk.gov.gds.awsam.testsupport.KafkaTestResource;
import uk.gov.gds.awsam.testsupport.github.GitHubSandbox;
import uk.gov.gds.awsam.testsupport.github.GitHubSandboxTestResource;
import uk.gov.gds.awsam.testsupport.github.InjectGitHubSandbox;

/**
 * {@code POST /preflight} against the GitHub sandbox, pr-service acting as a GitHub App (the production path) whose
 * JWT the sandbox verifies: everything right passes; a missing App permission, a webhook signing with another secret,
 * a repository without the webhook each fail with the line that says what to change.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(GitHubSandboxTestResource.class)
@TestProfile(PreflightTest.AsApp.class)
class PreflightTest {

    static final long APP = 4242;
    static final long INSTALLATION = 9191;
    /** The test configuration names team reviewers for the billing repository, so Members: read is needed. */
    static final String[] EVERYTHING = {"contents:write", "pull_requests:write", "issues:write", "metadata:read", "members:read",
        "repository_hooks:read"};

    @InjectGitHubSandbox
    GitHubSandbox github;

    @BeforeEach
    void theAppAndItsWebhooks() {
        github.reset();
        github.app(APP, INSTALLATION, AsApp.publicKey()).webhookUrl(AsApp.webhookUrl()).permissions(EVERYTHING);
    }

    @Test
    void everythingRightPasses() {
        Response answer = preflight("text/plain");

        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(200);
        assertThat(answer.asString()).startsWith("# pr-service\n")
                .contains("PASS          github    authenticate as the GitHub App")
                .contains("PASS          github    make an installation token")
                .contains("PASS          github    reach " + Requests.BILLING, "PASS          github    reach " + Requests.USERS)
                .contains("PASS          github    App permission Members (organisation): Read-only (members: read): granted (read)")
                .contains("PASS          github    webhook of " + Requests.BILLING + ": webhook ")
                .contains("PASS          github    ping the webhook of " + Requests.BILLING + ": pr-service answered GitHub's signed ping 200")
                .contains("PASS          github    ping the webhook of " + Requests.USERS)
                .doesNotContain("FAIL", "CANNOT-CHECK", github.webhookSecret())
                .endsWith("pr-service: preflight passed\n");
        assertThat(github.deliveries()).anySatisfy(d -> {
            assertThat(d.event()).isEqualTo("ping");
            assertThat(d.headers()).containsEntry("X-GitHub-Event", "ping").containsKey("X-Hub-Signature-256");
            assertThat(d.status()).isEqualTo(200);
        });
    }

    @Test
    void theReportIsJsonWhenAskedFor() {
        Response answer = preflight("application/json");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.jsonPath().getString("service")).isEqualTo("pr-service");
        assertThat(answer.jsonPath().getList("findings.outcome")).isNotEmpty().containsOnly("PASS");
    }

    @Test
    void aMissingAppPermissionFailsNamingItAndWhereToGrantIt() {
        github.permissions("contents:write", "pull_requests:write", "issues:write", "metadata:read", "repository_hooks:read");

        Response answer = preflight("text/plain");

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.asString()).contains("FAIL          github    App permission Members (organisation): Read-only (members: read):"
                + " not granted; needed for team reviewers")
                .contains("grant it in the App's settings (Permissions & events), then accept the new permissions in the organisation")
                .endsWith("pr-service: preflight FAILED, 1 to fix\n");
    }

    @Test
    void withoutWebhooksReadTheWebhookCannotBeCheckedAndThePermissionFails() {
        github.permissions("contents:write", "pull_requests:write", "issues:write", "metadata:read", "members:read");

        Response answer = preflight("text/plain");

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.asString()).contains("FAIL          github    App permission Webhooks: Read-only (repository_hooks: read): not granted")
                .contains("CANNOT-CHECK  github    webhook of " + Requests.BILLING + ": GitHub answered 403 Resource not accessible by"
                        + " integration: these credentials may not read the repository's webhooks; the App's Webhooks: Read-only"
                        + " permission (repository_hooks)");
    }

    @Test
    void aWebhookSigningWithAnotherSecretFailsNamingTheSecret() {
        github.hookSecret(Requests.BILLING, "not-pr-services-secret");

        Response answer = preflight("text/plain");

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.asString()).contains("FAIL          github    ping the webhook of " + Requests.BILLING
                + ": pr-service answered GitHub's ping 401: the hook's secret differs from PR_WEBHOOK_SECRET (pr.webhook.secret)")
                .contains("PASS          github    ping the webhook of " + Requests.USERS)
                .doesNotContain("not-pr-services-secret", github.webhookSecret());
    }

    @Test
    void aRepositoryWithoutTheWebhookFailsSayingHowToCreateIt() {
        github.withoutHook(Requests.USERS);

        Response answer = preflight("text/plain");

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.asString()).contains("FAIL          github    webhook of " + Requests.USERS + ": no webhook delivers to "
                + AsApp.webhookUrl() + ": create one in " + Requests.USERS + " → Settings → Webhooks → Add webhook: Payload URL "
                + AsApp.webhookUrl() + ", Content type application/json (application/x-www-form-urlencoded works too), Secret = the"
                + " value of PR_WEBHOOK_SECRET, events: Pull requests only, Active")
                .contains("PASS          github    ping the webhook of " + Requests.BILLING);
    }

    @Test
    void theAppsOwnWebhookServesForTheRepositoriesAndItsLatestDeliveryIsJudged() {
        github.appWebhook();

        String unproven = preflight("text/plain").asString();
        assertThat(unproven).contains("PASS          github    the App's webhook: the App's webhook delivers to " + AsApp.webhookUrl())
                .contains("CANNOT-CHECK  github    the App webhook's latest delivery: no delivery yet, and GitHub offers no ping")
                .doesNotContain("FAIL").endsWith("pr-service: preflight passed (1 not checked: see above)\n");

        assertThat(github.ping(Requests.BILLING).status()).isEqualTo(200);
        Response answer = preflight("text/plain");

        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(200);
        assertThat(answer.asString()).contains("PASS          github    the App webhook's latest delivery: pr-service answered GitHub's"
                + " signed ping 200").doesNotContain("CANNOT-CHECK");
    }

    private static Response preflight(String accept) {
        return given().accept(accept).post("/preflight");
    }

    /**
     * pr-service as the GitHub App (its key in a PEM file), on a port known before it starts so its webhook URL is.
     * Quarkus loads a profile in its own class loader too, so what the test and the application share is kept in
     * system properties, made once.
     */
    public static class AsApp implements QuarkusTestProfile {
        private static final String PORT = "pr-service.preflight-test.port";
        private static final String PRIVATE = "pr-service.preflight-test.private-key";
        private static final String PUBLIC = "pr-service.preflight-test.public-key";

        static synchronized void prepare() {
            if (System.getProperty(PORT) != null) {
                return;
            }
            try (ServerSocket socket = new ServerSocket(0)) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair keys = generator.generateKeyPair();
                System.setProperty(PRIVATE, Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded()));
                System.setProperty(PUBLIC, Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()));
                System.setProperty(PORT, String.valueOf(socket.getLocalPort()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        static String webhookUrl() {
            prepare();
            return "http://127.0.0.1:" + System.getProperty(PORT) + "/webhooks/github";
        }

        static PublicKey publicKey() {
            prepare();
            try {
                return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(System.getProperty(PUBLIC))));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            prepare();
            try {
                Path pem = Files.createTempFile("pr-service-app", ".pem");
                pem.toFile().deleteOnExit();
                Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(Base64.getDecoder()
                        .decode(System.getProperty(PRIVATE))) + "\n-----END PRIVATE KEY-----\n");
                return Map.of("quarkus.http.test-port", System.getProperty(PORT), "pr.github.app.id", String.valueOf(APP),
                        "pr.github.app.installation-id", String.valueOf(INSTALLATION), "pr.github.app.private-key", pem.toString(),
                        "pr.webhook.public-url", webhookUrl());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
