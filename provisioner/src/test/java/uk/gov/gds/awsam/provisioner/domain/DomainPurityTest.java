package uk.gov.gds.awsam.provisioner.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.testsupport.DomainPurity;

/** The domain package is plain Java: no framework, no Avro, no Jackson (see {@link DomainPurity}). */
class DomainPurityTest {

    /**
     * What breaks the rule today, frozen: to be fixed, never added to (remove a line once its class is fixed). JBoss
     * logging in five workflow classes (the log belongs with the caller in messaging, or System.Logger), Jackson for
     * the trust policy and merged-file JSON (a JSON port in client), and the Avro SealedSecret of a created user's
     * password.
     */
    private static final Set<String> KNOWN = Set.of(
            "AccountProvisioning.java -> org.jboss.logging.Logger",
            "AuditRoles.java -> com.fasterxml.jackson.core.JsonProcessingException",
            "AuditRoles.java -> com.fasterxml.jackson.databind.ObjectMapper",
            "CreatedUser.java -> uk.gov.gds.awsam.events.SealedSecret",
            "MergedContent.java -> com.fasterxml.jackson.core.JsonParser",
            "MergedContent.java -> com.fasterxml.jackson.core.JsonProcessingException",
            "MergedContent.java -> com.fasterxml.jackson.databind.JsonNode",
            "MergedContent.java -> com.fasterxml.jackson.databind.ObjectMapper",
            "RootSecuring.java -> org.jboss.logging.Logger",
            "TrustPolicy.java -> com.fasterxml.jackson.core.JsonProcessingException",
            "TrustPolicy.java -> com.fasterxml.jackson.databind.JsonNode",
            "TrustPolicy.java -> com.fasterxml.jackson.databind.ObjectMapper",
            "TrustPolicy.java -> com.fasterxml.jackson.databind.node.ArrayNode",
            "TrustPolicy.java -> com.fasterxml.jackson.databind.node.ObjectNode",
            "TrustScan.java -> org.jboss.logging.Logger",
            "UserProvisioning.java -> org.jboss.logging.Logger",
            "UserProvisioning.java -> uk.gov.gds.awsam.events.SealedSecret",
            "UserRemoval.java -> org.jboss.logging.Logger");

    @Test
    void theDomainRefersToNoFrameworkAvroOrJackson() {
        assertThat(DomainPurity.violations(Path.of("src/main/java/uk/gov/gds/awsam/provisioner/domain"))).isSubsetOf(KNOWN);
    }
}
