package uk.gov.gds.awsam.agent.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class Base32Test {

    @Test
    void decodesWhatTheConsoleShowsInAnyCaseWithSpacesAndPadding() {
        byte[] seed = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
        assertThat(Base32.encode(seed)).isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assertThat(Base32.decode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ".toCharArray())).isEqualTo(seed);
        assertThat(Base32.decode("gezd gnbv gy3t qojq gezd gnbv gy3t qojq".toCharArray())).isEqualTo(seed);
        assertThat(Base32.decode("JBSWY3DPEHPK3PXPJBSWY3DPEE======".toCharArray())).hasSize(16);
    }

    @Test
    void roundTripsEveryLength() {
        for (int n = 10; n < 50; n++) {
            byte[] data = new byte[n];
            new java.util.Random(n).nextBytes(data);
            assertThat(Base32.decode(Base32.encode(data).toCharArray())).isEqualTo(data);
        }
    }

    @Test
    void saysWhatIsWrongWithoutRepeatingTheInput() {
        assertThat(Base32.problem("GEZDGNBVGY3TQOJ1GEZDGNBV".toCharArray())).hasValue(
                "character 16 is not base32 (only the letters A-Z and the digits 2-7 are)");
        assertThat(Base32.problem("GEZDGNBVGY3TQOJQG".toCharArray())).get().asString().contains("not a whole number of base32 bytes");
        assertThat(Base32.problem("GEZDGNBV".toCharArray())).get().asString().contains("too short");
        assertThat(Base32.problem("".toCharArray())).hasValue("nothing was entered");
        assertThat(Base32.problem("GEZD==GNBVGY3TQOJQ".toCharArray())).hasValue("padding (=) may only come at the end");
        assertThatThrownBy(() -> Base32.decode("0000".toCharArray())).isInstanceOf(IllegalArgumentException.class);
    }
}
