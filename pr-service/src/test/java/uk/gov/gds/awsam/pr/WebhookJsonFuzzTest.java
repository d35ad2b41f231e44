package uk.gov.gds.awsam.pr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import uk.gov.gds.awsam.pr.domain.PullRequestEvent;
import uk.gov.gds.awsam.pr.domain.WebhookPayloads;
import uk.gov.gds.awsam.pr.rest.WebhookJson;
import uk.gov.gds.awsam.testsupport.github.GitHubSandbox;

/**
 * The payload parser ({@link WebhookJson}), fuzzed: from a real merged {@code pull_request} payload (the sandbox's, in GitHub's
 * shape), every truncation, every wrong value of every field it reads, random corruption and random bytes
 * give {@link WebhookPayloads.Malformed} — never another exception, never a parsed event.
 */
class WebhookJsonFuzzTest {

    static GitHubSandbox sandbox;
    static byte[] merged;
    final WebhookJson parser = new WebhookJson();

    @BeforeContainer
    static void payload() {
        sandbox = GitHubSandbox.start(0, GitHubSandbox.DEFAULT_REPOSITORIES);
        String branch = "aws-accounts/new-account/parsed/" + java.util.UUID.randomUUID();
        int number = sandbox.openPullRequest(Requests.BILLING, branch, java.util.Map.of("f.tf.json", "{}"), "t", "b");
        merged = sandbox.mergeWithoutWebhook(Requests.BILLING, number, "reviewer").payload();
    }

    @AfterContainer
    static void stop() {
        sandbox.close();
    }

    @Example
    void theIntactPayloadParses() {
        PullRequestEvent event = parser.pullRequest(merged);
        assertThat(event.closed()).isTrue();
        assertThat(event.pullRequest().merged()).isTrue();
        assertThat(event.pullRequest().mergedBy()).isEqualTo("reviewer");
        assertThat(event.repository()).isEqualTo(Requests.BILLING);
    }

    @Property(tries = 600)
    void everyTruncationIsMalformed(@ForAll("cuts") int length) {
        assertMalformed(Arrays.copyOf(merged, Math.min(length, merged.length - 1)));
    }

    @Provide
    Arbitrary<Integer> cuts() {
        return Arbitraries.integers().between(0, 20_000);
    }

    @Property(tries = 400)
    void everyWrongValueOfAFieldReadIsMalformed(@ForAll("fields") PayloadMutations.Field field, @ForAll("choices") int choice) {
        List<JsonNode> values = PayloadMutations.wrongValues(field.kind());
        assertMalformed(PayloadMutations.withField(merged, field.path(), values.get(choice % values.size())));
    }

    @Provide
    Arbitrary<PayloadMutations.Field> fields() {
        return Arbitraries.of(PayloadMutations.FIELDS);
    }

    @Provide
    Arbitrary<Integer> choices() {
        return Arbitraries.integers().between(0, 1000);
    }

    @Property(tries = 500)
    void randomBytesAreMalformed(@ForAll byte[] body) {
        assertMalformed(body);
    }

    @Property(tries = 500)
    void corruptionNeverCrashesTheParser(@ForAll("seeds") long seed) {
        byte[] corrupted = PayloadMutations.corrupted(merged, new java.util.Random(seed), 1 + (int) Math.floorMod(seed, 5L));
        try {
            parser.pullRequest(corrupted);
        } catch (WebhookPayloads.Malformed expected) {
            assertThat(expected.field()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @Example
    void bodiesThatAreNoPayloadAreMalformed() {
        PayloadMutations.notPayloads(1L, 50).forEach(this::assertMalformed);
    }

    private void assertMalformed(byte[] body) {
        assertThatThrownBy(() -> parser.pullRequest(body)).isInstanceOf(WebhookPayloads.Malformed.class);
    }
}
