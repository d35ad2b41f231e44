package uk.gov.gds.awsam.pr.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.testsupport.DomainPurity;

/**
 * The domain package is plain Java: no framework, no Avro, no Jackson (see {@link DomainPurity}). GitHub's
 * webhook bodies are read in rest ({@code WebhookJson}) and handed to the domain as plain records.
 */
class DomainPurityTest {

    @Test
    void theDomainRefersToNoFrameworkAvroOrJackson() {
        assertThat(DomainPurity.violations("uk.gov.gds.awsam.pr.domain")).isEmpty();
    }
}
