package uk.gov.gds.awsam.provisioner.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import software.amazon.awssdk.services.iam.IamClient;
import uk.gov.gds.awsam.events.AccountCreated;
import uk.gov.gds.awsam.events.BootstrapRoleChecked;
import uk.gov.gds.awsam.events.BootstrapRoleState;
import uk.gov.gds.awsam.events.CloudEventHeaders;
import uk.gov.gds.awsam.events.YubikeysReturned;
import uk.gov.gds.awsam.provisioner.domain.AuditRoles;
import uk.gov.gds.awsam.provisioner.domain.BootstrapRoleSchedule;
import uk.gov.gds.awsam.provisioner.domain.BootstrapRoleSchedule.Due;
import uk.gov.gds.awsam.provisioner.domain.CrashPoints.Write;
import uk.gov.gds.awsam.provisioner.testing.ArmedCrashPoints;
import uk.gov.gds.awsam.provisioner.testing.Merges;
import uk.gov.gds.awsam.provisioner.testing.MotoAccounts;
import uk.gov.gds.awsam.provisioner.testing.NotifierKeyResource;
import uk.gov.gds.awsam.testsupport.InjectTestEvents;
import uk.gov.gds.awsam.testsupport.KafkaTestResource;
import uk.gov.gds.awsam.testsupport.SampleEvents;
import uk.gov.gds.awsam.testsupport.TestEvents;
import uk.gov.gds.awsam.testsupport.aws.InjectMoto;
import uk.gov.gds.awsam.testsupport.aws.MotoServer;
import uk.gov.gds.awsam.testsupport.aws.MotoTestResource;

/**
 * After hand-over the provisioner looks for the bootstrap role through the account's audit role (test profile: a
 * second after YubikeysReturned, then every 2 s) against moto behind the strict AWS layer: PRESENT until the
 * requesters delete it, then REMOVED and no more looks; NOT_VISIBLE, saying which role and why, while the audit role
 * cannot be assumed, until the account's closure is announced; never for an account the provisioner did not make; and
 * a crash between GetRole and the publish gives the same event once, which a restart does not repeat before its
 * nextCheckAt. Each test ends with its account no longer watched, so the checks do not go on under later tests.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(MotoTestResource.class)
@WithTestResource(NotifierKeyResource.class)
class BootstrapRoleChecksTest {

    private static final Duration LONG = Duration.ofSeconds(60);
    /** Longer than a check-every (2 s) and a scan. */
    private static final Duration SETTLE = Duration.ofSeconds(3);
    private static final Duration CHECK_AFTER = Duration.ofSeconds(1);
    private static final Duration CHECK_EVERY = Duration.ofSeconds(2);
    private static final String ADMIN = "admin.one@digital.cabinet-office.gov.uk";

    @InjectTestEvents
    TestEvents events;

    @InjectMoto
    MotoServer moto;

    @Inject
    ArmedCrashPoints crashPoints;

    @Inject
    BootstrapRoleSchedule schedule;

    /** What the running provisioner knows of the hand-overs (its one replica of the topics). */
    @Inject
    PublishedEvents running;

    MotoAccounts aws;
    String rootId;

    @BeforeEach
    void fresh() {
        aws = new MotoAccounts(moto);
        rootId = aws.freshOrganisation();
        aws.createUser(MotoAccounts.GDS_USERS, ADMIN);
    }

    @AfterEach
    void disarm() {
        crashPoints.disarm();
    }

    @Test
    void anAccountMadeAndHandedOverIsPresentUntilTheRequestersDeleteTheRoleThenRemovedAndNotLookedAtAgain() {
        String requestId = SampleEvents.newRequestId();
        String name = "handed-" + requestId.substring(0, 8);
        events.publish(Merges.newAccount(requestId, name, Merges.accountFile(name, List.of(ADMIN), null)));
        AccountCreated created = events.awaitRecords(AccountCreated.class, TestEvents.forRequest(requestId), 1, LONG).get(0).value();
        String accountId = created.getAccountId();
        YubikeysReturned returned = handOver(requestId, accountId);

        ConsumerRecord<String, BootstrapRoleChecked> first = awaitCheck(requestId, BootstrapRoleState.PRESENT);
        BootstrapRoleChecked present = first.value();
        assertThat(present.getEventId()).isEqualTo(BootstrapRoleSchedule.eventId(returned.getEventId(), 1));
        assertThat(present.getCausationId()).isEqualTo(returned.getEventId());
        assertThat(present.getAccountId()).isEqualTo(accountId);
        assertThat(present.getAccountName()).isEqualTo(name);
        assertThat(present.getRoleName()).isEqualTo(MotoAccounts.BOOTSTRAP);
        assertThat(present.getDetail()).isNull();
        assertThat(present.getHandedOverAt()).isEqualTo(returned.getOccurredAt());
        assertThat(present.getCheckedAt()).isAfterOrEqualTo(returned.getOccurredAt().plus(CHECK_AFTER));
        assertThat(present.getNextCheckAt()).isEqualTo(present.getCheckedAt().plus(CHECK_EVERY));
        assertThat(present.getOccurredAt()).isEqualTo(present.getCheckedAt());
        assertThat(first.key()).isEqualTo(requestId);
        assertThat(header(first, CloudEventHeaders.ID)).isEqualTo(present.getEventId());
        assertThat(header(first, CloudEventHeaders.SOURCE)).isEqualTo(ProvisionerEvents.SOURCE);
        assertThat(header(first, CloudEventHeaders.SUBJECT)).isEqualTo(requestId);

        try (IamClient iam = aws.iam(accountId)) {
            iam.deleteRole(b -> b.roleName(MotoAccounts.BOOTSTRAP));
        }

        BootstrapRoleChecked removed = awaitCheck(requestId, BootstrapRoleState.REMOVED).value();
        assertThat(removed.getNextCheckAt()).isNull();
        assertThat(removed.getDetail()).isNull();
        assertThat(removed.getHandedOverAt()).isEqualTo(returned.getOccurredAt());
        List<BootstrapRoleChecked> all = events.readAll(BootstrapRoleChecked.class, TestEvents.forRequest(requestId)).stream()
                .map(ConsumerRecord::value).toList();
        assertThat(all).extracting(BootstrapRoleChecked::getEventId).doesNotHaveDuplicates();
        assertThat(all.get(all.size() - 1)).isEqualTo(removed);
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i).getCausationId()).as("each look follows the one before").isEqualTo(all.get(i - 1).getEventId());
            assertThat(all.get(i).getCheckedAt()).as("not before the previous look's nextCheckAt").isAfterOrEqualTo(all.get(i - 1).getNextCheckAt());
        }
        events.assertExactly(BootstrapRoleChecked.class, requestId, all.size(), SETTLE);
        assertThat(RestAssured.get("/q/metrics").asString()).contains("provisioner_bootstrap_role_checks_total{state=\"PRESENT\"}")
                .contains("provisioner_bootstrap_role_checks_total{state=\"REMOVED\"}");
    }

    @Test
    void anAccountWhoseAuditRoleCannotBeAssumedIsNotVisibleNamingTheRoleUntilItsClosureIsAnnounced() {
        String requestId = SampleEvents.newRequestId();
        String name = "blind-" + requestId.substring(0, 8);
        String accountId = announcedByTheProvisioner(requestId, name);
        deleteAuditRole(accountId);
        handOver(requestId, accountId);

        BootstrapRoleChecked blind = awaitCheck(requestId, BootstrapRoleState.NOT_VISIBLE).value();
        assertThat(blind.getDetail()).contains("arn:aws:iam::" + accountId + ":role/" + MotoAccounts.AUDIT).contains("AccessDenied")
                .doesNotContain("org-admin-access");
        assertThat(blind.getNextCheckAt()).as("looked at again: the reminder cadence").isEqualTo(blind.getCheckedAt().plus(CHECK_EVERY));
        assertThat(blind.getRoleName()).isEqualTo(MotoAccounts.BOOTSTRAP);

        events.publish(SampleEvents.accountClosing(SampleEvents.newRequestId()).setEventId(UUID.randomUUID().toString())
                .setAccountId(accountId).setAccountName(name).build(), ProvisionerEvents.SOURCE);

        Awaitility.await().atMost(LONG).until(() -> schedule.next(running, handOverOf(running, requestId)).isEmpty(), none -> none);
        int looks = events.readAll(BootstrapRoleChecked.class, TestEvents.forRequest(requestId)).size();
        events.assertExactly(BootstrapRoleChecked.class, requestId, looks, SETTLE);
    }

    @Test
    void anAccountTheProvisionerDidNotAnnounceIsNotWatched() {
        String requestId = SampleEvents.newRequestId();
        String accountId = aws.createAccountByHand("by-hand-" + requestId.substring(0, 8), Merges.rootEmail("by-hand-" + requestId.substring(0, 8)),
                MotoAccounts.BOOTSTRAP);
        aws.addAuditRole(accountId);

        handOver(requestId, accountId);

        events.assertNonePublished(BootstrapRoleChecked.class, requestId, CHECK_AFTER.plus(SETTLE));
    }

    @Test
    void aCrashBetweenGetRoleAndThePublishGivesTheSameEventOnceAndARestartDoesNotLookAgainBeforeItsNextCheck() {
        String requestId = SampleEvents.newRequestId();
        String name = "crash-" + requestId.substring(0, 8);
        String accountId = announcedByTheProvisioner(requestId, name);
        crashPoints.arm(Write.BOOTSTRAP_ROLE_LOOKED, name);

        YubikeysReturned returned = handOver(requestId, accountId);
        Awaitility.await().atMost(LONG).until(() -> crashPoints.crashedAt(Write.BOOTSTRAP_ROLE_LOOKED));

        BootstrapRoleChecked present = awaitCheck(requestId, BootstrapRoleState.PRESENT).value();
        String firstId = BootstrapRoleSchedule.eventId(returned.getEventId(), 1);
        assertThat(present.getEventId()).isEqualTo(firstId);
        assertThat(events.readAll(BootstrapRoleChecked.class, r -> r.value().getEventId().equals(firstId))).hasSize(1);

        // a restart: what the topics hold, read back by a new replica, decides the same
        try (PublishedEvents published = new PublishedEvents(ProvisionerEvents.SOURCE, kafka(), events.registryUrl())) {
            published.start();
            Awaitility.await().atMost(LONG).until(published::caughtUp);
            assertThat(handOverOf(published, requestId).eventId()).as("the yubikey-agent's hand-over, read whatever its source")
                    .isEqualTo(returned.getEventId());
            assertThat(published.checks(requestId)).extracting(BootstrapRoleSchedule.Check::eventId).startsWith(firstId);
            assertThat(schedule.due(published, present.getNextCheckAt().minusMillis(1))).extracting(Due::requestId).doesNotContain(requestId);
        }

        try (IamClient iam = aws.iam(accountId)) {
            iam.deleteRole(b -> b.roleName(MotoAccounts.BOOTSTRAP));
        }
        awaitCheck(requestId, BootstrapRoleState.REMOVED);
        List<BootstrapRoleChecked> all = events.readAll(BootstrapRoleChecked.class, TestEvents.forRequest(requestId)).stream()
                .map(ConsumerRecord::value).toList();
        for (int i = 0; i < all.size(); i++) {
            assertThat(all.get(i).getEventId()).as("look " + (i + 1) + ", once").isEqualTo(BootstrapRoleSchedule.eventId(returned.getEventId(), i + 1));
        }
    }

    /** An account made with its audit role and announced by the provisioner (AccountCreated read back, as after a restart). */
    private String announcedByTheProvisioner(String requestId, String name) {
        String accountId = aws.createAccountByHand(name, Merges.rootEmail(name), MotoAccounts.BOOTSTRAP);
        aws.addAuditRole(accountId);
        events.publish(SampleEvents.accountCreated(requestId).setEventId(UUID.randomUUID().toString()).setAccountId(accountId)
                .setAccountName(name).setRootEmail(Merges.rootEmail(name)).setAdminUserEmails(List.of(ADMIN)).build(), ProvisionerEvents.SOURCE);
        return accountId;
    }

    private void deleteAuditRole(String accountId) {
        try (IamClient iam = aws.iam(accountId)) {
            iam.deleteRolePolicy(b -> b.roleName(MotoAccounts.AUDIT).policyName(AuditRoles.POLICY_NAME));
            iam.deleteRole(b -> b.roleName(MotoAccounts.AUDIT));
        }
    }

    /** The engineer put both keys back in the safe: the yubikey-agent's YubikeysReturned, now. */
    private YubikeysReturned handOver(String requestId, String accountId) {
        YubikeysReturned returned = SampleEvents.yubikeysReturned(requestId).setEventId(UUID.randomUUID().toString()).setAccountId(accountId)
                .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS)).build();
        events.publish(returned, "yubikey-agent");
        return returned;
    }

    private ConsumerRecord<String, BootstrapRoleChecked> awaitCheck(String requestId, BootstrapRoleState state) {
        return events.awaitRecords(BootstrapRoleChecked.class, r -> requestId.equals(r.key()) && r.value().getState() == state, 1, LONG).get(0);
    }

    private static BootstrapRoleSchedule.HandOver handOverOf(PublishedEvents published, String requestId) {
        return published.handOvers().stream().filter(h -> h.requestId().equals(requestId)).findFirst().orElseThrow();
    }

    private Map<String, Object> kafka() {
        return Map.of("bootstrap.servers", events.bootstrapServers());
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
