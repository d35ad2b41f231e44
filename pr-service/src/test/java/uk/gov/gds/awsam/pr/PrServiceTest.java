package uk.gov.gds.awsam.pr;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static uk.gov.gds.awsam.pr.Requests.BILLING;
import static uk.gov.gds.awsam.pr.Requests.USERS;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import uk.gov.gds.awsam.events.AccountClosed;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.FileChange;
import uk.gov.gds.awsam.events.PrClosed;
import uk.gov.gds.awsam.events.PrMerged;
import uk.gov.gds.awsam.events.PrOpened;
import uk.gov.gds.awsam.events.RequestFailed;
import uk.gov.gds.awsam.events.RequestKind;
import uk.gov.gds.awsam.events.TerraformGenerated;
import uk.gov.gds.awsam.pr.domain.EventIds;
import uk.gov.gds.awsam.pr.domain.FollowUpPullRequests;
import uk.gov.gds.awsam.pr.messaging.ReconcileSchedule;
import uk.gov.gds.awsam.testsupport.InjectTestEvents;
import uk.gov.gds.awsam.testsupport.KafkaTestResource;
import uk.gov.gds.awsam.testsupport.SampleEvents;
import uk.gov.gds.awsam.testsupport.TestEvents;
import uk.gov.gds.awsam.testsupport.github.FaultKind;
import uk.gov.gds.awsam.testsupport.github.GitHubSandbox;
import uk.gov.gds.awsam.testsupport.github.GitHubSandboxTestResource;
import uk.gov.gds.awsam.testsupport.github.InjectGitHubSandbox;
import uk.gov.gds.awsam.testsupport.github.WebhookDelivery;
import uk.gov.gds.awsam.testsupport.github.WebhookSender;

/**
 * pr-service against a real broker and the GitHub sandbox (WireMock serving the GitHub REST API, in
 * GitHub's shapes): the pull request it opens, idempotence, rate limits, and every webhook case.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(GitHubSandboxTestResource.class)
class PrServiceTest extends AgainstGitHubSandbox {

    static final Duration SETTLE = Duration.ofSeconds(2);

    @jakarta.inject.Inject
    ReconcileSchedule reconciler;

    private PrOpened open(TerraformGenerated generated) {
        events.publish(generated);
        return events.awaitOne(PrOpened.class, generated.getRequestId());
    }

    @Test
    void aPullRequestIsOpenedWithTheFilesBodyLabelsAndReviewers() {
        String requestId = SampleEvents.newRequestId();
        TerraformGenerated generated = Requests.newAccount(requestId, "opened-account");

        PrOpened opened = open(generated);

        JsonNode pr = github.pullRequest(BILLING, opened.getNumber());
        assertThat(pr.path("title").asText()).isEqualTo(generated.getPrTitle());
        assertThat(pr.path("body").asText()).isEqualTo(generated.getPrBody());
        assertThat(pr.path("head").path("ref").asText()).isEqualTo(generated.getBranch());
        assertThat(pr.path("base").path("ref").asText()).isEqualTo("main");
        assertThat(pr.path("labels").findValuesAsText("name")).containsExactly("aws-accounts", "new-account");
        assertThat(pr.path("requested_reviewers").findValuesAsText("login")).containsExactly("alice", "bob");
        assertThat(pr.path("requested_teams").findValuesAsText("slug")).containsExactly("platform-reviewers");
        FileChange file = generated.getChanges().get(0);
        assertThat(pr.path("sandbox_files").path(file.getPath()).asText()).isEqualTo(file.getContent());
        assertThat(pr.path("sandbox_files").size()).isEqualTo(1);

        assertThat(opened.getEventId()).isEqualTo(EventIds.opened(generated.getEventId()));
        assertThat(opened.getCausationId()).isEqualTo(generated.getEventId());
        assertThat(opened.getRepository()).isEqualTo(BILLING);
        assertThat(opened.getUrl()).isEqualTo(pr.path("html_url").asText());
        assertThat(opened.getHeadSha()).isEqualTo(github.branchSha(BILLING, generated.getBranch()).orElseThrow());
    }

    @Test
    void aReviewerGitHubRefusesIsAWarningOnTheOpenPullRequestNeverAFailure() {
        github.notCollaborator(BILLING, "bob");
        try {
            String requestId = SampleEvents.newRequestId();
            double before = warnings();

            PrOpened opened = open(Requests.newAccount(requestId, "reviewer-refused"));

            assertThat(opened.getWarnings()).singleElement().satisfies(w -> assertThat(w).contains("bob")
                    .contains("Reviews may only be requested from collaborators").doesNotContain("alice"));
            JsonNode pr = github.pullRequest(BILLING, opened.getNumber());
            assertThat(pr.path("state").asText()).isEqualTo("open");
            assertThat(pr.path("requested_reviewers").findValuesAsText("login")).as("the others are still asked").containsExactly("alice");
            assertThat(pr.path("requested_teams").findValuesAsText("slug")).containsExactly("platform-reviewers");
            assertThat(pr.path("labels").findValuesAsText("name")).containsExactly("aws-accounts", "new-account");
            events.assertNonePublished(RequestFailed.class, requestId, Duration.ofMillis(300));
            assertThat(warnings()).isEqualTo(before + 1);
        } finally {
            github.collaborators(BILLING, "bob");
        }
    }

    private static double warnings() {
        String metrics = given().get("/q/metrics").asString();
        return metrics.lines().filter(l -> l.startsWith("pr_service_pull_request_warnings_total{") && l.contains(BILLING))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void aDuplicateEventOpensNothingNew() {
        String requestId = SampleEvents.newRequestId();
        TerraformGenerated generated = Requests.userAccess(requestId, "dup.one@digital.cabinet-office.gov.uk");
        PrOpened first = open(generated);
        String head = github.branchSha(USERS, generated.getBranch()).orElseThrow();

        events.publish(generated);

        List<PrOpened> opened = events.assertExactly(PrOpened.class, requestId, 2, SETTLE);
        assertThat(opened).extracting(PrOpened::getNumber).containsOnly(first.getNumber());
        assertThat(opened).extracting(PrOpened::getEventId).containsOnly(first.getEventId());
        assertThat(github.pullRequests(USERS)).filteredOn(pr -> pr.path("head").path("ref").asText().equals(generated.getBranch())).hasSize(1);
        assertThat(github.branchSha(USERS, generated.getBranch())).contains(head);
        assertThat(createPullRequestCalls(USERS, generated.getBranch())).hasSize(1);
    }

    @Test
    void aPullRequestCostsTheFloorOfContentCreatingCallsTheRestApiAllows() {
        // one file: the branch at the base, the file through the contents API (one commit), the pull request: 3;
        // then one call per extra configured (labels; reviewers and a team in one request)
        GitHubSandbox.Stats before = github.stats();
        open(Requests.newAccount(SampleEvents.newRequestId(), "floor-account"));
        GitHubSandbox.Stats single = github.stats();
        assertThat(single.contentCalls() - before.contentCalls()).isEqualTo(3 + 2);
        assertThat(single.calls() - before.calls()).as("all calls: 3 reads (the pull request, the base, the file) + 5").isEqualTo(8);

        // several files: one tree with the contents inline, one commit, the branch, the pull request: 4
        String requestId = SampleEvents.newRequestId();
        open(Requests.userAccess(requestId, "floor.one@digital.cabinet-office.gov.uk", "floor.two@digital.cabinet-office.gov.uk"));
        GitHubSandbox.Stats several = github.stats();
        assertThat(several.contentCalls() - single.contentCalls()).as("4 + labels + reviewers").isEqualTo(4 + 2);
        assertThat(several.calls() - single.calls()).as("2 reads (the pull request, the base) + 6").isEqualTo(8);
        assertThat(several.byRoute()).doesNotContainKeys("POST /repos/{owner}/{repo}/git/blobs", "GET /users/{name}",
                "GET /orgs/{name}/teams/{name}");
    }

    @Test
    void anOutageThatOutlastsEveryAttemptFailsTheRequestAsRetryable() {
        String requestId = SampleEvents.newRequestId();
        github.fail("PUT", "/repos/" + USERS + "/contents/terraform/users/outage.user.*", FaultKind.SERVER_ERROR, 0, 3);

        events.publish(Requests.userAccess(requestId, "outage.user@digital.cabinet-office.gov.uk"));

        RequestFailed failed = events.awaitOne(RequestFailed.class, requestId);
        assertThat(failed.getStage()).isEqualTo("OPEN_PR");
        assertThat(failed.getRetryable()).isTrue();
        assertThat(failed.getAttempt()).isEqualTo(3);
        assertThat(failed.getReason()).contains("502");
        assertThat(failed.getWhatNext()).contains("githubstatus.com").contains("retries OPEN_PR");
        events.awaitDeadLetters(EventType.TERRAFORM_GENERATED, TestEvents.forRequest(requestId), 1);
        events.assertNonePublished(PrOpened.class, requestId, Duration.ofMillis(500));
    }

    @Test
    void aRepositoryPrServiceDoesNotWriteToFailsTheRequest() {
        String requestId = SampleEvents.newRequestId();
        TerraformGenerated generated = Requests.generated(requestId, RequestKind.NEW_ACCOUNT, "evil/elsewhere",
                "aws-accounts/new-account/x/" + requestId, List.of("x"), Map.of("a.tf.json", "{}"));

        events.publish(generated);

        RequestFailed failed = events.awaitOne(RequestFailed.class, requestId);
        assertThat(failed.getRetryable()).isFalse();
        assertThat(failed.getReason()).contains("evil/elsewhere");
        assertThat(failed.getWhatNext()).contains("PR_BILLING_NAME").contains("retries OPEN_PR");
    }

    @Test
    void aSignedMergeWebhookGivesOnePrMergedWithTheMergedContentReviewerEditsIncluded() {
        String requestId = SampleEvents.newRequestId();
        TerraformGenerated generated = Requests.userAccess(requestId, "ann.one@digital.cabinet-office.gov.uk",
                "ben.two@digital.cabinet-office.gov.uk", "cat.three@digital.cabinet-office.gov.uk");
        PrOpened opened = open(generated);
        String edited = "{\n  \"edited\": \"by the reviewer\"\n}\n";
        Map<String, String> edits = new HashMap<>();
        edits.put("terraform/users/ann.one@digital.cabinet-office.gov.uk.tf.json", edited);
        edits.put("terraform/users/ben.two@digital.cabinet-office.gov.uk.tf.json", null);
        github.commit(USERS, generated.getBranch(), edits, "reviewer");

        WebhookDelivery delivery = github.merge(USERS, opened.getNumber(), "merging-reviewer");

        assertThat(delivery.status()).isEqualTo(200);
        PrMerged merged = events.assertExactly(PrMerged.class, requestId, 1, SETTLE).get(0);
        JsonNode pr = github.pullRequest(USERS, opened.getNumber());
        assertThat(merged.getEventId()).isEqualTo(EventIds.merged(opened.getEventId()));
        assertThat(merged.getCausationId()).isEqualTo(opened.getEventId());
        assertThat(merged.getNumber()).isEqualTo(opened.getNumber());
        assertThat(merged.getMergeCommitSha()).isEqualTo(pr.path("merge_commit_sha").asText());
        assertThat(merged.getMergedBy()).isEqualTo("merging-reviewer");
        assertThat(merged.getKind()).isEqualTo(RequestKind.USER_ACCESS);
        assertThat(merged.getSubjects()).isEqualTo(generated.getSubjects());
        Map<String, String> files = new HashMap<>();
        merged.getFiles().forEach(f -> files.put(f.getPath(), f.getContent()));
        assertThat(files).hasSize(3)
                .containsEntry("terraform/users/ann.one@digital.cabinet-office.gov.uk.tf.json", edited)
                .containsEntry("terraform/users/ben.two@digital.cabinet-office.gov.uk.tf.json", null)
                .containsEntry("terraform/users/cat.three@digital.cabinet-office.gov.uk.tf.json",
                        generated.getChanges().get(2).getContent());
        assertThat(merged.getFiles()).allSatisfy(f -> assertThat(f.getSha256()).isEqualTo(Requests.sha256(f.getContent())));
    }

    @Test
    void aMergeDeliveredAsAFormAsGitHubsDefaultContentTypeSendsItGivesPrMerged() {
        String requestId = SampleEvents.newRequestId();
        PrOpened opened = open(Requests.newAccount(requestId, "form-delivered"));
        github.webhookContentType(WebhookSender.ContentType.FORM);

        WebhookDelivery delivery = github.merge(BILLING, opened.getNumber(), "form-reviewer");

        assertThat(delivery.headers().get("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(delivery.payloadText()).startsWith("payload=");
        assertThat(delivery.status()).isEqualTo(200);
        assertThat(events.assertExactly(PrMerged.class, requestId, 1, SETTLE).get(0).getMergedBy()).isEqualTo("form-reviewer");
        // the signature is over the form as sent: the same JSON encoded differently is refused
        byte[] tampered = delivery.payloadText().replace("%22", "%22%20").getBytes(StandardCharsets.US_ASCII);
        Map<String, String> headers = new HashMap<>(delivery.headers());
        headers.put("X-GitHub-Delivery", java.util.UUID.randomUUID().toString());
        assertThat(github.deliverWithHeaders("pull_request", tampered, headers).status()).isEqualTo(401);
    }

    @Test
    void aPingIsAnsweredInEitherContentTypeAndOtherEventsAreAcknowledged() {
        WebhookDelivery json = github.ping(BILLING);
        assertThat(json.status()).isEqualTo(200);
        assertThat(json.response()).contains("PONG").contains("pull_request");
        github.webhookContentType(WebhookSender.ContentType.FORM);
        WebhookDelivery form = github.ping(USERS);
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.response()).contains("PONG");

        WebhookDelivery push = github.deliverRaw("push", "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(push.status()).isEqualTo(202);
        assertThat(push.response()).contains("IGNORED");
    }

    @Test
    void aBadSignatureIsRefusedAndPublishesNothing() {
        String requestId = SampleEvents.newRequestId();
        PrOpened opened = open(Requests.newAccount(requestId, "badly-signed"));
        WebhookDelivery lost = github.mergeWithoutWebhook(BILLING, opened.getNumber(), "reviewer");
        byte[] payload = lost.payload();

        for (String signature : new String[] {null, "", "sha256=", "sha1=abc", WebhookSender.signature(payload, "not-the-secret"),
                WebhookSender.signature(payload, github.webhookSecret()).toUpperCase(), "sha256=" + "0".repeat(64)}) {
            var request = given().contentType("application/json").header("X-GitHub-Event", "pull_request")
                    .header("X-GitHub-Delivery", java.util.UUID.randomUUID().toString()).body(payload);
            if (signature != null) {
                request.header("X-Hub-Signature-256", signature);
            }
            request.post("/webhooks/github").then().statusCode(401).contentType("application/problem+json");
        }
        byte[] tampered = new String(payload, StandardCharsets.UTF_8).replace("\"reviewer\"", "\"intruder\"").getBytes(StandardCharsets.UTF_8);
        given().contentType("application/json").header("X-GitHub-Event", "pull_request").header("X-GitHub-Delivery", lost.id())
                .header("X-Hub-Signature-256", WebhookSender.signature(payload, github.webhookSecret())).body(tampered)
                .post("/webhooks/github").then().statusCode(401);

        events.assertNonePublished(PrMerged.class, requestId, SETTLE);
    }

    @Test
    void aReplayedDeliveryIsDropped() {
        String requestId = SampleEvents.newRequestId();
        PrOpened opened = open(Requests.newAccount(requestId, "replayed-account"));
        WebhookDelivery delivery = github.merge(BILLING, opened.getNumber(), "reviewer");
        events.awaitOne(PrMerged.class, requestId);

        WebhookDelivery replay = github.redeliver(delivery.id());

        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.response()).contains("DUPLICATE");
        events.assertExactly(PrMerged.class, requestId, 1, SETTLE);
    }

    @Test
    void aPullRequestOfAnotherRepositoryIsIgnored() {
        String requestId = SampleEvents.newRequestId();
        TerraformGenerated generated = Requests.newAccount(requestId, "other-repo-account");
        open(generated);
        github.createRepository("someone/else", "main");
        github.commit("someone/else", "main", Map.of("x", "x"), "someone");
        String base = github.branchSha("someone/else", "main").orElseThrow();
        String sameBranch = generated.getBranch();
        given().header("Authorization", "token t").contentType("application/json")
                .body("{\"ref\":\"refs/heads/" + sameBranch + "\",\"sha\":\"" + base + "\"}")
                .post(github.apiUrl() + "/repos/someone/else/git/refs").then().statusCode(201);
        github.commit("someone/else", sameBranch, Map.of("y", "y"), "someone");
        int number = given().header("Authorization", "token t").contentType("application/json")
                .body("{\"title\":\"t\",\"head\":\"" + sameBranch + "\",\"base\":\"main\"}")
                .post(github.apiUrl() + "/repos/someone/else/pulls").then().statusCode(201).extract().path("number");

        WebhookDelivery delivery = github.merge("someone/else", number, "someone");

        assertThat(delivery.status()).isEqualTo(202);
        assertThat(delivery.response()).contains("someone/else");
        events.assertNonePublished(PrMerged.class, requestId, SETTLE);
    }

    @Test
    void aPullRequestPrServiceDidNotOpenIsIgnored() {
        String requestId = SampleEvents.newRequestId();
        String branch = "aws-accounts/new-account/not-ours/" + requestId;
        String base = github.branchSha(BILLING, "main").orElseThrow();
        given().header("Authorization", "token t").contentType("application/json")
                .body("{\"ref\":\"refs/heads/" + branch + "\",\"sha\":\"" + base + "\"}")
                .post(github.apiUrl() + "/repos/" + BILLING + "/git/refs").then().statusCode(201);
        github.commit(BILLING, branch, Map.of("terraform/accounts/not-ours.tf.json", "{}"), "someone");
        int number = given().header("Authorization", "token t").contentType("application/json")
                .body("{\"title\":\"t\",\"head\":\"" + branch + "\",\"base\":\"main\"}")
                .post(github.apiUrl() + "/repos/" + BILLING + "/pulls").then().statusCode(201).extract().path("number");

        WebhookDelivery delivery = github.merge(BILLING, number, "someone");

        assertThat(delivery.status()).isEqualTo(202);
        events.assertNonePublished(PrMerged.class, requestId, SETTLE);
    }

    @Test
    void aPullRequestClosedWithoutMergeGivesPrClosed() {
        String requestId = SampleEvents.newRequestId();
        PrOpened opened = open(Requests.newAccount(requestId, "rejected-account"));

        WebhookDelivery delivery = github.close(BILLING, opened.getNumber(), "rejecting-reviewer");

        assertThat(delivery.status()).isEqualTo(200);
        PrClosed closed = events.assertExactly(PrClosed.class, requestId, 1, SETTLE).get(0);
        assertThat(closed.getClosedBy()).isEqualTo("rejecting-reviewer");
        assertThat(closed.getNumber()).isEqualTo(opened.getNumber());
        assertThat(closed.getEventId()).isEqualTo(EventIds.closed(opened.getEventId()));
        events.assertNonePublished(PrMerged.class, requestId, Duration.ofMillis(200));
    }

    @Test
    void theReconcilerFindsAMergeItMissed() {
        String requestId = SampleEvents.newRequestId();
        PrOpened opened = open(Requests.newAccount(requestId, "missed-merge"));
        WebhookDelivery lost = github.mergeWithoutWebhook(BILLING, opened.getNumber(), "quiet-reviewer");
        events.assertNonePublished(PrMerged.class, requestId, Duration.ofMillis(500));

        Awaitility.await().atMost(TestEvents.TIMEOUT).until(reconciler::run);

        PrMerged merged = events.awaitOne(PrMerged.class, requestId);
        assertThat(merged.getMergedBy()).isEqualTo("quiet-reviewer");
        assertThat(merged.getFiles()).singleElement().satisfies(f -> assertThat(f.getContent()).contains("missed-merge"));
        WebhookDelivery late = github.redeliver(lost.id());
        assertThat(late.status()).isEqualTo(200);
        events.assertExactly(PrMerged.class, requestId, 1, SETTLE);
    }

    @Test
    void anAccountCreatedOpensAnImportPullRequestLabelledForAutoMergeWhoseMergePublishesNothing() {
        String requestId = SampleEvents.newRequestId();
        events.publish(SampleEvents.accountCreated(requestId).setAccountName("imported-account").setAccountId("210987654321").build());
        String branch = "aws-accounts/import/imported-account/" + requestId;

        JsonNode pr = Awaitility.await().atMost(TestEvents.TIMEOUT).until(() -> github.pullRequests(BILLING).stream()
                .filter(p -> p.path("head").path("ref").asText().equals(branch)).findFirst(),
                // labels are set by a call of their own, just after the pull request is opened
                found -> found.isPresent() && !found.get().path("labels").isEmpty()).orElseThrow();

        assertThat(pr.path("labels").findValuesAsText("name")).containsExactly("automerge");
        assertThat(pr.path("sandbox_files").path("terraform/accounts/imported-account.import.tf.json").asText())
                .isEqualTo(FollowUpPullRequests.importBlock("imported-account", "210987654321"));
        assertThat(FollowUpPullRequests.importBlock("imported-account", "210987654321"))
                .isEqualToIgnoringWhitespace("{\"import\":[{\"to\":\"aws_organizations_account.imported-account\",\"id\":\"210987654321\"}]}");
        WebhookDelivery delivery = github.merge(BILLING, pr.path("number").asInt(), "automerge-bot");
        assertThat(delivery.status()).isEqualTo(202);
        events.assertNonePublished(PrMerged.class, requestId, SETTLE);
        events.assertNonePublished(PrClosed.class, requestId, Duration.ofMillis(200));
    }

    @Test
    void anAccountClosedTakesTheAccountOutOfTerraformInOnePullRequestLabelledForAutoMergeWhoseMergePublishesNothing() {
        String requestId = SampleEvents.newRequestId();
        String accountFile = "terraform/accounts/removed-account.tf.json";
        String importFile = "terraform/accounts/removed-account.import.tf.json";
        String removedFile = "terraform/accounts/removed-account.removed.tf.json";
        github.commit(BILLING, "main", Map.of(accountFile, "{\"resource\": {}}\n", importFile, "{\"import\": []}\n"), "earlier-merges");
        AccountClosed closed = SampleEvents.accountClosed(requestId).setAccountName("removed-account").setAccountId("210987654311").build();
        events.publish(closed);
        String branch = "aws-accounts/removed/removed-account/" + requestId;

        JsonNode pr = labelled(branch);

        assertThat(pr.path("labels").findValuesAsText("name")).containsExactly("automerge");
        assertThat(pr.path("title").asText()).isEqualTo("Remove closed AWS account removed-account from Terraform");
        assertThat(pr.path("body").asText()).contains("210987654311", requestId, "`destroy = false`", "It changes nothing in AWS");
        Map<String, String> files = files(pr);
        assertThat(files).as("one commit: the account's file and its import deleted, the removed block added").hasSize(3)
                .containsEntry(accountFile, null).containsEntry(importFile, null)
                .containsEntry(removedFile, FollowUpPullRequests.removedBlock("removed-account"));
        assertThat(FollowUpPullRequests.removedBlock("removed-account")).isEqualToIgnoringWhitespace(
                "{\"removed\":[{\"from\":\"aws_organizations_account.removed-account\",\"lifecycle\":{\"destroy\":false}}]}");

        WebhookDelivery delivery = github.merge(BILLING, pr.path("number").asInt(), "automerge-bot");
        assertThat(delivery.status()).isEqualTo(202);
        assertThat(github.file(BILLING, "main", accountFile)).isEmpty();
        assertThat(github.file(BILLING, "main", importFile)).isEmpty();
        assertThat(github.file(BILLING, "main", removedFile)).contains(FollowUpPullRequests.removedBlock("removed-account"));
        events.assertNonePublished(PrMerged.class, requestId, SETTLE);
        events.assertNonePublished(PrClosed.class, requestId, Duration.ofMillis(200));

        // delivered again after the merge: the account's file is gone, so there is nothing to remove and no pull request
        events.publish(closed);
        Awaitility.await().atMost(TestEvents.TIMEOUT).until(() -> baseReadsOf(accountFile) == 2);
        events.assertNonePublished(PrOpened.class, requestId, Duration.ofMillis(200));
        assertThat(github.pullRequests(BILLING)).filteredOn(p -> p.path("head").path("ref").asText().endsWith(requestId)).hasSize(1);
        assertThat(createPullRequestCalls(BILLING, branch)).hasSize(1);
    }

    @Test
    void aRedeliveredAccountClosedOrACrashBeforeItsOffsetIsCommittedOpensNoSecondRemovalPullRequest() {
        String requestId = SampleEvents.newRequestId();
        String accountFile = "terraform/accounts/crashed-account.tf.json";
        github.commit(BILLING, "main", Map.of(accountFile, "{\"resource\": {}}\n"), "earlier-merges");
        AccountClosed closed = SampleEvents.accountClosed(requestId).setAccountName("crashed-account").setAccountId("210987654312").build();
        String branch = "aws-accounts/removed/crashed-account/" + requestId;
        // the first delivery makes the branch and its commit, then GitHub fails the pull request through every attempt:
        // the record is dead-lettered, as a crash would leave it delivered again
        github.fail("POST", "/repos/" + BILLING + "/pulls", FaultKind.SERVER_ERROR, 0, 3);
        events.publish(closed);
        Awaitility.await().atMost(TestEvents.TIMEOUT).until(() -> createPullRequestCalls(BILLING, branch).size() == 3);
        String head = Awaitility.await().atMost(TestEvents.TIMEOUT).until(() -> github.branchSha(BILLING, branch), java.util.Optional::isPresent)
                .orElseThrow();

        events.publish(closed);
        JsonNode pr = labelled(branch);
        assertThat(github.branchSha(BILLING, branch)).as("the branch's commit is found, not made again").contains(head);
        Map<String, String> files = files(pr);
        assertThat(files).as("no import file to delete: the account was never imported").containsOnlyKeys(accountFile,
                "terraform/accounts/crashed-account.removed.tf.json").containsEntry(accountFile, null);

        // delivered again while the pull request is open (a crash between opening it and committing the offset)
        events.publish(closed);
        Awaitility.await().atMost(TestEvents.TIMEOUT).until(() -> pullRequestLookups(branch) == 3 + 1 + 1);
        assertThat(github.pullRequests(BILLING)).filteredOn(p -> p.path("head").path("ref").asText().equals(branch)).hasSize(1);
        assertThat(createPullRequestCalls(BILLING, branch)).as("3 refused, then the one").hasSize(4);
        assertThat(github.branchSha(BILLING, branch)).contains(head);
        assertThat(github.pullRequest(BILLING, pr.path("number").asInt()).path("labels").findValuesAsText("name")).containsExactly("automerge");
    }

    @Test
    void anAccountClosedWhoseFileIsNotInTheRepositoryOpensNoPullRequest() {
        String requestId = SampleEvents.newRequestId();
        events.publish(SampleEvents.accountClosed(requestId).setAccountName("never-added-account").setAccountId("210987654313").build());

        Awaitility.await().atMost(TestEvents.TIMEOUT).until(() -> baseReadsOf("terraform/accounts/never-added-account.tf.json") == 1);
        events.assertNonePublished(PrOpened.class, requestId, SETTLE);
        assertThat(github.branchSha(BILLING, "aws-accounts/removed/never-added-account/" + requestId)).isEmpty();
        assertThat(github.pullRequests(BILLING)).noneMatch(p -> p.path("head").path("ref").asText().endsWith(requestId));
    }

    @Test
    void anImportStillOpenWhenItsAccountIsClosedIsClosedWithOneCommentAndTheRemovalReplacesIt() {
        String accountFile = "terraform/accounts/late-import-account.tf.json";
        String importFile = "terraform/accounts/late-import-account.import.tf.json";
        JsonNode opened = anOpenImport("late-import-account", "210987654314");
        int importPr = opened.path("number").asInt();
        String creation = opened.path("head").path("ref").asText().substring("aws-accounts/import/late-import-account/".length());

        String requestId = SampleEvents.newRequestId();
        events.publish(SampleEvents.accountClosed(requestId).setAccountName("late-import-account").setAccountId("210987654314").build());
        String branch = "aws-accounts/removed/late-import-account/" + requestId;
        JsonNode removal = labelled(branch);

        JsonNode imported = github.pullRequest(BILLING, importPr);
        assertThat(imported.path("state").asText()).as("the import pull request is closed").isEqualTo("closed");
        assertThat(imported.path("merged").asBoolean()).isFalse();
        assertThat(github.comments(BILLING, importPr)).singleElement().asString().contains("`late-import-account` was closed", requestId,
                branch, "Configuration for import target does not exist", FollowUpPullRequests.closingMarker(requestId));
        assertThat(files(removal)).as("no import file on the base: the account's file deleted, the removed block added").hasSize(2)
                .containsEntry(accountFile, null)
                .containsEntry("terraform/accounts/late-import-account.removed.tf.json", FollowUpPullRequests.removedBlock("late-import-account"));
        assertThat(closeCalls(importPr)).hasSize(1);

        github.merge(BILLING, removal.path("number").asInt(), "automerge-bot");
        assertThat(github.file(BILLING, "main", accountFile)).isEmpty();
        assertThat(github.file(BILLING, "main", importFile)).as("the closed import never brings its block back").isEmpty();
        events.assertNonePublished(PrClosed.class, creation, Duration.ofMillis(200));
    }

    @Test
    void aCrashAfterTheImportsCommentOrAfterItsCloseGivesNoSecondCommentAndOneRemovalPullRequest() {
        String accountFile = "terraform/accounts/crash-import-account.tf.json";
        int importPr = anOpenImport("crash-import-account", "210987654315").path("number").asInt();
        String requestId = SampleEvents.newRequestId();
        AccountClosed closed = SampleEvents.accountClosed(requestId).setAccountName("crash-import-account").setAccountId("210987654315").build();
        String branch = "aws-accounts/removed/crash-import-account/" + requestId;

        // the comment is posted, then GitHub fails the close through every attempt: dead-lettered, as a crash would leave it
        github.fail("PATCH", "/repos/" + BILLING + "/pulls/" + importPr, FaultKind.SERVER_ERROR, 0, 3);
        events.publish(closed);
        Awaitility.await().atMost(TestEvents.TIMEOUT).until(() -> closeCalls(importPr).size() == 3);
        assertThat(github.comments(BILLING, importPr)).as("attempts after the first find the comment").hasSize(1);
        assertThat(github.pullRequest(BILLING, importPr).path("state").asText()).isEqualTo("open");

        // delivered again: the close goes through, then GitHub fails the removal's pull request through every attempt
        github.fail("POST", "/repos/" + BILLING + "/pulls", FaultKind.SERVER_ERROR, 0, 3);
        events.publish(closed);
        Awaitility.await().atMost(TestEvents.TIMEOUT).until(() -> createPullRequestCalls(BILLING, branch).size() == 3);
        assertThat(github.pullRequest(BILLING, importPr).path("state").asText()).isEqualTo("closed");

        // and once more: the import is closed already, the removal's branch is found and its pull request opened
        events.publish(closed);
        JsonNode removal = labelled(branch);
        assertThat(github.comments(BILLING, importPr)).as("one comment through three deliveries").hasSize(1);
        assertThat(closeCalls(importPr)).as("3 failed, then the one").hasSize(4);
        assertThat(github.pullRequests(BILLING)).filteredOn(p -> p.path("head").path("ref").asText().equals(branch)).hasSize(1);
        assertThat(files(removal)).containsOnlyKeys(accountFile, "terraform/accounts/crash-import-account.removed.tf.json");
    }

    @Test
    void anImportMergedJustBeforeItsAccountIsClosedHasItsFileDeletedByTheRemoval() {
        String accountFile = "terraform/accounts/merged-import-account.tf.json";
        String importFile = "terraform/accounts/merged-import-account.import.tf.json";
        int importPr = anOpenImport("merged-import-account", "210987654316").path("number").asInt();
        github.merge(BILLING, importPr, "automerge-bot");
        assertThat(github.file(BILLING, "main", importFile)).isPresent();

        String requestId = SampleEvents.newRequestId();
        events.publish(SampleEvents.accountClosed(requestId).setAccountName("merged-import-account").setAccountId("210987654316").build());
        JsonNode removal = labelled("aws-accounts/removed/merged-import-account/" + requestId);

        assertThat(files(removal)).as("the merged import's file is on the base, so the removal deletes it too").hasSize(3)
                .containsEntry(accountFile, null).containsEntry(importFile, null)
                .containsEntry("terraform/accounts/merged-import-account.removed.tf.json", FollowUpPullRequests.removedBlock("merged-import-account"));
        assertThat(github.comments(BILLING, importPr)).as("a merged import is left alone").isEmpty();
        assertThat(closeCalls(importPr)).isEmpty();
    }

    /** The account's file on the base, and the import pull request its AccountCreated opened (labelled, open). */
    private JsonNode anOpenImport(String accountName, String accountId) {
        github.commit(BILLING, "main", Map.of("terraform/accounts/" + accountName + ".tf.json", "{\"resource\": {}}\n"), "earlier-merges");
        String creation = SampleEvents.newRequestId();
        events.publish(SampleEvents.accountCreated(creation).setAccountName(accountName).setAccountId(accountId).build());
        return labelled("aws-accounts/import/" + accountName + "/" + creation);
    }

    /** pr-service's PATCHes of pull request {@code number} (closing it) on the billing repository. */
    private List<LoggedRequest> closeCalls(int number) {
        return github.wireMock().findAll(WireMock.patchRequestedFor(WireMock.urlEqualTo("/repos/" + BILLING + "/pulls/" + number)));
    }

    /** The follow-up pull request from {@code branch}, once its label is on (added by a call of its own, just after it opens). */
    private JsonNode labelled(String branch) {
        return Awaitility.await().atMost(TestEvents.TIMEOUT).until(() -> github.pullRequests(BILLING).stream()
                .filter(p -> p.path("head").path("ref").asText().equals(branch)).findFirst(),
                found -> found.isPresent() && !found.get().path("labels").isEmpty()).orElseThrow();
    }

    /** The files a pull request changes: path → content at its head, null where it deletes the file. */
    private static Map<String, String> files(JsonNode pr) {
        Map<String, String> files = new HashMap<>();
        pr.path("sandbox_files").fields().forEachRemaining(f -> files.put(f.getKey(), f.getValue().isNull() ? null : f.getValue().asText()));
        return files;
    }

    /** How often pr-service read {@code path} on the billing repository's base branch. */
    private long baseReadsOf(String path) {
        return github.wireMock().findAll(WireMock.getRequestedFor(WireMock.urlPathEqualTo("/repos/" + BILLING + "/contents/" + path)))
                .stream().filter(r -> "main".equals(r.queryParameter("ref").firstValue())).count();
    }

    /** How often pr-service looked for the pull request from {@code branch}. */
    private long pullRequestLookups(String branch) {
        return github.wireMock().findAll(WireMock.getRequestedFor(WireMock.urlPathEqualTo("/repos/" + BILLING + "/pulls"))).stream()
                .filter(r -> r.queryParameter("head").isPresent() && r.queryParameter("head").firstValue().endsWith(":" + branch)).count();
    }

    @Test
    void aClosureIsOnePullRequestOnTheBillingRepositoryWhoseMergeCarriesTheClosureFileAndOpensNoImport() {
        String requestId = SampleEvents.newRequestId();
        TerraformGenerated generated = Requests.closure(requestId, "210987654399", "closing-account");

        PrOpened opened = open(generated);

        JsonNode pr = github.pullRequest(BILLING, opened.getNumber());
        assertThat(pr.path("head").path("ref").asText()).isEqualTo("aws-accounts/account-closure/closing-account/" + requestId);
        assertThat(pr.path("title").asText()).isEqualTo(generated.getPrTitle());
        assertThat(pr.path("body").asText()).isEqualTo(generated.getPrBody());
        String path = "terraform/accounts/210987654399.closure.tf.json";
        assertThat(pr.path("sandbox_files").path(path).asText()).isEqualTo(generated.getChanges().get(0).getContent());
        assertThat(pr.path("sandbox_files").size()).isEqualTo(1);
        assertThat(opened.getEventId()).isEqualTo(EventIds.opened(generated.getEventId()));
        String edited = generated.getChanges().get(0).getContent().replace("No longer needed", "No longer needed, said the reviewer");
        github.commit(BILLING, generated.getBranch(), Map.of(path, edited), "reviewer");

        assertThat(github.merge(BILLING, opened.getNumber(), "closing-reviewer").status()).isEqualTo(200);

        PrMerged merged = events.assertExactly(PrMerged.class, requestId, 1, SETTLE).get(0);
        assertThat(merged.getKind()).isEqualTo(RequestKind.ACCOUNT_CLOSURE);
        assertThat(merged.getSubjects()).containsExactly("closing-account");
        assertThat(merged.getMergedBy()).isEqualTo("closing-reviewer");
        assertThat(merged.getFiles()).singleElement().satisfies(f -> {
            assertThat(f.getPath()).isEqualTo(path);
            assertThat(f.getContent()).as("the merged content the provisioner closes by").isEqualTo(edited);
            assertThat(f.getSha256()).isEqualTo(Requests.sha256(edited));
        });
        // the import pull request follows AccountCreated only: a closure's merge opens nothing more
        events.assertNonePublished(PrClosed.class, requestId, SETTLE);
        assertThat(github.pullRequests(BILLING)).filteredOn(p -> p.path("head").path("ref").asText().endsWith(requestId))
                .extracting(p -> p.path("number").asInt()).containsExactly(opened.getNumber());
    }

    @Test
    void aClosureRejectedByTheReviewerGivesPrClosed() {
        String requestId = SampleEvents.newRequestId();
        PrOpened opened = open(Requests.closure(requestId, "210987654398", "kept-account"));

        assertThat(github.close(BILLING, opened.getNumber(), "keeping-reviewer").status()).isEqualTo(200);

        PrClosed closed = events.assertExactly(PrClosed.class, requestId, 1, SETTLE).get(0);
        assertThat(closed.getClosedBy()).isEqualTo("keeping-reviewer");
        assertThat(closed.getEventId()).isEqualTo(EventIds.closed(opened.getEventId()));
        events.assertNonePublished(PrMerged.class, requestId, Duration.ofMillis(200));
    }

    @Test
    void readinessCoversTheBrokerTheRebuiltStateAndGitHub() {
        given().get("/q/health/ready").then().log().ifValidationFails().statusCode(200).body("status", org.hamcrest.Matchers.is("UP"));
        given().get("/q/health/live").then().log().ifValidationFails().statusCode(200)
                .body("checks.find { it.name == 'state-reader' }.status", org.hamcrest.Matchers.is("UP"));
    }

    private List<LoggedRequest> createPullRequestCalls(String repository, String branch) {
        return github.wireMock().findAll(WireMock.postRequestedFor(WireMock.urlEqualTo("/repos/" + repository + "/pulls")))
                .stream().filter(r -> r.getBodyAsString().contains(branch)).toList();
    }
}
