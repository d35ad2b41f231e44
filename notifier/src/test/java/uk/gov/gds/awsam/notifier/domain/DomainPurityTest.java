package uk.gov.gds.awsam.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;


import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.testsupport.DomainPurity;

/** The domain package is plain Java: no framework, no Avro, no Jackson (see {@link DomainPurity}). */
class DomainPurityTest {

    @Test
    void theDomainRefersToNoFrameworkAvroOrJackson() {
        assertThat(DomainPurity.violations("uk.gov.gds.awsam.notifier.domain")).isEmpty();
    }
}
