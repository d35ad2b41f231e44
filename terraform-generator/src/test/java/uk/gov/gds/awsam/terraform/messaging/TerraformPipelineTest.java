package uk.gov.gds.awsam.terraform.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import uk.gov.gds.awsam.events.CloudEventHeaders;
import uk.gov.gds.awsam.events.Envelope;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.FileChange;
import uk.gov.gds.awsam.events.RequestFailed;
import uk.gov.gds.awsam.events.RequestKind;
import uk.gov.gds.awsam.events.RequestSubmitted;
import uk.gov.gds.awsam.events.TerraformGenerated;
import uk.gov.gds.awsam.terraform.domain.TerraformJsonValidator;
import uk.gov.gds.awsam.testsupport.InjectTestEvents;
import uk.gov.gds.awsam.testsupport.KafkaTestResource;
import uk.gov.gds.awsam.testsupport.SampleEvents;
import uk.gov.gds.awsam.testsupport.TestEvents;

/** The service through a real broker and schema registry: RequestSubmitted in, TerraformGenerated out. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class TerraformPipelineTest {

    private static final Duration SETTLE = Duration.ofSeconds(2);

    @InjectTestEvents
    TestEvents events;

    @Test
    void aNewAccountRequestBecomesTheAccountFileAndItsPullRequest() {
        String requestId = SampleEvents.newRequestId();
        RequestSubmitted submitted = SampleEvents.requestSubmitted(requestId).build();
        events.publish(submitted);

        ConsumerRecord<String, TerraformGenerated> record = events.awaitRecords(TerraformGenerated.class,
                TestEvents.forRequest(requestId), 1, TestEvents.TIMEOUT).get(0);

        TerraformGenerated generated = record.value();
        assertThat(generated.getEventId()).isEqualTo(Envelope.derivedEventId(submitted.getEventId(), EventType.TERRAFORM_GENERATED));
        assertThat(generated.getCausationId()).isEqualTo(submitted.getEventId());
        assertThat(generated.getRepository()).isEqualTo("gds/aws-billing-account");
        assertThat(generated.getBaseBranch()).isEqualTo("main");
        assertThat(generated.getBranch()).isEqualTo("aws-accounts/new-account/" + SampleEvents.ACCOUNT_NAME + "/" + requestId);
        assertThat(generated.getChanges()).singleElement().satisfies(change -> {
            assertThat(change.getPath()).isEqualTo("terraform/accounts/" + SampleEvents.ACCOUNT_NAME + ".tf.json");
            TerraformJsonValidator.assertValid(change.getPath(), change.getContent());
            assertThat(change.getContent()).contains("\"parent_id\": \"ou-abcd-12345678\"",
                    "\"" + SampleEvents.ACCOUNT_NAME + "_bootstrap_trusted_users\"", SampleEvents.ADMIN);
        });
        assertThat(generated.getPrBody()).contains("http://127.0.0.1:8080/requests/" + requestId);
        assertThat(record.key()).isEqualTo(requestId);
        assertThat(header(record, CloudEventHeaders.SOURCE)).isEqualTo("terraform-generator");
        assertThat(header(record, CloudEventHeaders.TYPE)).isEqualTo(EventType.TERRAFORM_GENERATED.cloudEventType());
        assertThat(header(record, CloudEventHeaders.ID)).isEqualTo(generated.getEventId());
    }

    @Test
    void aRequestDeliveredTwiceGivesTheSameEventTwice() {
        String requestId = SampleEvents.newRequestId();
        RequestSubmitted submitted = SampleEvents.userAccessSubmitted(requestId, "b@digital.cabinet-office.gov.uk",
                "A@digital.cabinet-office.gov.uk").build();
        events.publish(submitted);
        events.publish(submitted);

        List<TerraformGenerated> generated = events.assertExactly(TerraformGenerated.class, requestId, 2, SETTLE);

        TerraformGenerated first = generated.get(0);
        TerraformGenerated second = generated.get(1);
        assertThat(second.getEventId()).isEqualTo(first.getEventId());
        assertThat(second.getChanges()).isEqualTo(first.getChanges());
        assertThat(second.getChanges()).extracting(FileChange::getPath).containsExactly(
                "terraform/users/a@digital.cabinet-office.gov.uk.tf.json", "terraform/users/b@digital.cabinet-office.gov.uk.tf.json");
        assertThat(second.getChanges()).extracting(FileChange::getSha256).doesNotContainNull();
        second.setOccurredAt(first.getOccurredAt());
        assertThat(second).isEqualTo(first);
        assertThat(first.getRepository()).isEqualTo("gds/aws-users");
    }

    @Test
    void aUserRemovalDeletesTheFiles() {
        String requestId = SampleEvents.newRequestId();
        events.publish(SampleEvents.userAccessSubmitted(requestId, SampleEvents.USER).setKind(RequestKind.USER_REMOVAL).build());

        TerraformGenerated generated = events.awaitOne(TerraformGenerated.class, requestId);

        assertThat(generated.getBranch()).startsWith("aws-accounts/user-removal/new-user/");
        assertThat(generated.getChanges()).singleElement().satisfies(change -> {
            assertThat(change.getPath()).isEqualTo("terraform/users/" + SampleEvents.USER + ".tf.json");
            assertThat(change.getContent()).isNull();
            assertThat(change.getSha256()).isNull();
        });
    }

    @Test
    void anInvalidRequestIsAnsweredWithRequestFailedDeadLetteredAndTheConsumerGoesOn() {
        String invalidId = SampleEvents.newRequestId();
        RequestSubmitted invalid = SampleEvents.requestSubmitted(invalidId).setAccount(null).build();
        events.publish(invalid);
        String nextId = SampleEvents.newRequestId();
        events.publish(SampleEvents.userAccessSubmitted(nextId).build());

        RequestFailed failed = events.awaitOne(RequestFailed.class, invalidId);
        assertThat(failed.getStage()).isEqualTo("GENERATE_TERRAFORM");
        assertThat(failed.getRetryable()).isFalse();
        assertThat(failed.getAttempt()).isEqualTo(1);
        assertThat(failed.getReason()).startsWith("invalid request: account: ");
        assertThat(failed.getEventId()).isEqualTo(Envelope.derivedEventId(invalid.getEventId(), EventType.REQUEST_FAILED));
        assertThat(failed.getCausationId()).isEqualTo(invalid.getEventId());

        ConsumerRecord<String, byte[]> dead = events.awaitDeadLetters(EventType.REQUEST_SUBMITTED, TestEvents.forRequest(invalidId), 1).get(0);
        assertThat(header(dead, "dead-letter-reason")).contains("account: a NEW_ACCOUNT request must say which account it asks for");

        assertThat(events.awaitOne(TerraformGenerated.class, nextId).getKind()).isEqualTo(RequestKind.USER_ACCESS);
        events.assertNonePublished(TerraformGenerated.class, invalidId, SETTLE);
    }

    @Test
    void anUndecodableRecordIsDeadLetteredAndTheConsumerGoesOn() {
        String poisonKey = SampleEvents.newRequestId();
        byte[] poison = "not Avro at all".getBytes(StandardCharsets.UTF_8);
        events.publishRaw(EventType.REQUEST_SUBMITTED.topic(), poisonKey, poison);
        String nextId = SampleEvents.newRequestId();
        events.publish(SampleEvents.requestSubmitted(nextId).build());

        ConsumerRecord<String, byte[]> dead = events.awaitDeadLetters(EventType.REQUEST_SUBMITTED, TestEvents.forRequest(poisonKey), 1).get(0);
        assertThat(dead.value()).isEqualTo(poison);
        assertThat(events.awaitOne(TerraformGenerated.class, nextId).getKind()).isEqualTo(RequestKind.NEW_ACCOUNT);
        events.assertNonePublished(RequestFailed.class, poisonKey, SETTLE);
    }

    @Test
    void aRetryOfThisStageGeneratesTheRequestAgainAsTheSameEventAndARetryOfAnotherStageIsIgnored() {
        String requestId = SampleEvents.newRequestId();
        RequestSubmitted submitted = SampleEvents.requestSubmitted(requestId).build();
        events.publish(submitted);
        TerraformGenerated first = events.awaitOne(TerraformGenerated.class, requestId);

        events.publish(SampleEvents.retryRequested(requestId).setStage("CREATE_ACCOUNT").build(), "request-service");
        events.assertExactly(TerraformGenerated.class, requestId, 1, SETTLE);

        events.publish(SampleEvents.retryRequested(requestId).setStage("GENERATE_TERRAFORM").setEventId(SampleEvents.newRequestId())
                .build(), "request-service");
        List<TerraformGenerated> generated = events.assertExactly(TerraformGenerated.class, requestId, 2, SETTLE);
        assertThat(generated.get(1).getEventId()).isEqualTo(first.getEventId());
        assertThat(generated.get(1).getChanges()).isEqualTo(first.getChanges());
        events.assertNonePublished(RequestFailed.class, requestId, Duration.ZERO);
    }

    @Test
    void aRetryThatFailsAgainIsANewFailureDerivedFromTheRetryAndTheRetryIsDeadLettered() {
        String requestId = SampleEvents.newRequestId();
        RequestSubmitted invalid = SampleEvents.requestSubmitted(requestId).setAccount(null).build();
        events.publish(invalid);
        RequestFailed first = events.awaitOne(RequestFailed.class, requestId);
        assertThat(first.getWhatNext()).contains("ask for it again, corrected", "retries the request");

        String retryId = SampleEvents.newRequestId();
        events.publish(SampleEvents.retryRequested(requestId).setStage("GENERATE_TERRAFORM").setEventId(retryId)
                .setFailedEventId(first.getEventId()).build(), "request-service");
        List<RequestFailed> failures = events.assertExactly(RequestFailed.class, requestId, 2, SETTLE);
        RequestFailed again = failures.get(1);
        assertThat(again.getEventId()).isEqualTo(Envelope.derivedEventId(retryId, EventType.REQUEST_FAILED)).isNotEqualTo(first.getEventId());
        assertThat(again.getCausationId()).isEqualTo(retryId);
        assertThat(again.getStage()).isEqualTo("GENERATE_TERRAFORM");
        assertThat(again.getReason()).isEqualTo(first.getReason());
        ConsumerRecord<String, byte[]> dead = events.awaitDeadLetters(EventType.RETRY_REQUESTED, TestEvents.forRequest(requestId), 1).get(0);
        assertThat(header(dead, "dead-letter-reason")).contains("account");
        events.assertNonePublished(TerraformGenerated.class, requestId, Duration.ZERO);
    }

    @Test
    void aRetryOfARequestNeverSubmittedIsDeadLetteredAndPublishesNothing() {
        String requestId = SampleEvents.newRequestId();
        events.publish(SampleEvents.retryRequested(requestId).setStage("GENERATE_TERRAFORM").build(), "request-service");
        ConsumerRecord<String, byte[]> dead = events.awaitDeadLetters(EventType.RETRY_REQUESTED, TestEvents.forRequest(requestId), 1).get(0);
        assertThat(header(dead, "dead-letter-reason")).contains("no RequestSubmitted of request " + requestId);
        events.assertNonePublished(TerraformGenerated.class, requestId, Duration.ZERO);
        events.assertNonePublished(RequestFailed.class, requestId, Duration.ZERO);
    }

    @Test
    void readyOnTheBrokerAndTheRegistryWithMetrics() {
        given().when().get("/q/health/ready")
                .then().statusCode(200).body("status", is("UP"))
                .body(containsString("schema registry"));
        String requestId = SampleEvents.newRequestId();
        events.publish(SampleEvents.userAccessSubmitted(requestId).build());
        events.awaitOne(TerraformGenerated.class, requestId);
        given().when().get("/q/metrics")
                .then().statusCode(200).body(containsString("terraform_generated_total{kind=\"USER_ACCESS\""));
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
