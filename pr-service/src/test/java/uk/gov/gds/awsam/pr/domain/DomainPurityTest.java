package uk.gov.gds.awsam.pr.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
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
            "PullRequestEventParser.java -> com.fasterxml.jackson.core.JsonFactory",
            "PullRequestEventParser.java -> com.fasterxml.jackson.core.StreamReadConstraints",
            "PullRequestEventParser.java -> com.fasterxml.jackson.databind.DeserializationFeature",
            "PullRequestEventParser.java -> com.fasterxml.jackson.databind.JsonNode",
            "PullRequestEventParser.java -> com.fasterxml.jackson.databind.ObjectMapper",
            "PullRequestEventParser.java -> com.fasterxml.jackson.databind.json.JsonMapper",
            "WebhookProcessing.java -> com.fasterxml.jackson.databind.JsonNode",
            "WebhookProcessing.java -> com.fasterxml.jackson.databind.ObjectMapper");

    @Test
    void theDomainRefersToNoFrameworkAvroOrJackson() {
        assertThat(DomainPurity.violations(Path.of("src/main/java/uk/gov/gds/awsam/pr/domain"))).isSubsetOf(KNOWN);
    }
}
