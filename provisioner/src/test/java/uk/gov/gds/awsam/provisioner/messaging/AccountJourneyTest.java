package uk.gov.gds.awsam.provisioner.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.services.organizations.model.Account;
import uk.gov.gds.awsam.events.AccountCreated;
import uk.gov.gds.awsam.events.Envelope;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.PrMerged;
import uk.gov.gds.awsam.events.RequestFailed;
import uk.gov.gds.awsam.events.RequestWaiting;
import uk.gov.gds.awsam.events.RetryRequested;
import uk.gov.gds.awsam.events.RootMfaRequested;
import uk.gov.gds.awsam.events.RootMfaSeeded;
import uk.gov.gds.awsam.events.RootSecured;
import uk.gov.gds.awsam.provisioner.domain.AccountProvisioning;
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
import uk.gov.gds.awsam.testsupport.aws.StrictAws;

/**
 * The new-account journey through the real broker and registry against moto behind the strict AWS layer (trust
 * policies enforced, CreateAccount in progress, roles and principals propagating, root MFA lagging): PrMerged in,
 * AccountCreated and RootMfaRequested out (once), then RootMfaSeeded in, RootSecured out (once); every failure
 * with what to do, and an engineer's RetryRequested resuming the request from where it stopped.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(MotoTestResource.class)
@WithTestResource(NotifierKeyResource.class)
class AccountJourneyTest {

    private static final String ADMIN_ONE = "admin.one@digital.cabinet-office.gov.uk";
    private static final String ADMIN_TWO = "admin.two@digital.cabinet-office.gov.uk";
    private static final Duration SETTLE = Duration.ofSeconds(2);
    private static final Duration LONG = Duration.ofSeconds(60);

    @InjectTestEvents
    TestEvents events;

    @InjectMoto
    MotoServer moto;

    @Inject
    PublishedEvents published;

    MotoAccounts aws;
    String rootId;

    @BeforeEach
    void freshOrganisation() {
        aws = new MotoAccounts(moto);
        rootId = aws.freshOrganisation();
        aws.createUser(MotoAccounts.GDS_USERS, ADMIN_ONE);
        aws.createUser(MotoAccounts.GDS_USERS, ADMIN_TWO);
    }

    @Test
    void aMergedAccountIsCreatedInItsUnitWithItsAuditRoleAndAnnouncedOnceEvenWhenTheMergeIsRedelivered() {
        String requestId = SampleEvents.newRequestId();
        String name = "new-" + requestId.substring(0, 8);
        String unit = aws.createOrganisationalUnit(rootId, "workloads");
        PrMerged merged = Merges.newAccount(requestId, name, Merges.accountFile(name, List.of(ADMIN_ONE, ADMIN_TWO), unit));

        events.publish(merged);

        AccountCreated created = events.awaitRecords(AccountCreated.class, TestEvents.forRequest(requestId), 1, LONG).get(0).value();
        Account account = aws.accountsWithEmail(Merges.rootEmail(name)).get(0);
        assertThat(created.getAccountId()).isEqualTo(account.id());
        assertThat(created.getAccountName()).isEqualTo(name).isEqualTo(account.name());
        assertThat(created.getRootEmail()).isEqualTo(Merges.rootEmail(name));
        assertThat(created.getCreateAccountRequestId()).startsWith("car-");
        assertThat(created.getAdminUserEmails()).containsExactly(ADMIN_ONE, ADMIN_TWO);
        assertThat(created.getEventId()).isEqualTo(Envelope.derivedEventId(merged.getEventId(), EventType.ACCOUNT_CREATED));
        assertThat(created.getCausationId()).isEqualTo(merged.getEventId());
        assertThat(aws.parentOf(account.id())).isEqualTo(unit);
        assertThat(aws.tags(account.id())).containsEntry(AccountProvisioning.REQUEST_TAG, requestId).containsEntry("Team", "Sample Team");
        assertThat(aws.hasRole(account.id(), MotoAccounts.AUDIT)).isTrue();
        assertThat(aws.trustPolicy(account.id(), MotoAccounts.AUDIT)).contains(MotoAccounts.ORG_ADMIN_ACCESS);

        RootMfaRequested requested = events.awaitOne(RootMfaRequested.class, requestId);
        assertThat(requested.getAccountId()).isEqualTo(account.id());
        assertThat(requested.getCredentialName()).isEqualTo("Amazon Web Services:root-mfa@" + account.id());
        assertThat(requested.getKeysRequired()).isEqualTo(2);
        assertThat(requested.getCausationId()).isEqualTo(created.getEventId());
        RequestWaiting waiting = events.awaitOne(RequestWaiting.class, requestId);
        assertThat(waiting.getStage()).isEqualTo("CREATE_ACCOUNT");
        assertThat(waiting.getWaitingFor()).isEqualTo("AWS to finish creating the account");

        events.publish(merged);

        events.assertExactly(AccountCreated.class, requestId, 1, SETTLE);
        events.assertExactly(RootMfaRequested.class, requestId, 1, Duration.ZERO);
        assertThat(aws.accountsWithEmail(Merges.rootEmail(name))).hasSize(1);
        assertThat(aws.creations()).hasSize(1);
        events.assertNonePublished(RequestFailed.class, requestId, Duration.ZERO);
    }

    @Test
    void anAccountMadeByHandThatNoRequestClaimsIsAdoptedAndClaimedNotDuplicated() {
        String requestId = SampleEvents.newRequestId();
        String name = "hand-" + requestId.substring(0, 8);
        String existing = aws.createAccountByHand(name, Merges.rootEmail(name), MotoAccounts.BOOTSTRAP);

        events.publish(Merges.newAccount(requestId, name, Merges.accountFile(name, List.of(ADMIN_ONE), null)));

        AccountCreated created = events.awaitRecords(AccountCreated.class, TestEvents.forRequest(requestId), 1, LONG).get(0).value();
        assertThat(created.getAccountId()).isEqualTo(existing);
        assertThat(created.getCreateAccountRequestId()).isNull();
        assertThat(aws.tags(existing)).containsEntry(AccountProvisioning.REQUEST_TAG, requestId).containsEntry(AccountProvisioning.ADOPTED_TAG, "true");
        assertThat(aws.accountsWithEmail(Merges.rootEmail(name))).hasSize(1);
    }

    @Test
    void anAccountOfAnotherRequestIsNotAdopted() {
        String first = SampleEvents.newRequestId();
        String name = "taken-" + first.substring(0, 8);
        events.publish(Merges.newAccount(first, name, Merges.accountFile(name, List.of(ADMIN_ONE), null)));
        String accountId = events.awaitRecords(AccountCreated.class, TestEvents.forRequest(first), 1, LONG).get(0).value().getAccountId();
        String second = SampleEvents.newRequestId();

        events.publish(Merges.newAccount(second, name, Merges.accountFile(name, List.of(ADMIN_TWO), null)));

        RequestFailed failed = events.awaitRecords(RequestFailed.class, TestEvents.forRequest(second), 1, LONG).get(0).value();
        assertThat(failed.getStage()).isEqualTo("CREATE_ACCOUNT");
        assertThat(failed.getRetryable()).isFalse();
        assertThat(failed.getReason()).contains("account " + accountId).contains("belongs to request " + first);
        assertThat(failed.getWhatNext()).contains("another account name");
        events.assertNonePublished(AccountCreated.class, second, Duration.ZERO);
    }

    @Test
    void anAccountMadeByHandWithoutTheRoleFailsWithWhatToDoAndARetryCompletesItOnceTheRoleExists() {
        String requestId = SampleEvents.newRequestId();
        String name = "norole-" + requestId.substring(0, 8);
        String accountId = aws.createAccountByHand(name, Merges.rootEmail(name), "SomeOtherRole");
        events.publish(Merges.newAccount(requestId, name, Merges.accountFile(name, List.of(ADMIN_ONE), null)));

        RequestFailed failed = events.awaitRecords(RequestFailed.class, TestEvents.forRequest(requestId), 1, LONG).get(0).value();
        assertThat(failed.getStage()).isEqualTo("ACCOUNT_READINESS");
        assertThat(failed.getRetryable()).isFalse();
        assertThat(failed.getWhatNext()).contains("creates the role bootstrap in account " + accountId);
        events.assertNonePublished(AccountCreated.class, requestId, Duration.ZERO);

        aws.createRoleVia(accountId, "SomeOtherRole", MotoAccounts.BOOTSTRAP, MotoAccounts.trustingTheManagementAccount());
        events.publish(Merges.retry(requestId, "ACCOUNT_READINESS", failed.getEventId()));

        assertThat(events.awaitRecords(AccountCreated.class, TestEvents.forRequest(requestId), 1, LONG).get(0).value().getAccountId())
                .isEqualTo(accountId);
        events.assertExactly(RequestFailed.class, requestId, 1, Duration.ZERO);
    }

    @Test
    void anAccountWhoseAdminHasNoIamUserIsNotCreatedUntilAnEngineerRetriesAfterTheyHaveOne() {
        String requestId = SampleEvents.newRequestId();
        String name = "early-" + requestId.substring(0, 8);
        String newcomer = "newcomer." + requestId.substring(0, 8) + "@digital.cabinet-office.gov.uk";
        events.publish(Merges.newAccount(requestId, name, Merges.accountFile(name, List.of(ADMIN_ONE, newcomer), null)));

        RequestFailed failed = events.awaitRecords(RequestFailed.class, TestEvents.forRequest(requestId), 1, LONG).get(0).value();
        assertThat(failed.getStage()).isEqualTo("CHECK_ADMINS");
        assertThat(failed.getRetryable()).isFalse();
        assertThat(failed.getReason()).contains(newcomer).contains("nothing was created in AWS").doesNotContain(ADMIN_ONE);
        assertThat(failed.getWhatNext()).contains("ask for user access for " + newcomer).contains("retries");
        assertThat(aws.creations()).isEmpty();

        RetryRequested tooSoon = Merges.retry(requestId, "CHECK_ADMINS", failed.getEventId());
        events.publish(tooSoon);
        List<RequestFailed> failures = events.awaitRecords(RequestFailed.class, TestEvents.forRequest(requestId), 2, LONG).stream()
                .map(r -> r.value()).toList();
        assertThat(failures.get(1).getCausationId()).isEqualTo(tooSoon.getEventId());
        assertThat(failures.get(1).getEventId()).isNotEqualTo(failed.getEventId());
        assertThat(aws.creations()).isEmpty();

        aws.createUser(MotoAccounts.GDS_USERS, newcomer);
        events.publish(Merges.retry(requestId, "CHECK_ADMINS", failures.get(1).getEventId()));

        AccountCreated created = events.awaitRecords(AccountCreated.class, TestEvents.forRequest(requestId), 1, LONG).get(0).value();
        assertThat(created.getAdminUserEmails()).containsExactly(ADMIN_ONE, newcomer);
        assertThat(aws.accountsWithEmail(Merges.rootEmail(name))).hasSize(1);
    }

    @Test
    void rootIsSecuredThroughTheAuditRoleTrustingEachAdminWithMfaOnceEvenWhenRedeliveredAfterTheRewrite() throws Exception {
        String requestId = SampleEvents.newRequestId();
        String name = "sec-" + requestId.substring(0, 8);
        events.publish(Merges.newAccount(requestId, name, Merges.accountFile(name, List.of(ADMIN_ONE, ADMIN_TWO), null)));
        String accountId = events.awaitRecords(AccountCreated.class, TestEvents.forRequest(requestId), 1, LONG).get(0).value().getAccountId();
        aws.deleteUser(MotoAccounts.GDS_USERS, ADMIN_TWO);
        aws.rootMfa(accountId, true);

        RootMfaSeeded seeded = Merges.rootMfaSeeded(requestId, accountId);
        events.publish(seeded);

        RootSecured secured = events.awaitRecords(RootSecured.class, TestEvents.forRequest(requestId), 1, LONG).get(0).value();
        String adminArn = "arn:aws:iam::" + MotoAccounts.GDS_USERS + ":user/" + ADMIN_ONE;
        assertThat(secured.getAccountId()).isEqualTo(accountId);
        assertThat(secured.getBootstrapRoleArn()).isEqualTo("arn:aws:iam::" + accountId + ":role/bootstrap");
        assertThat(secured.getTrustedPrincipalArns()).containsExactly(adminArn);
        assertThat(secured.getMissingAdminUserEmails()).containsExactly(ADMIN_TWO);
        assertThat(secured.getRootMfaVerified()).isTrue();
        assertThat(secured.getAuditRoleArn()).isEqualTo("arn:aws:iam::" + accountId + ":role/" + MotoAccounts.AUDIT);
        assertThat(secured.getCausationId()).isEqualTo(seeded.getEventId());
        String expected = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"" + adminArn
                + "\"]},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}}]}";
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(aws.trustPolicy(accountId, MotoAccounts.BOOTSTRAP))).isEqualTo(json.readTree(expected));

        events.publish(seeded);
        events.assertExactly(RootSecured.class, requestId, 1, SETTLE);
        events.assertNonePublished(RequestFailed.class, requestId, Duration.ZERO);
    }

    @Test
    void theAdminsToTrustAreTheOnesAnnouncedOnTheTopicAndAnAccountWithoutTheAuditRoleGetsItFirst() {
        String requestId = SampleEvents.newRequestId();
        String name = "rst-" + requestId.substring(0, 8);
        String accountId = aws.createAccountByHand(name, Merges.rootEmail(name), MotoAccounts.BOOTSTRAP);
        AccountCreated announcedBeforeRestart = SampleEvents.accountCreated(requestId).setAccountId(accountId).setAccountName(name)
                .setRootEmail(Merges.rootEmail(name)).setAdminUserEmails(List.of(ADMIN_TWO)).build();
        events.publish(announcedBeforeRestart, ProvisionerEvents.SOURCE);
        Awaitility.await().atMost(TestEvents.TIMEOUT).until(() -> published.account(requestId).isPresent());
        aws.rootMfa(accountId, true);

        events.publish(Merges.rootMfaSeeded(requestId, accountId));

        RootSecured secured = events.awaitRecords(RootSecured.class, TestEvents.forRequest(requestId), 1, LONG).get(0).value();
        assertThat(secured.getTrustedPrincipalArns()).containsExactly("arn:aws:iam::" + MotoAccounts.GDS_USERS + ":user/" + ADMIN_TWO);
        assertThat(secured.getAuditRoleArn()).isEqualTo("arn:aws:iam::" + accountId + ":role/" + MotoAccounts.AUDIT);
        assertThat(aws.trustPolicy(accountId, MotoAccounts.AUDIT)).contains(MotoAccounts.ORG_ADMIN_ACCESS);
    }

    @Test
    void rootMfaThatAwsDoesNotShowFailsWithWhatToDoAndARetryWithoutSeedingAgainSecuresIt() {
        String requestId = SampleEvents.newRequestId();
        String name = "lag-" + requestId.substring(0, 8);
        events.publish(Merges.newAccount(requestId, name, Merges.accountFile(name, List.of(ADMIN_ONE), null)));
        String accountId = events.awaitRecords(AccountCreated.class, TestEvents.forRequest(requestId), 1, LONG).get(0).value().getAccountId();
        String before = aws.trustPolicy(accountId, MotoAccounts.BOOTSTRAP);
        moto.strict().set(StrictAws.ROOT_MFA_LAG_SECONDS, 3600);
        aws.rootMfa(accountId, true);

        events.publish(Merges.rootMfaSeeded(requestId, accountId));

        RequestFailed failed = events.awaitRecords(RequestFailed.class, TestEvents.forRequest(requestId), 1, LONG).get(0).value();
        assertThat(failed.getStage()).isEqualTo("SECURE_ROOT");
        assertThat(failed.getRetryable()).isFalse();
        assertThat(failed.getReason()).contains("root MFA is not enabled on account " + accountId).contains("not handed over");
        assertThat(failed.getWhatNext()).contains("nothing needs seeding again");
        assertThat(events.awaitRecords(RequestWaiting.class, TestEvents.forRequest(requestId), 2, LONG))
                .anySatisfy(w -> assertThat(w.value().getStage()).isEqualTo("SECURE_ROOT"));
        assertThat(aws.trustPolicy(accountId, MotoAccounts.BOOTSTRAP)).isEqualTo(before);

        moto.strict().set(StrictAws.ROOT_MFA_LAG_SECONDS, 0);
        aws.rootMfa(accountId, true);
        events.publish(Merges.retry(requestId, "SECURE_ROOT", failed.getEventId()));

        RootSecured secured = events.awaitRecords(RootSecured.class, TestEvents.forRequest(requestId), 1, LONG).get(0).value();
        assertThat(secured.getRootMfaVerified()).isTrue();
        events.assertExactly(RootMfaSeeded.class, requestId, 1, Duration.ZERO);
    }

    @Test
    void adminsRemovedBeforeRootIsSecuredFailItAndARetryAfterTheyAreBackSecuresIt() {
        String requestId = SampleEvents.newRequestId();
        String name = "gone-" + requestId.substring(0, 8);
        events.publish(Merges.newAccount(requestId, name, Merges.accountFile(name, List.of(ADMIN_ONE, ADMIN_TWO), null)));
        String accountId = events.awaitRecords(AccountCreated.class, TestEvents.forRequest(requestId), 1, LONG).get(0).value().getAccountId();
        String before = aws.trustPolicy(accountId, MotoAccounts.BOOTSTRAP);
        aws.deleteUser(MotoAccounts.GDS_USERS, ADMIN_ONE);
        aws.deleteUser(MotoAccounts.GDS_USERS, ADMIN_TWO);
        aws.rootMfa(accountId, true);

        events.publish(Merges.rootMfaSeeded(requestId, accountId));

        RequestFailed failed = events.awaitRecords(RequestFailed.class, TestEvents.forRequest(requestId), 1, LONG).get(0).value();
        assertThat(failed.getStage()).isEqualTo("SECURE_ROOT");
        assertThat(failed.getRetryable()).isFalse();
        assertThat(failed.getReason()).contains(ADMIN_ONE).contains(ADMIN_TWO).contains("gds-users");
        assertThat(failed.getWhatNext()).contains("ask for user access").contains("does not need seeding again");
        assertThat(aws.trustPolicy(accountId, MotoAccounts.BOOTSTRAP)).isEqualTo(before);

        aws.createUser(MotoAccounts.GDS_USERS, ADMIN_ONE);
        events.publish(Merges.retry(requestId, "SECURE_ROOT", failed.getEventId()));

        RootSecured secured = events.awaitRecords(RootSecured.class, TestEvents.forRequest(requestId), 1, LONG).get(0).value();
        assertThat(secured.getTrustedPrincipalArns()).containsExactly("arn:aws:iam::" + MotoAccounts.GDS_USERS + ":user/" + ADMIN_ONE);
        assertThat(secured.getMissingAdminUserEmails()).containsExactly(ADMIN_TWO);
    }

    @Test
    void aRetryOfAnotherServicesStageIsLeftToIt() {
        String requestId = SampleEvents.newRequestId();

        events.publish(Merges.retry(requestId, "OPEN_PR", null));

        events.assertNonePublished(RequestFailed.class, requestId, SETTLE);
    }

    @Test
    void mergedContentThatNoLongerMatchesTheRequestIsRefusedAndNothingIsCreated() {
        String requestId = SampleEvents.newRequestId();
        String name = "ren-" + requestId.substring(0, 8);
        String file = Merges.accountFile("someone-else", Merges.rootEmail(name), List.of(ADMIN_ONE), null, java.util.Map.of());
        events.publish(Merges.newAccount(requestId, name, file));

        RequestFailed failed = events.awaitOne(RequestFailed.class, requestId);
        assertThat(failed.getStage()).isEqualTo("VERIFY_MERGED_CONTENT");
        assertThat(failed.getRetryable()).isFalse();
        assertThat(failed.getReason()).contains("someone-else").contains(name);
        assertThat(failed.getWhatNext()).isNotBlank();
        events.assertNonePublished(AccountCreated.class, requestId, SETTLE);
        assertThat(aws.creations()).isEmpty();
    }

    @Test
    void anAccountMergedInTheUsersRepositoryIsNotApplied() {
        String requestId = SampleEvents.newRequestId();
        String name = "repo-" + requestId.substring(0, 8);
        PrMerged merged = Merges.newAccount(requestId, name, Merges.accountFile(name, List.of(ADMIN_ONE), null));
        merged.setRepository("gds/aws-users");

        events.publish(merged);

        RequestFailed failed = events.awaitOne(RequestFailed.class, requestId);
        assertThat(failed.getStage()).isEqualTo("VERIFY_MERGED_CONTENT");
        assertThat(failed.getReason()).contains("merged in gds/aws-users").contains("only from gds/aws-billing-account");
        events.assertNonePublished(AccountCreated.class, requestId, SETTLE);
        assertThat(aws.creations()).isEmpty();
    }

    @Test
    void rootMfaSeededForAnAccountTheProvisionerDidNotAnnounceIsRefused() {
        String requestId = SampleEvents.newRequestId();

        events.publish(Merges.rootMfaSeeded(requestId, "111122223333"));

        RequestFailed failed = events.awaitOne(RequestFailed.class, requestId);
        assertThat(failed.getStage()).isEqualTo("SECURE_ROOT");
        assertThat(failed.getReason()).contains("no AccountCreated");
        events.assertNonePublished(RootSecured.class, requestId, Duration.ZERO);
    }
}
