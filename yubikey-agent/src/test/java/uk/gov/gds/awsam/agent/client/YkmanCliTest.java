package uk.gov.gds.awsam.agent.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.gov.gds.awsam.agent.domain.KeyDetails;
import uk.gov.gds.awsam.agent.domain.Totp;
import uk.gov.gds.awsam.agent.domain.YubiKeyError;
import uk.gov.gds.awsam.testsupport.yubikey.FakeYkman;

/** The ykman adapter: the commands it runs, what it reads from ykman's output, and ykman's errors. */
class YkmanCliTest {

    private static final String NAME = "Amazon Web Services:root-mfa@123456789012";
    private static final String SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    @TempDir
    Path dir;
    FakeYkman fake;
    YkmanCli ykman;

    @BeforeEach
    void keys() {
        fake = FakeYkman.create(dir).addKey("11111111", "5.4.3").addKey("22222222", "5.7.1");
        ykman = new YkmanCli("ykman", fake.environment(), Duration.ofSeconds(20));
    }

    @Test
    void readsVersionSerialsFirmwareAndCredentials() {
        fake.fill("22222222", 3);
        assertThat(ykman.version()).isEqualTo("5.5.1");
        assertThat(ykman.connectedSerials()).containsExactly("11111111", "22222222");
        KeyDetails details = ykman.describe("22222222");
        assertThat(details.firmware()).isEqualTo("5.7.1");
        assertThat(details.capacity()).isEqualTo(64);
        assertThat(details.credentials()).hasSize(3);
        assertThat(details.usable()).isTrue();
        assertThat(ykman.describe("11111111").capacity()).isEqualTo(32);
    }

    @Test
    void addsTheSecretThroughStandardInputNeverOnTheCommandLineAndReadsCodes() {
        fake.setTime(Instant.ofEpochSecond(59));
        ykman.addTotp("11111111", NAME, SECRET.toCharArray());

        assertThat(fake.secret("11111111", NAME)).hasValue("12345678901234567890".getBytes());
        assertThat(fake.addCalls("11111111")).singleElement().satisfies(argv -> assertThat(argv).containsExactly(
                "--device", "11111111", "oath", "accounts", "add", "-f", "-o", "TOTP", "-d", "6", "-a", "SHA1", "-P", "30", NAME));
        assertThat(ykman.code("11111111", NAME)).isEqualTo("287082")
                .isEqualTo(Totp.code("12345678901234567890".getBytes(), Totp.window(Instant.ofEpochSecond(59))));
    }

    @Test
    void ykmansErrorsKeepItsWordsAndSayWhatKindTheyAre() {
        fake.remove("22222222");
        assertThatThrownBy(() -> ykman.describe("22222222")).isInstanceOfSatisfying(YubiKeyError.class, e -> {
            assertThat(e.kind()).isEqualTo(YubiKeyError.Kind.NOT_CONNECTED);
            assertThat(e.getMessage()).isEqualTo("ERROR: Failed connecting to a YubiKey with serial: 22222222. Make sure the application"
                    + " has the required permissions.");
        });
        fake.fill("11111111", 32);
        assertThatThrownBy(() -> ykman.addTotp("11111111", NAME, SECRET.toCharArray())).isInstanceOfSatisfying(YubiKeyError.class,
                e -> assertThat(e.kind()).isEqualTo(YubiKeyError.Kind.FULL));
        assertThatThrownBy(() -> ykman.code("11111111", NAME)).isInstanceOfSatisfying(YubiKeyError.class,
                e -> assertThat(e.getMessage()).isEqualTo("ERROR: No matching account found."));
        fake.remove("11111111");
        assertThat(ykman.connectedSerials()).isEmpty();
    }

    @Test
    void theMessagesOfTheRealYkmanAreRecognised() {
        assertThat(YkmanCli.failure(null, 1, "ERROR: No YubiKey detected!\n").kind()).isEqualTo(YubiKeyError.Kind.NO_KEY);
        assertThat(YkmanCli.failure("1", 1, "ERROR: Failed connecting to a YubiKey with serial: 1.\nMake sure the application has the"
                + " required permissions.\n").kind()).isEqualTo(YubiKeyError.Kind.NOT_CONNECTED);
        assertThat(YkmanCli.failure("1", 1, "ERROR: The command failed. Is there enough space on the YubiKey?\n").kind())
                .isEqualTo(YubiKeyError.Kind.FULL);
        assertThat(YkmanCli.failure("1", 1, "Enter the password: Aborted!\n").kind()).isEqualTo(YubiKeyError.Kind.LOCKED);
        assertThat(YkmanCli.message("ERROR: An unexpected error has occurred\nTraceback (most recent call last):\n  File \"x\"\n"
                + "smartcard.Exceptions.CardConnectionException: Failed to transmit with protocol T1. Transaction failed.\n", 1))
                .isEqualTo("ERROR: An unexpected error has occurred (smartcard.Exceptions.CardConnectionException: Failed to transmit with"
                        + " protocol T1. Transaction failed.)");
        assertThat(YkmanCli.message("Usage: ykman [OPTIONS] COMMAND [ARGS]...\nTry 'ykman -h' for help.\n\nError: No such command 'x'.\n", 2))
                .isEqualTo("Error: No such command 'x'.");
    }

    @Test
    void aPasswordProtectedKeyIsReportedWithoutPromptingAndAMissingYkmanIsNamed() {
        fake.oathPassword("11111111", "pw", false);
        KeyDetails locked = ykman.describe("11111111");
        assertThat(locked.usable()).isFalse();
        assertThat(fake.calls()).noneMatch(argv -> argv.contains("11111111") && argv.contains("accounts"));

        YkmanCli missing = new YkmanCli("ykman", Map.of("PATH", dir.toString()), Duration.ofSeconds(5));
        assertThatThrownBy(missing::version).isInstanceOfSatisfying(YubiKeyError.class,
                e -> assertThat(e.kind()).isEqualTo(YubiKeyError.Kind.NOT_INSTALLED));
        YkmanCli byPath = new YkmanCli(fake.executable().toString(), fake.environment(), Duration.ofSeconds(5));
        assertThat(byPath.version()).isEqualTo("5.5.1");
    }
}
