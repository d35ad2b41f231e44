package uk.gov.gds.awsam.provisioner.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.testsupport.DomainPurity;

/** The domain package is plain Java: no framework, no Avro, no Jackson (see {@link DomainPurity}). */
class DomainPurityTest {

    /**
     * What breaks the rule today, frozen: to be fixed, never added to (remove a line once its class is fixed). JBoss
     * logging in five workflow classes (the log belongs with the caller in messaging, or System.Logger), Jackson for
     * the trust policy and to parse merged files (only MergedJson, which hands the file readers plain Java; a JSON
     * port in client), and the Avro SealedSecret of a created user's password.
     */
    private static final Set<String> KNOWN = Set.of(
            "AccountProvisioning -> org.jboss.logging.Logger",
            "RootSecuring -> org.jboss.logging.Logger",
            "TrustScan -> org.jboss.logging.Logger",
            "UserProvisioning -> org.jboss.logging.Logger",
            "UserRemoval -> org.jboss.logging.Logger");

    @Test
    void theDomainRefersToNoFrameworkAvroOrJackson() {
        assertThat(DomainPurity.violations("uk.gov.gds.awsam.provisioner.domain")).isSubsetOf(KNOWN);
    }
}
