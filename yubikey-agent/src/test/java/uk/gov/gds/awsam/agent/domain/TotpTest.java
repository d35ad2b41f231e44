package uk.gov.gds.awsam.agent.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The agent's TOTP against RFC 6238 appendix B (SHA-1). */
class TotpTest {

    private static final byte[] SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest(name = "T = {0}")
    @CsvSource({"59, 94287082", "1111111109, 07081804", "1111111111, 14050471", "1234567890, 89005924",
            "2000000000, 69279037", "20000000000, 65353130"})
    void rfc6238TestVectors(long seconds, String expected) {
        long window = Totp.window(Instant.ofEpochSecond(seconds));
        assertThat(Totp.code(SEED, window, 8)).isEqualTo(expected);
        assertThat(Totp.code(SEED, window)).isEqualTo(expected.substring(2));
    }

    @Test
    void windowsAreThirtySecondsFromTheEpoch() {
        Instant at = Instant.parse("2026-11-21T10:00:10Z");
        assertThat(Totp.nextWindowStart(at)).isEqualTo(Instant.parse("2026-11-21T10:00:30Z"));
        assertThat(Totp.leftInWindow(at)).isEqualTo(Duration.ofSeconds(20));
        assertThat(Totp.window(Instant.parse("2026-11-21T10:00:29.999Z"))).isEqualTo(Totp.window(at));
        assertThat(Totp.window(Instant.parse("2026-11-21T10:00:30Z"))).isEqualTo(Totp.window(at) + 1);
    }
}
