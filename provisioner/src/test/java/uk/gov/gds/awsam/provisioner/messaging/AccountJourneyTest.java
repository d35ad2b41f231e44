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
import uk.gov.gds.awsam.events.RootMfaRequested;
import uk.gov.gds.awsam.events.RootMfaSeeded;
import uk.gov.gds.awsam.events.RootSecured;
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
 * The new-account journey through the real broker and registry against a real moto server: PrMerged in,
 * AccountCreated and RootMfaRequested out (once), then RootMfaSeeded in, RootSecured out (once).
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(MotoTestResource.class)
@WithTestResource(NotifierKeyResource.class)
class AccountJourneyTest {

    private static final String ADMIN_ONE = "admin.one@digital.cabinet-office.gov.uk";
    private static final String ADMIN_TWO = "admin.two@digital.cabinet-office.gov.uk";
    private static final Duration SETTLE = Duration.ofSeconds(2);

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
        moto.reset();
        aws = new MotoAccounts(moto);
        rootId = aws.createOrganisation();
    }

    @Test
    void aMergedAccountIsCreatedInItsUnitAndAnnouncedOnceEvenWhenTheMergeIsRedelivered() {
        String requestId = SampleEvents.newRequestId();
        String name = "new-" + requestId.substring(0, 8);
        String unit = aws.createOrganisationalUnit(rootId, "workloads");
        PrMerged merged = Merges.newAccount(requestId, name, Merges.accountFile(name, List.of(ADMIN_ONE, ADMIN_TWO), unit));

        events.publish(merged);

        AccountCreated created = events.awaitOne(AccountCreated.class, requestId);
        Account account = aws.accountsWithEmail(Merges.rootEmail(name)).get(0);
        assertThat(created.getAccountId()).isEqualTo(account.id());
        assertThat(created.getAccountName()).isEqualTo(name).isEqualTo(account.name());
        assertThat(created.getRootEmail()).isEqualTo(Merges.rootEmail(name));
        assertThat(created.getCreateAccountRequestId()).startsWith("car-");
        assertThat(created.getAdminUserEmails()).containsExactly(ADMIN_ONE, ADMIN_TWO);
        assertThat(created.getEventId()).isEqualTo(Envelope.derivedEventId(merged.getEventId(), EventType.ACCOUNT_CREATED));
        assertThat(created.getCausationId()).isEqualTo(merged.getEventId());
        assertThat(aws.parentOf(account.id())).isEqualTo(unit);

        RootMfaRequested requested = events.awaitOne(RootMfaRequested.class, requestId);
        assertThat(requested.getAccountId()).isEqualTo(account.id());
        assertThat(requested.getAccountName()).isEqualTo(name);
        assertThat(requested.getRootEmail()).isEqualTo(Merges.rootEmail(name));
        assertThat(requested.getCredentialName()).isEqualTo("Amazon Web Services:root-mfa@" + account.id());
        assertThat(requested.getKeysRequired()).isEqualTo(2);
        assertThat(requested.getConsoleSignInUrl()).isEqualTo("https://signin.aws.amazon.com/console");
        assertThat(requested.getCausationId()).isEqualTo(created.getEventId());

        events.publish(merged);

        events.assertExactly(AccountCreated.class, requestId, 1, SETTLE);
        events.assertExactly(RootMfaRequested.class, requestId, 1, SETTLE);
        assertThat(aws.accountsWithEmail(Merges.rootEmail(name))).hasSize(1);
        events.assertNonePublished(RequestFailed.class, requestId, Duration.ZERO);
    }

    @Test
    void anAccountThatAlreadyHasTheRootEmailIsAdoptedNotDuplicated() {
        String requestId = SampleEvents.newRequestId();
        String name = "hand-" + requestId.substring(0, 8);
        String existing = aws.createAccountByHand(name, Merges.rootEmail(name), MotoAccounts.BOOTSTRAP);

        events.publish(Merges.newAccount(requestId, name, Merges.accountFile(name, List.of(ADMIN_ONE), null)));

        AccountCreated created = events.awaitOne(AccountCreated.class, requestId);
        assertThat(created.getAccountId()).isEqualTo(existing);
        assertThat(created.getCreateAccountRequestId()).isNull();
        assertThat(events.awaitOne(RootMfaRequested.class, requestId).getAccountId()).isEqualTo(existing);
        assertThat(aws.accountsWithEmail(Merges.rootEmail(name))).hasSize(1);
    }

    @Test
    void theAccountIsAnnouncedOnlyOnceItsBootstrapRoleCanBeAssumed() {
        String requestId = SampleEvents.newRequestId();
        String name = "wait-" + requestId.substring(0, 8);
        String accountId = aws.createAccountByHand(name, Merges.rootEmail(name), "SomeOtherRole");

        events.publish(Merges.newAccount(requestId, name, Merges.accountFile(name, List.of(ADMIN_ONE), null)));
        events.assertNonePublished(AccountCreated.class, requestId, Duration.ofSeconds(1));

        aws.createRole(accountId, MotoAccounts.BOOTSTRAP, "{\"Version\":\"2012-10-17\",\"Statement\":[]}");

        assertThat(events.awaitOne(AccountCreated.class, requestId).getAccountId()).isEqualTo(accountId);
        events.assertNonePublished(RequestFailed.class, requestId, Duration.ZERO);
    }

    @Test
    void aBootstrapRoleThatNeverBecomesAssumableFailsRetryablyAndTheMergeIsDeadLettered() {
        String requestId = SampleEvents.newRequestId();
        String name = "never-" + requestId.substring(0, 8);
        String accountId = aws.createAccountByHand(name, Merges.rootEmail(name), "SomeOtherRole");

        events.publish(Merges.newAccount(requestId, name, Merges.accountFile(name, List.of(ADMIN_ONE), null)));

        RequestFailed failed = events.awaitRecords(RequestFailed.class, TestEvents.forRequest(requestId), 1, Duration.ofSeconds(60))
                .get(0).value();
        assertThat(failed.getStage()).isEqualTo("ACCOUNT_READINESS");
        assertThat(failed.getRetryable()).isTrue();
        assertThat(failed.getAttempt()).isGreaterThan(1);
        assertThat(failed.getReason()).contains("bootstrap role of account " + accountId).contains("could not be assumed");
        assertThat(events.awaitDeadLetters(EventType.PR_MERGED, TestEvents.forRequest(requestId), 1)).hasSize(1);
        events.assertNonePublished(AccountCreated.class, requestId, Duration.ZERO);
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
        events.assertNonePublished(AccountCreated.class, requestId, SETTLE);
        assertThat(aws.accountsWithEmail(Merges.rootEmail(name))).isEmpty();
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
        assertThat(aws.accountsWithEmail(Merges.rootEmail(name))).isEmpty();
    }

    @Test
    void rootIsSecuredByTrustingEachReviewedAdminWithMfaAndOnlyOnce() throws Exception {
        String requestId = SampleEvents.newRequestId();
        String name = "sec-" + requestId.substring(0, 8);
        aws.createUser(MotoAccounts.GDS_USERS, ADMIN_ONE);
        events.publish(Merges.newAccount(requestId, name, Merges.accountFile(name, List.of(ADMIN_ONE, ADMIN_TWO), null)));
        String accountId = events.awaitOne(AccountCreated.class, requestId).getAccountId();

        RootMfaSeeded seeded = Merges.rootMfaSeeded(requestId, accountId);
        events.publish(seeded);

        RootSecured secured = events.awaitOne(RootSecured.class, requestId);
        String adminArn = "arn:aws:iam::" + MotoAccounts.GDS_USERS + ":user/" + ADMIN_ONE;
        assertThat(secured.getAccountId()).isEqualTo(accountId);
        assertThat(secured.getBootstrapRoleArn()).isEqualTo("arn:aws:iam::" + accountId + ":role/bootstrap");
        assertThat(secured.getTrustedPrincipalArns()).containsExactly(adminArn);
        assertThat(secured.getMissingAdminUserEmails()).containsExactly(ADMIN_TWO);
        assertThat(secured.getRootMfaVerified()).isFalse();
        assertThat(secured.getCausationId()).isEqualTo(seeded.getEventId());

        String expected = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"" + adminArn
                + "\"]},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}}]}";
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(aws.trustPolicy(accountId, MotoAccounts.BOOTSTRAP))).isEqualTo(json.readTree(expected));

        events.publish(seeded);
        events.assertExactly(RootSecured.class, requestId, 1, SETTLE);
    }

    @Test
    void theAdminsToTrustAreTheOnesAnnouncedOnTheTopicAsAfterARestart() throws Exception {
        String requestId = SampleEvents.newRequestId();
        String name = "rst-" + requestId.substring(0, 8);
        String accountId = aws.createAccountByHand(name, Merges.rootEmail(name), MotoAccounts.BOOTSTRAP);
        aws.createUser(MotoAccounts.GDS_USERS, ADMIN_TWO);
        AccountCreated announcedBeforeRestart = SampleEvents.accountCreated(requestId).setAccountId(accountId).setAccountName(name)
                .setRootEmail(Merges.rootEmail(name)).setAdminUserEmails(List.of(ADMIN_TWO)).build();
        events.publish(announcedBeforeRestart, ProvisionerEvents.SOURCE);
        Awaitility.await().atMost(TestEvents.TIMEOUT).until(() -> published.account(requestId).isPresent());

        events.publish(Merges.rootMfaSeeded(requestId, accountId));

        assertThat(events.awaitOne(RootSecured.class, requestId).getTrustedPrincipalArns())
                .containsExactly("arn:aws:iam::" + MotoAccounts.GDS_USERS + ":user/" + ADMIN_TWO);
    }

    @Test
    void rootIsNotSecuredWhenNoneOfTheAdminsExistsInGdsUsers() {
        String requestId = SampleEvents.newRequestId();
        String name = "none-" + requestId.substring(0, 8);
        events.publish(Merges.newAccount(requestId, name, Merges.accountFile(name, List.of(ADMIN_ONE, ADMIN_TWO), null)));
        String accountId = events.awaitOne(AccountCreated.class, requestId).getAccountId();
        String before = aws.trustPolicy(accountId, MotoAccounts.BOOTSTRAP);

        events.publish(Merges.rootMfaSeeded(requestId, accountId));

        RequestFailed failed = events.awaitOne(RequestFailed.class, requestId);
        assertThat(failed.getStage()).isEqualTo("SECURE_ROOT");
        assertThat(failed.getRetryable()).isFalse();
        assertThat(failed.getReason()).contains(ADMIN_ONE).contains(ADMIN_TWO).contains("gds-users");
        events.assertNonePublished(RootSecured.class, requestId, Duration.ZERO);
        assertThat(aws.trustPolicy(accountId, MotoAccounts.BOOTSTRAP)).isEqualTo(before);
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
