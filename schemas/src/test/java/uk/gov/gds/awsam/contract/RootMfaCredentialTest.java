package uk.gov.gds.awsam.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RootMfaCredentialTest {

    @Test
    void theNameIsTheIssuerAndRootMfaAtTheAccountId() {
        assertThat(RootMfaCredential.nameFor("123456789012")).isEqualTo("Amazon Web Services:root-mfa@123456789012");
    }
}
