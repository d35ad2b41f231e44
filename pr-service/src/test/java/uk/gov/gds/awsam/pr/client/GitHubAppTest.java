package uk.gov.gds.awsam.pr.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.github.tomakehurst.wiremock.client.WireMock;

import uk.gov.gds.awsam.pr.domain.GitHubBudget;
import uk.gov.gds.awsam.pr.domain.GitHubFailure;
import uk.gov.gds.awsam.testsupport.MovableClock;
import uk.gov.gds.awsam.testsupport.github.GitHubSandbox;

/**
 * The GitHub App path against the sandbox, which verifies the JWT as GitHub does (RS256 with the App's public
 * key, {@code iat}/{@code exp} within GitHub's ten minutes): the App's key in the PKCS#1 PEM GitHub hands out and
 * in PKCS#8, the installation token used on every call and renewed before it expires, and a key that is not
 * the App's refused with what to check.
 */
class GitHubAppTest {

    static final String BILLING = "gds/aws-billing-account";
    static final long APP = 12345;
    static final long INSTALLATION = 678;
    static GitHubSandbox sandbox;
    static KeyPair keys;

    @BeforeAll
    static void start() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
        sandbox = GitHubSandbox.start(0, GitHubSandbox.DEFAULT_REPOSITORIES).app(APP, INSTALLATION, keys.getPublic());
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"PKCS#1", "PKCS#8"})
    void theAppAuthenticatesWithItsKeyInEitherPemFormat(String format, @TempDir Path dir) throws Exception {
        Path pem = dir.resolve("app.pem");
        Files.writeString(pem, format.equals("PKCS#1") ? pkcs1(keys) : pkcs8(keys));
        int jwtsBefore = sandbox.appJwts().size();

        GitHubClient client = app(GitHubClient.readAppKey(pem), Clock.systemUTC());

        assertThat(client.branch(BILLING, "main")).isPresent();
        assertThat(client.file(BILLING, "README.md", "main")).isPresent();
        assertThat(sandbox.appJwts()).as("one JWT, exchanged once for an installation token").hasSize(jwtsBefore + 1);
        assertThat(sandbox.wireMock().findAll(WireMock.getRequestedFor(WireMock.urlPathMatching("/repos/.*"))))
                .isNotEmpty().allSatisfy(r -> assertThat(r.getHeader("Authorization")).startsWith("Bearer ghs_"));
    }

    @Test
    void theInstallationTokenIsRenewedBeforeItExpires(@TempDir Path dir) throws Exception {
        Path pem = dir.resolve("app.pem");
        Files.writeString(pem, pkcs1(keys));
        MovableClock clock = MovableClock.at(Instant.now());
        GitHubClient client = app(GitHubClient.readAppKey(pem), clock);
        client.branch(BILLING, "main");
        int jwts = sandbox.appJwts().size();

        client.branch(BILLING, "main");
        assertThat(sandbox.appJwts()).as("the token lasts").hasSize(jwts);

        clock.moveOn(Duration.ofMinutes(56));
        assertThatThrownBy(() -> client.branch(BILLING, "main")).as("the sandbox's clock has not moved: a JWT dated 56 minutes ahead")
                .isInstanceOf(GitHubFailure.class).hasMessageContaining("iat");
        assertThat(sandbox.appJwts()).as("renewed five minutes before the hour").hasSize(jwts + 1);
    }

    @Test
    void aKeyThatIsNotTheAppsIsRefusedWithWhatToCheck(@TempDir Path dir) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        Path pem = dir.resolve("other.pem");
        Files.writeString(pem, pkcs8(generator.generateKeyPair()));

        GitHubClient client = app(GitHubClient.readAppKey(pem), Clock.systemUTC());

        assertThatThrownBy(() -> client.branch(BILLING, "main")).isInstanceOfSatisfying(GitHubFailure.class, f -> {
            assertThat(f.kind()).isEqualTo(GitHubFailure.Kind.REFUSED);
            assertThat(f.getMessage()).contains("401").contains("the private key is the App's");
        });
    }

    @Test
    void aFileWithoutAnRsaKeyIsNamed(@TempDir Path dir) throws IOException {
        Path pem = dir.resolve("not-a-key.pem");
        Files.writeString(pem, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> GitHubClient.readAppKey(pem)).isInstanceOf(IOException.class).hasMessageContaining(pem.toString());
    }

    private static GitHubClient app(java.security.PrivateKey key, Clock clock) {
        return GitHubClient.asApp(sandbox.apiUrl(), APP, INSTALLATION, key, Duration.ofSeconds(5), new GitHubBudget(GitHubBudget.Limits.github()),
                clock, GitHubClient.Calls.NONE);
    }

    static String pkcs8(KeyPair keys) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    /** The PKCS#1 {@code RSAPrivateKey} GitHub hands out (RFC 8017, A.1.2): nine INTEGERs in a SEQUENCE, in PEM. */
    static String pkcs1(KeyPair keys) {
        RSAPrivateCrtKey k = (RSAPrivateCrtKey) keys.getPrivate();
        ByteArrayOutputStream integers = new ByteArrayOutputStream();
        for (BigInteger i : new BigInteger[] {BigInteger.ZERO, k.getModulus(), k.getPublicExponent(), k.getPrivateExponent(), k.getPrimeP(),
                k.getPrimeQ(), k.getPrimeExponentP(), k.getPrimeExponentQ(), k.getCrtCoefficient()}) {
            integers.writeBytes(der(0x02, i.toByteArray()));
        }
        return "-----BEGIN RSA PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(der(0x30, integers.toByteArray()))
                + "\n-----END RSA PRIVATE KEY-----\n";
    }

    private static byte[] der(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length & 0xff);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}
