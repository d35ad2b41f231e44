package uk.gov.gds.awsam.terraform.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class RootEmailTest {

    private static final String DOMAIN = "digital.cabinet-office.gov.uk";

    @Test
    void aNameThatFitsIsTheWholeShortPart() {
        assertThat(RootEmail.roomFor(DOMAIN)).isEqualTo(16);
        assertThat(RootEmail.of("payments-staging", DOMAIN)).isEqualTo("aws-root-accounts+payments-staging@" + DOMAIN).hasSize(64);
        assertThat(RootEmail.of("a", DOMAIN)).isEqualTo("aws-root-accounts+a@" + DOMAIN);
    }

    @Test
    void aNameThatDoesNotFitKeepsAPrefixADotAndAHash() {
        String email = RootEmail.of("payment-processor", DOMAIN);

        assertThat(email).hasSize(64).matches("aws-root-accounts\\+payment\\.[a-z2-7]{8}@" + DOMAIN.replace(".", "\\."));
        assertThat(RootEmail.of("payment-processor", DOMAIN)).isEqualTo(email);
        assertThat(RootEmail.of("payment-processes", DOMAIN)).isNotEqualTo(email).startsWith("aws-root-accounts+payment.");
    }

    @Test
    void aPrefixEndingInADashLosesIt() {
        // room 16 - 9 = 7 characters kept: "abcdef-" becomes "abcdef"
        assertThat(RootEmail.of("abcdef-ghijklmnopq", DOMAIN)).startsWith("aws-root-accounts+abcdef.");
    }

    @Test
    void aShortDomainLeavesRoomForLongNames() {
        String name = "pay-staging-environment-of-the-service";
        assertThat(RootEmail.of(name, "x.io")).isEqualTo("aws-root-accounts+" + name + "@x.io");
    }

    @Test
    void aDomainThatLeavesNoRoomIsRefusedAtStart() {
        String tooLong = "a".repeat(30) + ".example.gov.uk";
        assertThatThrownBy(() -> new GeneratorSettings("o/b", "o/u", "main", tooLong,
                "ou-abcd-12345678", "g", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("terraform.root-email-domain");
    }
}
