package uk.gov.gds.awsam.pr.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.WireMock;

import uk.gov.gds.awsam.testsupport.github.GitHubSandbox;

/** GitHub App credentials: a JWT signed with the App's key (JDK crypto), exchanged for an installation token used on every call. */
class GitHubAppTest {

    GitHubSandbox sandbox;

    @BeforeEach
    void start() {
        sandbox = GitHubSandbox.start(0, GitHubSandbox.DEFAULT_REPOSITORIES);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void theAppAuthenticatesWithASignedJwtThenAnInstallationToken(@TempDir Path dir) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        Path pem = dir.resolve("app.pem");
        Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");

        GitHubClient client = GitHubClient.asApp(sandbox.apiUrl(), 12345, 678, AppJwt.readKey(pem), Duration.ofSeconds(5), Clock.systemUTC());
        assertThat(client.branchHead("gds/aws-billing-account", "main")).isPresent();

        String jwt = sandbox.appJwts().get(0);
        String[] parts = jwt.split("\\.");
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(keys.getPublic());
        rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(rs256.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
        JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertThat(claims.path("iss").asText()).isEqualTo("12345");
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isLessThanOrEqualTo(600);
        assertThat(sandbox.wireMock().findAll(WireMock.getRequestedFor(WireMock.urlEqualTo("/repos/gds/aws-billing-account/git/refs/heads/main"))))
                .allSatisfy(r -> assertThat(r.getHeader("Authorization")).startsWith("token ghs_"));
    }
}
