package uk.gov.gds.awsam.pr;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.gov.gds.awsam.pr.Requests.BILLING;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.PrMerged;
import uk.gov.gds.awsam.events.PrOpened;
import uk.gov.gds.awsam.events.RequestFailed;
import uk.gov.gds.awsam.events.RetryRequested;
import uk.gov.gds.awsam.events.TerraformGenerated;
import uk.gov.gds.awsam.pr.domain.EventIds;
import uk.gov.gds.awsam.testsupport.KafkaTestResource;
import uk.gov.gds.awsam.testsupport.SampleEvents;
import uk.gov.gds.awsam.testsupport.TestEvents;
import uk.gov.gds.awsam.testsupport.github.GitHubSandboxTestResource;
import uk.gov.gds.awsam.testsupport.github.WebhookDelivery;

/**
 * An engineer's RetryRequested for the stages pr-service owns: OPEN_PR after a repository ruleset refused the
 * branch (a second failure while the ruleset stands is published again, with its own id; once the admin changes
 * the ruleset the pull request opens), PR_MERGE after a merge into another branch (a new pull request into the
 * base, whose merge concludes the request), and another service's stage ignored.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(GitHubSandboxTestResource.class)
class RetryTest extends AgainstGitHubSandbox {

    @AfterEach
    void noRuleset() {
        github.withoutRulesets();
    }

    private RetryRequested retry(String requestId, String stage, String failedEventId) {
        return SampleEvents.retryRequested(requestId).setEventId(SampleEvents.newRequestId()).setStage(stage).setCausationId(failedEventId)
                .setFailedEventId(failedEventId).setReason("the admin changed it").build();
    }

    @Test
    void aRulesetRefusalFailsOpenPrForGoodSaysWhatToChangeAndARetryResumesOnceItIsChanged() {
        github.ruleset(BILLING, "no bots", List.of("refs/heads/aws-accounts/**"), "creation");
        String requestId = SampleEvents.newRequestId();
        TerraformGenerated generated = Requests.newAccount(requestId, "ruled-out");

        events.publish(generated);

        RequestFailed refused = events.awaitOne(RequestFailed.class, requestId);
        assertThat(refused.getStage()).isEqualTo("OPEN_PR");
        assertThat(refused.getRetryable()).isFalse();
        assertThat(refused.getReason()).contains("Repository rule violations found").contains("Cannot create ref due to creations being restricted");
        assertThat(refused.getWhatNext()).contains("ruleset").contains("bypass").contains("retries OPEN_PR");
        events.awaitDeadLetters(EventType.TERRAFORM_GENERATED, TestEvents.forRequest(requestId), 1);

        RetryRequested tooSoon = retry(requestId, "OPEN_PR", refused.getEventId());
        events.publish(tooSoon);
        List<RequestFailed> failures = events.await(RequestFailed.class, requestId, 2);
        assertThat(failures.get(1).getEventId()).as("the retry's failure is its own event").isEqualTo(EventIds.failed(tooSoon.getEventId(), "OPEN_PR"))
                .isNotEqualTo(refused.getEventId());
        assertThat(failures.get(1).getCausationId()).isEqualTo(tooSoon.getEventId());

        github.withoutRulesets();
        events.publish(retry(requestId, "OPEN_PR", failures.get(1).getEventId()));

        PrOpened opened = events.awaitOne(PrOpened.class, requestId);
        assertThat(opened.getEventId()).isEqualTo(EventIds.opened(generated.getEventId()));
        assertThat(github.pullRequest(BILLING, opened.getNumber()).path("sandbox_files").path("terraform/accounts/ruled-out.tf.json").isTextual())
                .isTrue();
        events.assertExactly(RequestFailed.class, requestId, 2, Duration.ofMillis(500));
        assertThat(events.readAllDeadLetters(EventType.RETRY_REQUESTED)).filteredOn(r -> requestId.equals(r.key())).hasSize(1);
    }

    @Test
    void aRetryOfPrMergeOpensThePullRequestAgainIntoItsBaseAndItsMergeConcludesTheRequest() {
        String requestId = SampleEvents.newRequestId();
        TerraformGenerated generated = Requests.newAccount(requestId, "merged-astray");
        events.publish(generated);
        PrOpened first = events.awaitOne(PrOpened.class, requestId);
        github.branch(BILLING, "release", "main");
        github.changeBase(BILLING, first.getNumber(), "release");
        github.merge(BILLING, first.getNumber(), "hasty-reviewer");
        RequestFailed astray = events.awaitOne(RequestFailed.class, requestId);
        assertThat(astray.getStage()).isEqualTo("PR_MERGE");
        assertThat(astray.getWhatNext()).contains("retries PR_MERGE").contains("into main");
        events.assertNonePublished(PrMerged.class, requestId, Duration.ofMillis(300));

        RetryRequested retry = retry(requestId, "PR_MERGE", astray.getEventId());
        events.publish(retry);

        List<PrOpened> opened = events.await(PrOpened.class, requestId, 2);
        PrOpened again = opened.get(1);
        assertThat(again.getEventId()).isEqualTo(EventIds.reopened(retry.getEventId()));
        assertThat(again.getCausationId()).isEqualTo(retry.getEventId());
        assertThat(again.getNumber()).isNotEqualTo(first.getNumber());
        assertThat(github.pullRequest(BILLING, again.getNumber()).path("base").path("ref").asText()).isEqualTo("main");
        WebhookDelivery merge = github.merge(BILLING, again.getNumber(), "careful-reviewer");
        assertThat(merge.status()).isEqualTo(200);
        PrMerged merged = events.awaitOne(PrMerged.class, requestId);
        assertThat(merged.getNumber()).isEqualTo(again.getNumber());
        assertThat(merged.getEventId()).isEqualTo(EventIds.merged(again.getEventId()));
        assertThat(merged.getFiles()).singleElement().satisfies(f -> assertThat(f.getContent()).contains("merged-astray"));
    }

    @Test
    void aRetryOfAnotherServicesStageIsAcknowledgedAndIgnored() {
        String requestId = SampleEvents.newRequestId();
        events.publish(Requests.newAccount(requestId, "not-ours"));
        events.awaitOne(PrOpened.class, requestId);

        events.publish(retry(requestId, "CREATE_ACCOUNT", SampleEvents.newRequestId()));

        events.assertExactly(PrOpened.class, requestId, 1, Duration.ofSeconds(1));
        events.assertNonePublished(RequestFailed.class, requestId, Duration.ofMillis(100));
        assertThat(events.readAllDeadLetters(EventType.RETRY_REQUESTED)).noneMatch(r -> requestId.equals(r.key()));
    }
}
