package uk.gov.gds.awsam.provisioner.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.Account;
import uk.gov.gds.awsam.contract.TerraformLayout;
import uk.gov.gds.awsam.events.AccountClosed;
import uk.gov.gds.awsam.events.AccountClosing;
import uk.gov.gds.awsam.events.Envelope;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.PrMerged;
import uk.gov.gds.awsam.events.RequestFailed;
import uk.gov.gds.awsam.events.RequestKind;
import uk.gov.gds.awsam.events.RequestWaiting;
import uk.gov.gds.awsam.provisioner.testing.Merges;
import uk.gov.gds.awsam.provisioner.testing.MotoAccounts;
import uk.gov.gds.awsam.provisioner.testing.NotifierKeyResource;
import uk.gov.gds.awsam.provisioner.testing.SuspendedUnitForTests;
import uk.gov.gds.awsam.testsupport.InjectTestEvents;
import uk.gov.gds.awsam.testsupport.KafkaTestResource;
import uk.gov.gds.awsam.testsupport.SampleEvents;
import uk.gov.gds.awsam.testsupport.TestEvents;
import uk.gov.gds.awsam.testsupport.aws.InjectMoto;
import uk.gov.gds.awsam.testsupport.aws.MotoServer;
import uk.gov.gds.awsam.testsupport.aws.MotoTestResource;
import uk.gov.gds.awsam.testsupport.aws.StrictAws;

/**
 * The closure of an account after its closure file was merged, against moto behind the strict AWS layer: moved to
 * the suspended unit, PENDING_CLOSURE then SUSPENDED, AccountClosing and AccountClosed once with their dates; queued
 * (RequestWaiting, never a failure) while the closure quota, counted by the provisioner or refused by AWS, or the
 * closures in flight are reached, and taken up again (put down beyond a short hold, its PrMerged acknowledged, and
 * resumed by the closure queue's job); refusals; a retry of CLOSE_ACCOUNT.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(MotoTestResource.class)
@WithTestResource(NotifierKeyResource.class)
class ClosureJourneyTest {

    private static final Duration SETTLE = Duration.ofSeconds(2);
    private static final Duration LONG = Duration.ofSeconds(60);

    @InjectTestEvents
    TestEvents events;

    @InjectMoto
    MotoServer moto;

    @Inject
    SuspendedUnitForTests suspendedUnit;

    @Inject
    PublishedEvents published;

    MotoAccounts aws;
    String rootId;
    String suspended;

    @BeforeEach
    void fresh() {
        aws = new MotoAccounts(moto);
        rootId = aws.freshOrganisation();
        suspended = aws.createOrganisationalUnit(rootId, "suspended");
        suspendedUnit.set(suspended);
    }

    @Test
    void anAccountIsMovedToTheSuspendedUnitClosedAndAnnouncedOnceWithTheDateUntilItCanBeReinstated() {
        String requestId = SampleEvents.newRequestId();
        String name = "close-" + requestId.substring(0, 8);
        String accountId = aws.createAccountByHand(name, Merges.rootEmail(name), MotoAccounts.BOOTSTRAP);
        PrMerged merged = Merges.closure(requestId, accountId, name);

        events.publish(merged);

        AccountClosing closing = events.awaitRecords(AccountClosing.class, TestEvents.forRequest(requestId), 1, LONG).get(0).value();
        AccountClosed closed = events.awaitRecords(AccountClosed.class, TestEvents.forRequest(requestId), 1, LONG).get(0).value();
        assertThat(closing.getAccountId()).isEqualTo(accountId);
        assertThat(closing.getAccountName()).isEqualTo(name);
        assertThat(closing.getSuspendedParentId()).isEqualTo(suspended);
        assertThat(closing.getCausationId()).isEqualTo(merged.getEventId());
        assertThat(closed.getAccountId()).isEqualTo(accountId);
        assertThat(closed.getAccountName()).isEqualTo(name);
        assertThat(closed.getCausationId()).isEqualTo(closing.getEventId());
        assertThat(closed.getClosedAt()).isAfterOrEqualTo(closing.getClosureRequestedAt());
        assertThat(closed.getReinstatableUntil()).isEqualTo(closed.getClosedAt().plus(90, ChronoUnit.DAYS));
        assertThat(closed.getCredentialName()).isEqualTo("Amazon Web Services:root-mfa@" + accountId);
        assertThat(aws.parentOf(accountId)).isEqualTo(suspended);
        assertThat(status(accountId)).isEqualTo("SUSPENDED");

        events.publish(merged);

        events.assertExactly(AccountClosing.class, requestId, 1, SETTLE);
        events.assertExactly(AccountClosed.class, requestId, 1, Duration.ZERO);
        events.assertNonePublished(RequestFailed.class, requestId, Duration.ZERO);
        assertThat(moto.strict().interventions()).as("one CloseAccount accepted, none refused as already closed")
                .containsEntry(StrictAws.CLOSE_ACCOUNT_SECONDS, 1);
    }

    @Test
    void whenAwsRefusesForTheQuotaTheClosureWaitsUntilAwsAllowsIt() {
        moto.strict().set(Map.of(StrictAws.CREATE_ACCOUNT_SECONDS, 0, StrictAws.CLOSE_ACCOUNT_SECONDS, 0, StrictAws.CLOSE_ACCOUNTS_AT_ONCE, 0));
        // ten closures outside this service: the floor of the quota in a small organisation
        String accountId = memberAfterClosingOthersByHand(10);
        String requestId = SampleEvents.newRequestId();

        events.publish(Merges.closure(requestId, accountId, "member10"));

        RequestWaiting waiting = queued(requestId, accountId, "the closure quota");
        assertThat(waiting.getReason()).contains("CLOSE_ACCOUNT_QUOTA_EXCEEDED");
        assertThat(waiting.getUntil()).as("closures outside the service: when is not known").isNull();
        events.assertNonePublished(AccountClosing.class, requestId, Duration.ZERO);

        moto.strict().set(StrictAws.CLOSE_ACCOUNT_QUOTA, false);

        events.awaitRecords(AccountClosed.class, TestEvents.forRequest(requestId), 1, LONG);
        assertThat(status(accountId)).isEqualTo("SUSPENDED");
        assertThat(aws.parentOf(accountId)).isEqualTo(suspended);
        events.assertNonePublished(RequestFailed.class, requestId, Duration.ZERO);
    }

    /**
     * Issue 20: a closure queued for longer than the hold (2 s in tests) is put down: its RequestWaiting published, its
     * PrMerged acknowledged and committed (no record held for the quota's days), the channel healthy; the state a
     * restart would read back (a fresh read of the provisioner's topics) holds it queued until exactly its {@code until};
     * then the closure queue's job takes it up again and it is closed once, with the ids an unqueued closure gets.
     */
    @Test
    void theProvisionersOwnClosuresOfTheLast30DaysQueueAClosureUntilTheOldestIs30DaysOld() {
        String requestId = SampleEvents.newRequestId();
        String name = "quota-" + requestId.substring(0, 8);
        String accountId = aws.createAccountByHand(name, Merges.rootEmail(name), MotoAccounts.BOOTSTRAP);
        // ten closures the provisioner announced, the oldest leaving the 30-day window in 15 s
        Instant oldest = Instant.now().minus(30, ChronoUnit.DAYS).plusSeconds(15).truncatedTo(ChronoUnit.MILLIS);
        for (int i = 0; i < 10; i++) {
            String earlier = SampleEvents.newRequestId();
            events.publish(SampleEvents.accountClosing(earlier).setClosureRequestedAt(oldest.plusMillis(i)).build(), ProvisionerEvents.SOURCE);
        }
        Awaitility.await().atMost(LONG).until(() -> published.closuresRequestedSince(oldest).size() >= 10);

        PrMerged merged = Merges.closure(requestId, accountId, name);
        RecordMetadata record = events.publish(merged);

        RequestWaiting waiting = queued(requestId, accountId, "the closure quota");
        assertThat(waiting.getReason()).contains("may close 10 accounts in 30 days");
        assertThat(waiting.getUntil()).isEqualTo(oldest.plus(30, ChronoUnit.DAYS));
        assertThat(waiting.getCausationId()).isEqualTo(merged.getEventId());
        assertThat(aws.parentOf(accountId)).as("not moved while queued").isEqualTo(rootId);
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        Awaitility.await().atMost(LONG).untilAsserted(() -> assertThat(events.companion().consumerGroups().offsets("provisioner", partition))
                .as("the PrMerged is acknowledged and its offset committed while the closure is queued")
                .isNotNull().extracting(OffsetAndMetadata::offset).asInstanceOf(InstanceOfAssertFactories.LONG).isGreaterThan(record.offset()));
        given().when().get("/q/health/ready").then().statusCode(200);
        try (PublishedEvents readBack = new PublishedEvents(ProvisionerEvents.SOURCE,
                Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, events.bootstrapServers()), events.registryUrl())) {
            readBack.start();
            readBack.awaitCaughtUp(LONG);
            assertThat(readBack.closuresDue(waiting.getUntil().minusMillis(1), Duration.ofMinutes(1))).as("read back after a restart: not due yet")
                    .noneMatch(queued -> queued.requestId().equals(requestId));
            assertThat(readBack.closuresDue(waiting.getUntil(), Duration.ofMinutes(1))).as("read back after a restart: due at its until")
                    .contains(new QueuedClosures.Queued(requestId, merged.getEventId(), waiting.getOccurredAt(), waiting.getUntil(), false));
        }

        AccountClosing closing = events.awaitRecords(AccountClosing.class, TestEvents.forRequest(requestId), 1, LONG).get(0).value();
        assertThat(closing.getClosureRequestedAt()).isAfterOrEqualTo(waiting.getUntil());
        assertThat(closing.getEventId()).as("the id an unqueued closure gets")
                .isEqualTo(Envelope.derivedEventId(merged.getEventId(), EventType.ACCOUNT_CLOSING));
        AccountClosed closed = events.awaitRecords(AccountClosed.class, TestEvents.forRequest(requestId), 1, LONG).get(0).value();
        assertThat(closed.getEventId()).isEqualTo(Envelope.derivedEventId(merged.getEventId(), EventType.ACCOUNT_CLOSED));
        assertThat(aws.parentOf(accountId)).isEqualTo(suspended);
        events.assertExactly(AccountClosing.class, requestId, 1, SETTLE);
        events.assertExactly(AccountClosed.class, requestId, 1, Duration.ZERO);
        assertThat(events.readAll(RequestWaiting.class, TestEvents.forRequest(requestId))).as("queued once, however often looked at again")
                .filteredOn(queued -> queued.value().getWaitingFor().equals("the closure quota")).hasSize(1);
        events.assertNonePublished(RequestFailed.class, requestId, Duration.ZERO);
        assertThat(moto.strict().interventions()).as("one CloseAccount").containsEntry(StrictAws.CLOSE_ACCOUNT_SECONDS, 1);
    }

    /**
     * Issue 20 follow-up: a closure AWS takes longer to finish than the follow hold (2 s in tests) is put down once
     * accepted: AccountClosing published, its PrMerged acknowledged and committed while the account is still
     * PENDING_CLOSURE, the channel healthy; the closure queue's job looks again every second and publishes one
     * AccountClosed, with the id the in-line follow would have given it, once SUSPENDED; the PrMerged delivered again
     * meanwhile (the in-line follow and the job side by side) changes nothing.
     */
    @Test
    void aClosureAwsTakesLongToFinishIsPutDownOnceAcceptedAndClosedOnceByTheJob() {
        moto.strict().set(StrictAws.CLOSE_ACCOUNT_SECONDS, 10);
        String requestId = SampleEvents.newRequestId();
        String name = "slow-" + requestId.substring(0, 8);
        String accountId = aws.createAccountByHand(name, Merges.rootEmail(name), MotoAccounts.BOOTSTRAP);
        PrMerged merged = Merges.closure(requestId, accountId, name);

        RecordMetadata record = events.publish(merged);

        AccountClosing closing = events.awaitRecords(AccountClosing.class, TestEvents.forRequest(requestId), 1, LONG).get(0).value();
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        Awaitility.await().atMost(LONG).untilAsserted(() -> assertThat(events.companion().consumerGroups().offsets("provisioner", partition))
                .as("the PrMerged is acknowledged and its offset committed while the account is PENDING_CLOSURE")
                .isNotNull().extracting(OffsetAndMetadata::offset).asInstanceOf(InstanceOfAssertFactories.LONG).isGreaterThan(record.offset()));
        assertThat(status(accountId)).isEqualTo("PENDING_CLOSURE");
        events.assertNonePublished(AccountClosed.class, requestId, Duration.ZERO);
        given().when().get("/q/health/ready").then().statusCode(200);
        assertThat(published.closuresDue(closing.getOccurredAt().plusSeconds(60), Duration.ofMinutes(1))).as("followed by the job")
                .contains(new QueuedClosures.Queued(requestId, closing.getEventId(), closing.getOccurredAt(), null, true));

        events.publish(merged);

        AccountClosed closed = events.awaitRecords(AccountClosed.class, TestEvents.forRequest(requestId), 1, LONG).get(0).value();
        assertThat(closed.getEventId()).as("the id the in-line follow gives")
                .isEqualTo(Envelope.derivedEventId(merged.getEventId(), EventType.ACCOUNT_CLOSED));
        assertThat(closed.getCausationId()).isEqualTo(closing.getEventId());
        assertThat(status(accountId)).isEqualTo("SUSPENDED");
        events.assertExactly(AccountClosing.class, requestId, 1, SETTLE);
        events.assertExactly(AccountClosed.class, requestId, 1, Duration.ZERO);
        events.assertNonePublished(RequestFailed.class, requestId, Duration.ZERO);
        assertThat(published.closuresDue(Instant.now().plusSeconds(60), Duration.ofMinutes(1))).as("no longer followed")
                .noneMatch(queued -> queued.requestId().equals(requestId));
        assertThat(moto.strict().interventions()).as("one CloseAccount").containsEntry(StrictAws.CLOSE_ACCOUNT_SECONDS, 1);
    }

    @Test
    void aClosureWaitsWhileTheClosuresInFlightAreReached() {
        moto.strict().set(Map.of(StrictAws.CREATE_ACCOUNT_SECONDS, 0, StrictAws.CLOSE_ACCOUNT_SECONDS, 4));
        String accountId = memberAfterClosingOthersByHand(3);
        String requestId = SampleEvents.newRequestId();

        events.publish(Merges.closure(requestId, accountId, "member3"));

        RequestWaiting waiting = queued(requestId, accountId, "closures in flight");
        assertThat(waiting.getReason()).contains("3 accounts are PENDING_CLOSURE");
        assertThat(waiting.getUntil()).isNotNull();

        events.awaitRecords(AccountClosed.class, TestEvents.forRequest(requestId), 1, LONG);
        assertThat(status(accountId)).isEqualTo("SUSPENDED");
        events.assertNonePublished(RequestFailed.class, requestId, Duration.ZERO);
    }

    @Test
    void theManagementAccountAnAccountOutsideTheOrganisationAndOtherContentAreRefusedWithoutTouchingAws() {
        String management = SampleEvents.newRequestId();
        events.publish(Merges.closure(management, MotoAccounts.BILLING, "gds-billing"));
        String outside = SampleEvents.newRequestId();
        events.publish(Merges.closure(outside, "210987654321", "elsewhere"));
        String other = SampleEvents.newRequestId();
        String accountId = aws.createAccountByHand("other", Merges.rootEmail("other"), MotoAccounts.BOOTSTRAP);
        events.publish(Merges.merged(other, RequestKind.ACCOUNT_CLOSURE, List.of(accountId), List.of(
                Merges.file(TerraformLayout.DEFAULT.accountClosureFile(accountId), Merges.closureFile(accountId, "other")),
                Merges.file(TerraformLayout.DEFAULT.accountFile("other"), "{}"))));

        assertThat(failure(management).getReason()).contains("management account");
        assertThat(failure(outside).getReason()).contains("not in the organisation");
        RequestFailed refused = failure(other);
        assertThat(refused.getStage()).isEqualTo("VERIFY_MERGED_CONTENT");
        assertThat(refused.getReason()).contains("unexpected file");
        for (String requestId : List.of(management, outside, other)) {
            events.assertNonePublished(AccountClosing.class, requestId, Duration.ZERO);
        }
        assertThat(status(MotoAccounts.BILLING)).isEqualTo("ACTIVE");
        assertThat(status(accountId)).isEqualTo("ACTIVE");
        assertThat(aws.parentOf(accountId)).isEqualTo(rootId);
    }

    @Test
    void aClosureThatFailedIsResumedByARetryOfCloseAccount() {
        suspendedUnit.set(null);
        String requestId = SampleEvents.newRequestId();
        String name = "retry-" + requestId.substring(0, 8);
        String accountId = aws.createAccountByHand(name, Merges.rootEmail(name), MotoAccounts.BOOTSTRAP);
        events.publish(Merges.closure(requestId, accountId, name));
        RequestFailed failed = events.awaitOne(RequestFailed.class, requestId);
        assertThat(failed.getStage()).isEqualTo("CLOSE_ACCOUNT");
        assertThat(failed.getRetryable()).isFalse();
        assertThat(failed.getReason()).contains("suspended-parent-id");
        assertThat(status(accountId)).isEqualTo("ACTIVE");

        suspendedUnit.set(suspended);
        events.publish(Merges.retry(requestId, "CLOSE_ACCOUNT", failed.getEventId()));

        events.awaitRecords(AccountClosed.class, TestEvents.forRequest(requestId), 1, LONG);
        assertThat(aws.parentOf(accountId)).isEqualTo(suspended);
        events.assertExactly(RequestFailed.class, requestId, 1, Duration.ZERO);
    }

    private RequestFailed failure(String requestId) {
        RequestFailed failed = events.awaitRecords(RequestFailed.class, TestEvents.forRequest(requestId), 1, LONG).get(0).value();
        assertThat(failed.getRetryable()).isFalse();
        return failed;
    }

    /** {@code closed} member accounts closed by hand (outside the service), and the id of one more, still active. */
    private String memberAfterClosingOthersByHand(int closed) {
        List<String> members = new ArrayList<>();
        try (OrganizationsClient organizations = aws.organizations()) {
            for (int i = 0; i <= closed; i++) {
                int n = i;
                members.add(organizations.createAccount(b -> b.accountName("member" + n).email("member" + n + "@example.org"))
                        .createAccountStatus().accountId());
            }
            members.subList(0, closed).forEach(member -> organizations.closeAccount(b -> b.accountId(member)));
        }
        return members.get(closed);
    }

    /** The closure is queued (announced at once), the account untouched. */
    private RequestWaiting queued(String requestId, String accountId, String waitingFor) {
        RequestWaiting waiting = events.awaitOne(RequestWaiting.class, requestId);
        assertThat(waiting.getStage()).isEqualTo("CLOSE_ACCOUNT");
        assertThat(waiting.getWaitingFor()).isEqualTo(waitingFor);
        assertThat(status(accountId)).isEqualTo("ACTIVE");
        return waiting;
    }

    private String status(String accountId) {
        return aws.accounts().stream().filter(a -> a.id().equals(accountId)).map(Account::statusAsString).findFirst().orElseThrow();
    }
}
