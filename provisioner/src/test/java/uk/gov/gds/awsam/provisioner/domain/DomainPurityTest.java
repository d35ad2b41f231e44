package uk.gov.gds.awsam.provisioner.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.testsupport.DomainPurity;

/**
 * The domain package is plain Java: no framework, no Avro, no Jackson (see {@link DomainPurity}). What it says as it
 * goes it logs with {@code java.lang.System.Logger}; JSON goes through its {@link Json} port; a sealed password is its
 * own {@link SealedPassword}.
 */
class DomainPurityTest {

    @Test
    void theDomainRefersToNoFrameworkAvroOrJackson() {
        assertThat(DomainPurity.violations("uk.gov.gds.awsam.provisioner.domain")).isEmpty();
    }
}
