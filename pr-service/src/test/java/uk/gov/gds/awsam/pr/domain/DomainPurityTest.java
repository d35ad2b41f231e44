package uk.gov.gds.awsam.pr.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.testsupport.DomainPurity;

/** The domain package is plain Java: no framework, no Avro, no Jackson (see {@link DomainPurity}). */
class DomainPurityTest {

    /**
     * What breaks the rule today, frozen: to be fixed, never added to (remove a line once its class is fixed).
     * Jackson to read GitHub's webhook bodies: the parsing belongs in rest (or client), handing the domain plain
     * records.
     */
    private static final Set<String> KNOWN = Set.of(
            "PullRequestEventParser -> com.fasterxml.jackson.core.JsonFactory",
            "PullRequestEventParser -> com.fasterxml.jackson.core.StreamReadConstraints",
            "PullRequestEventParser -> com.fasterxml.jackson.core.TSFBuilder",
            "PullRequestEventParser -> com.fasterxml.jackson.databind.DeserializationFeature",
            "PullRequestEventParser -> com.fasterxml.jackson.databind.JsonNode",
            "PullRequestEventParser -> com.fasterxml.jackson.databind.ObjectMapper",
            "PullRequestEventParser -> com.fasterxml.jackson.databind.json.JsonMapper",
            "WebhookProcessing -> com.fasterxml.jackson.databind.JsonNode",
            "WebhookProcessing -> com.fasterxml.jackson.databind.ObjectMapper");

    @Test
    void theDomainRefersToNoFrameworkAvroOrJackson() {
        assertThat(DomainPurity.violations("uk.gov.gds.awsam.pr.domain")).isSubsetOf(KNOWN);
    }
}
