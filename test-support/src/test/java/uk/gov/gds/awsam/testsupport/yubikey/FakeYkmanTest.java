package uk.gov.gds.awsam.testsupport.yubikey;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fake ykman keeps to yubikey-manager 5's command line (syntax, output, messages, exit codes) and
 * computes the codes of RFC 6238.
 */
class FakeYkmanTest {

    /** RFC 6238 appendix B's SHA-1 seed, "12345678901234567890", in base32. */
    private static final String RFC_SEED_B32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    private static final String NAME = "Amazon Web Services:root-mfa@123456789012";

    @TempDir
    Path dir;
    FakeYkman ykman;

    @BeforeEach
    void keys() {
        ykman = FakeYkman.create(dir).addKey("11111111", "5.4.3").addKey("22222222", "5.7.1");
    }

    @ParameterizedTest(name = "T = {0}")
    @CsvSource({
            "59, 94287082",
            "1111111109, 07081804",
            "1111111111, 14050471",
            "1234567890, 89005924",
            "2000000000, 69279037",
            "20000000000, 65353130"})
    void codesAreThoseOfRfc6238AppendixB(long seconds, String expected) {
        assertThat(run(RFC_SEED_B32 + "\n", "-d", "11111111", "oath", "accounts", "add", "-d", "8", NAME).exitCode()).isZero();
        ykman.setTime(Instant.ofEpochSecond(seconds));

        FakeYkman.Result single = run(null, "--device", "11111111", "oath", "accounts", "code", "-s", NAME);
        assertThat(single.stdout()).isEqualTo(expected + "\n");
        FakeYkman.Result listed = run(null, "--device", "11111111", "oath", "accounts", "code", NAME);
        assertThat(listed.stdout()).isEqualTo(NAME + "  " + expected + "\n");
    }

    @Test
    void sixDigitCodesAreTheLastSixDigitsAndChangeEveryThirtySeconds() {
        run(null, "-d", "11111111", "oath", "accounts", "add", NAME, RFC_SEED_B32);
        ykman.setTime(Instant.ofEpochSecond(59));
        assertThat(run(null, "-d", "11111111", "oath", "accounts", "code", "-s", NAME).stdout()).isEqualTo("287082\n");
        ykman.setTime(Instant.ofEpochSecond(60));
        assertThat(run(null, "-d", "11111111", "oath", "accounts", "code", "-s", NAME).stdout()).isNotEqualTo("287082\n");
    }

    @Test
    void listsSerialsAndDescribesKeysAsYkmanDoes() {
        assertThat(run(null, "list", "--serials").stdout()).isEqualTo("11111111\n22222222\n");
        assertThat(run(null, "--device", "22222222", "info").stdout())
                .contains("Serial number: 22222222\n").contains("Firmware version: 5.7.1\n");
        assertThat(run(null, "--device", "11111111", "oath", "info").stdout())
                .isEqualTo("OATH version:        5.4.3\nPassword protection: disabled\n");
        ykman.remove("22222222");
        assertThat(run(null, "list", "--serials").stdout()).isEqualTo("11111111\n");
    }

    @Test
    void failsWithYkmansMessagesAndExitCodes() {
        FakeYkman.Result multiple = run(null, "info");
        assertThat(multiple.exitCode()).isEqualTo(1);
        assertThat(multiple.stderr()).isEqualTo("ERROR: Multiple YubiKeys detected. Use --device SERIAL to specify which one to use.\n");

        ykman.remove("11111111").remove("22222222");
        FakeYkman.Result none = run(null, "info");
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.stderr()).isEqualTo("ERROR: No YubiKey detected!\n");

        FakeYkman.Result absent = run(null, "--device", "11111111", "oath", "accounts", "list");
        assertThat(absent.exitCode()).isEqualTo(1);
        assertThat(absent.stderr()).startsWith("ERROR: Failed connecting to a YubiKey with serial: 11111111.\n");

        FakeYkman.Result notANumber = run(null, "--device", "abc", "info");
        assertThat(notANumber.exitCode()).isEqualTo(2);
        assertThat(notANumber.stderr()).contains("Error: Invalid value for '-d' / '--device': 'abc' is not a valid integer.");

        FakeYkman.Result deviceWithList = run(null, "--device", "11111111", "list");
        assertThat(deviceWithList.exitCode()).isEqualTo(2);
    }

    @Test
    void readsAPipedSecretAndRefusesOneThatIsNotBase32() {
        FakeYkman.Result piped = run(RFC_SEED_B32 + "\n", "-d", "11111111", "oath", "accounts", "add", "-f", NAME);
        assertThat(piped.exitCode()).isZero();
        assertThat(ykman.secret("11111111", NAME)).hasValue("12345678901234567890".getBytes());
        assertThat(ykman.calls()).last().asList().doesNotContain(RFC_SEED_B32);

        FakeYkman.Result bad = run("NOT-BASE32-1\n", "-d", "11111111", "oath", "accounts", "add", "-f", "other");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.stderr()).endsWith("Aborted!\n");
        FakeYkman.Result badArgument = run(null, "-d", "11111111", "oath", "accounts", "add", "other", "189");
        assertThat(badArgument.exitCode()).isEqualTo(2);
    }

    @Test
    void asksBeforeOverwritingUnlessForced() {
        run(null, "-d", "11111111", "oath", "accounts", "add", NAME, RFC_SEED_B32);
        FakeYkman.Result asked = run(null, "-d", "11111111", "oath", "accounts", "add", NAME, "JBSWY3DPEHPK3PXP");
        assertThat(asked.exitCode()).isEqualTo(1);
        assertThat(asked.stderr()).contains("An account called " + NAME + " already exists on this YubiKey. Do you want to overwrite it?");
        assertThat(ykman.credentials("11111111")).containsExactly(NAME);

        assertThat(run(null, "-d", "11111111", "oath", "accounts", "add", "-f", NAME, "JBSWY3DPEHPK3PXP").exitCode()).isZero();
        assertThat(ykman.credentials("11111111")).containsExactly(NAME);
        assertThat(ykman.secret("11111111", NAME)).hasValue("Hello!\u00de\u00ad\u00be\u00ef".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    @Test
    void aFullKeyRefusesANewCredential32SlotsBefore57And64From57() {
        ykman.fill("11111111", 32).fill("22222222", 32);
        FakeYkman.Result full = run(null, "-d", "11111111", "oath", "accounts", "add", NAME, RFC_SEED_B32);
        assertThat(full.exitCode()).isEqualTo(1);
        assertThat(full.stderr()).isEqualTo("ERROR: No space left on the YubiKey for OATH accounts.\n");

        assertThat(run(null, "-d", "22222222", "oath", "accounts", "add", NAME, RFC_SEED_B32).exitCode()).isZero();
        ykman.fill("22222222", 31);
        assertThat(ykman.credentials("22222222")).hasSize(64);
        assertThat(run(null, "-d", "22222222", "oath", "accounts", "add", "another", RFC_SEED_B32).stderr())
                .isEqualTo("ERROR: No space left on the YubiKey for OATH accounts.\n");
    }

    @Test
    void aKeyPulledOutMidCommandFailsThatCommandAndStaysOut() {
        ykman.unplugDuring("22222222", "add");
        FakeYkman.Result pulled = run(RFC_SEED_B32 + "\n", "-d", "22222222", "oath", "accounts", "add", "-f", NAME);
        assertThat(pulled.exitCode()).isEqualTo(1);
        assertThat(pulled.stderr()).startsWith("ERROR: An unexpected error has occurred\n");
        assertThat(ykman.credentials("22222222")).isEmpty();
        assertThat(ykman.isInserted("22222222")).isFalse();
        assertThat(run(null, "list", "--serials").stdout()).isEqualTo("11111111\n");
    }

    @Test
    void aPasswordProtectedKeyNeedsItsPasswordUnlessRemembered() {
        ykman.oathPassword("11111111", "s3cret", false);
        FakeYkman.Result locked = run(null, "-d", "11111111", "oath", "accounts", "list");
        assertThat(locked.exitCode()).isEqualTo(1);
        assertThat(locked.stderr()).endsWith("Aborted!\n");
        assertThat(run(null, "-d", "11111111", "oath", "info").stdout()).contains("Password protection: enabled");

        ykman.oathPassword("11111111", "s3cret", true);
        assertThat(run(null, "-d", "11111111", "oath", "accounts", "list").exitCode()).isZero();
        assertThat(run(null, "-d", "11111111", "oath", "info").stdout())
                .contains("The password for this YubiKey is remembered by ykman.");
    }

    /**
     * As ykman 5's {@code oath accounts delete} (ykman/_cli/oath.py): a name not on the key is "No matches, nothing to be
     * done." and success, not an error; a query that matches several is refused; it asks unless forced.
     */
    @Test
    void deletesAsYkmanDoesAndAnAbsentNameIsNothingToDo() {
        run(null, "-d", "11111111", "oath", "accounts", "add", NAME, RFC_SEED_B32);
        run(null, "-d", "11111111", "oath", "accounts", "add", NAME + "9", RFC_SEED_B32);
        FakeYkman.Result several = run(null, "-d", "11111111", "oath", "accounts", "delete", "-f", "root-mfa");
        assertThat(several.exitCode()).isEqualTo(1);
        assertThat(several.stderr()).startsWith("Error: Multiple matches, make the query more specific.");

        FakeYkman.Result declined = run("n\n", "-d", "11111111", "oath", "accounts", "delete", NAME);
        assertThat(declined.exitCode()).isZero();
        assertThat(declined.stdout()).isEqualTo("Deletion aborted by user.\n");
        assertThat(run(null, "-d", "11111111", "oath", "accounts", "delete", NAME).stderr()).endsWith("Aborted!\n");
        assertThat(ykman.credentials("11111111")).containsExactly(NAME, NAME + "9");

        FakeYkman.Result deleted = run(null, "-d", "11111111", "oath", "accounts", "delete", "-f", NAME);
        assertThat(deleted.exitCode()).isZero();
        assertThat(deleted.stdout()).isEqualTo("Deleted " + NAME + ".\n");
        assertThat(ykman.credentials("11111111")).containsExactly(NAME + "9");

        FakeYkman.Result absent = run(null, "-d", "22222222", "oath", "accounts", "delete", "-f", NAME);
        assertThat(absent.exitCode()).isZero();
        assertThat(absent.stdout()).isEqualTo("No matches, nothing to be done.\n");
    }

    private FakeYkman.Result run(String stdin, String... args) {
        return ykman.run(stdin, Map.of(), args);
    }
}
