package uk.gov.gds.awsam.provisioner.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.services.iam.IamClient;
import uk.gov.gds.awsam.events.AccountClosed;
import uk.gov.gds.awsam.events.AccountClosing;
import uk.gov.gds.awsam.events.AccountCreated;
import uk.gov.gds.awsam.events.PrMerged;
import uk.gov.gds.awsam.events.RequestFailed;
import uk.gov.gds.awsam.events.RootMfaRequested;
import uk.gov.gds.awsam.events.RootMfaSeeded;
import uk.gov.gds.awsam.events.RootSecured;
import uk.gov.gds.awsam.events.SealedSecrets;
import uk.gov.gds.awsam.events.UserCreated;
import uk.gov.gds.awsam.events.UserRemoved;
import uk.gov.gds.awsam.provisioner.domain.CrashPoints.Write;
import uk.gov.gds.awsam.provisioner.testing.ArmedCrashPoints;
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
 * Every AWS write of the journeys (and the closure's SUSPENDED, seen) is safe to redo: the handler is stopped right after the write, before
 * its event is acknowledged (through the crash-point seam, as a crash would, no sleeps), the event is delivered
 * again, and AWS holds what it should with exactly one outcome event whose contents are true.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(MotoTestResource.class)
@WithTestResource(NotifierKeyResource.class)
class CrashPointsTest {

    private static final Duration LONG = Duration.ofSeconds(60);
    private static final Duration SETTLE = Duration.ofSeconds(1);
    private static final String GDS_USERS = MotoAccounts.GDS_USERS;

    @InjectTestEvents
    TestEvents events;

    @InjectMoto
    MotoServer moto;

    @Inject
    ArmedCrashPoints crashPoints;

    @Inject
    SuspendedUnitForTests suspendedUnit;

    MotoAccounts aws;
    String rootId;

    @BeforeEach
    void fresh() {
        aws = new MotoAccounts(moto);
        rootId = aws.freshOrganisation();
        aws.createGroup(GDS_USERS, MotoAccounts.GROUP);
    }

    @AfterEach
    void disarm() {
        crashPoints.disarm();
    }

    @ParameterizedTest
    @EnumSource(value = Write.class, names = { "CREATE_ACCOUNT", "MOVE_ACCOUNT", "CREATE_AUDIT_ROLE", "PUT_AUDIT_ROLE_POLICY" })
    void aNewAccountIsCreatedAndAnnouncedOnceAfterACrash(Write write) {
        String requestId = SampleEvents.newRequestId();
        String name = "crash-" + requestId.substring(0, 8);
        String admin = admin(requestId);
        String unit = aws.createOrganisationalUnit(rootId, "workloads");
        PrMerged merged = Merges.newAccount(requestId, name, Merges.accountFile(name, List.of(admin), unit));

        armByAccount(write, name);
        events.publish(merged);
        awaitCrash(write);
        events.publish(merged);

        AccountCreated created = events.awaitRecords(AccountCreated.class, TestEvents.forRequest(requestId), 1, LONG).get(0).value();
        events.assertExactly(AccountCreated.class, requestId, 1, SETTLE);
        events.assertExactly(RootMfaRequested.class, requestId, 1, Duration.ZERO);
        assertThat(aws.accountsWithEmail(Merges.rootEmail(name))).singleElement().satisfies(a -> assertThat(a.id()).isEqualTo(created.getAccountId()));
        assertThat(aws.creations()).hasSize(1);
        assertThat(created.getCreateAccountRequestId()).as("created by this request, not adopted").isEqualTo(aws.creations().get(0).id());
        assertThat(aws.parentOf(created.getAccountId())).isEqualTo(unit);
        assertThat(aws.trustPolicy(created.getAccountId(), MotoAccounts.AUDIT)).contains(MotoAccounts.ORG_ADMIN_ACCESS);
        events.assertNonePublished(RequestFailed.class, requestId, Duration.ZERO);
    }

    /** A crash after the move, after CloseAccount (before AccountClosing), after SUSPENDED was seen (before AccountClosed). */
    @ParameterizedTest
    @EnumSource(value = Write.class, names = { "MOVE_ACCOUNT", "CLOSE_ACCOUNT", "ACCOUNT_SUSPENDED" })
    void anAccountIsClosedOnceAndAnnouncedOnceAfterACrash(Write write) {
        String requestId = SampleEvents.newRequestId();
        String name = "shut-" + requestId.substring(0, 8);
        String accountId = aws.createAccountByHand(name, Merges.rootEmail(name), MotoAccounts.BOOTSTRAP);
        String unit = aws.createOrganisationalUnit(rootId, "suspended");
        suspendedUnit.set(unit);
        PrMerged merged = Merges.closure(requestId, accountId, name);

        crashPoints.arm(write, accountId);
        events.publish(merged);
        awaitCrash(write);
        events.publish(merged);

        AccountClosed closed = events.awaitRecords(AccountClosed.class, TestEvents.forRequest(requestId), 1, LONG).get(0).value();
        events.assertExactly(AccountClosed.class, requestId, 1, SETTLE);
        AccountClosing closing = events.assertExactly(AccountClosing.class, requestId, 1, Duration.ZERO).get(0);
        assertThat(closing.getSuspendedParentId()).isEqualTo(unit);
        assertThat(closed.getClosedAt()).isAfterOrEqualTo(closing.getClosureRequestedAt());
        assertThat(aws.parentOf(accountId)).isEqualTo(unit);
        assertThat(aws.accounts()).filteredOn(a -> a.id().equals(accountId)).singleElement()
                .satisfies(a -> assertThat(a.statusAsString()).isEqualTo("SUSPENDED"));
        assertThat(moto.strict().interventions()).as("one CloseAccount, none refused as already closed")
                .containsEntry(StrictAws.CLOSE_ACCOUNT_SECONDS, 1);
        events.assertNonePublished(RequestFailed.class, requestId, Duration.ZERO);
    }

    @Test
    void anAccountClaimedByHandIsAnnouncedOnceAsAdoptedAfterACrash() {
        String requestId = SampleEvents.newRequestId();
        String name = "claim-" + requestId.substring(0, 8);
        String existing = aws.createAccountByHand(name, Merges.rootEmail(name), MotoAccounts.BOOTSTRAP);
        PrMerged merged = Merges.newAccount(requestId, name, Merges.accountFile(name, List.of(admin(requestId)), null));

        crashPoints.arm(Write.CLAIM_ACCOUNT, name);
        events.publish(merged);
        awaitCrash(Write.CLAIM_ACCOUNT);
        events.publish(merged);

        AccountCreated created = events.awaitRecords(AccountCreated.class, TestEvents.forRequest(requestId), 1, LONG).get(0).value();
        assertThat(created.getAccountId()).isEqualTo(existing);
        assertThat(created.getCreateAccountRequestId()).as("adopted").isNull();
        events.assertExactly(AccountCreated.class, requestId, 1, SETTLE);
    }

    @Test
    void rootIsSecuredOnceWhenTheSeedingIsRedeliveredAfterTheTrustPolicyWasRewritten() throws IOException {
        String requestId = SampleEvents.newRequestId();
        String name = "rewr-" + requestId.substring(0, 8);
        String admin = admin(requestId);
        events.publish(Merges.newAccount(requestId, name, Merges.accountFile(name, List.of(admin), null)));
        String accountId = events.awaitRecords(AccountCreated.class, TestEvents.forRequest(requestId), 1, LONG).get(0).value().getAccountId();
        aws.rootMfa(accountId, true);
        RootMfaSeeded seeded = Merges.rootMfaSeeded(requestId, accountId);

        crashPoints.arm(Write.UPDATE_TRUST_POLICY, accountId);
        assertThat(crashPoints.crashedAt(Write.UPDATE_TRUST_POLICY)).isFalse();
        events.publish(seeded);
        awaitCrash(Write.UPDATE_TRUST_POLICY);
        assertThat(aws.trustPolicy(accountId, MotoAccounts.BOOTSTRAP)).as("rewritten before the crash").contains(":user/" + admin);
        events.publish(seeded);

        RootSecured secured = events.awaitRecords(RootSecured.class, TestEvents.forRequest(requestId), 1, LONG).get(0).value();
        assertThat(secured.getTrustedPrincipalArns()).containsExactly("arn:aws:iam::" + GDS_USERS + ":user/" + admin);
        assertThat(secured.getRootMfaVerified()).isTrue();
        events.assertExactly(RootSecured.class, requestId, 1, SETTLE);
        events.assertNonePublished(RequestFailed.class, requestId, Duration.ZERO);
    }

    @ParameterizedTest
    @EnumSource(value = Write.class, names = { "CREATE_USER", "ADD_USER_TO_GROUP", "CREATE_LOGIN_PROFILE" })
    void aNewUserIsCreatedOnceWithAPasswordTheyAreToldAfterACrash(Write write) throws Exception {
        String requestId = SampleEvents.newRequestId();
        String email = "joiner." + requestId.substring(0, 8) + "@digital.cabinet-office.gov.uk";
        PrMerged merged = Merges.userAccess(requestId, email);

        crashPoints.arm(write, email);
        events.publish(merged);
        awaitCrash(write);
        events.publish(merged);

        UserCreated created = events.awaitRecords(UserCreated.class, TestEvents.forRequest(requestId), 1, LONG).get(0).value();
        events.assertExactly(UserCreated.class, requestId, 1, SETTLE);
        assertThat(created.getAdopted()).as("this request created the user").isFalse();
        assertThat(created.getGroups()).containsExactly(MotoAccounts.GROUP);
        assertThat(motoPassword(email)).as("the login profile holds the password the person is sent").isEqualTo(opened(created));
    }

    @Test
    void anExistingUserWhoseLostInitialPasswordWasSetByThisRequestGetsANewOneSealedAsBeforeAfterTwoCrashes() throws Exception {
        String requestId = SampleEvents.newRequestId();
        String email = "existing." + requestId.substring(0, 8) + "@digital.cabinet-office.gov.uk";
        aws.createUser(GDS_USERS, email);
        PrMerged merged = Merges.userAccess(requestId, email);

        crashPoints.arm(Write.CREATE_LOGIN_PROFILE, email);
        events.publish(merged);
        awaitCrash(Write.CREATE_LOGIN_PROFILE);
        crashPoints.arm(Write.UPDATE_LOGIN_PROFILE, email);
        events.publish(merged);
        awaitCrash(Write.UPDATE_LOGIN_PROFILE);
        events.publish(merged);

        UserCreated created = events.awaitRecords(UserCreated.class, TestEvents.forRequest(requestId), 1, LONG).get(0).value();
        events.assertExactly(UserCreated.class, requestId, 1, SETTLE);
        assertThat(created.getAdopted()).isTrue();
        assertThat(created.getSealedInitialPassword()).as("a new password, not 'kept'").isNotNull();
        assertThat(motoPassword(email)).isEqualTo(opened(created));
    }

    @ParameterizedTest
    @EnumSource(value = Write.class, names = { "DELETE_LOGIN_PROFILE", "DEACTIVATE_MFA_DEVICE", "DELETE_VIRTUAL_MFA_DEVICE", "DELETE_ACCESS_KEY",
            "DELETE_SIGNING_CERTIFICATE", "DELETE_SSH_PUBLIC_KEY", "DELETE_SERVICE_SPECIFIC_CREDENTIAL", "REMOVE_USER_FROM_GROUP",
            "DETACH_USER_POLICY", "DELETE_USER_POLICY", "DELETE_USER" })
    void aRemovedUserIsReportedOnceWithEverythingRemovedAcrossBothAttemptsAfterACrash(Write write) {
        String requestId = SampleEvents.newRequestId();
        String email = "leaver." + requestId.substring(0, 8) + "@digital.cabinet-office.gov.uk";
        List<String> dependants = leaverWithEverything(email, requestId);
        // the trust scan, which cannot be redone once the user is gone, matters most after DeleteUser (and costs an account)
        String trusting = write != Write.DELETE_USER ? null : aws.createAccountByHand("trust-" + requestId.substring(0, 8),
                "aws-root+t" + requestId.substring(0, 8) + "@example.gov.uk", MotoAccounts.BOOTSTRAP);
        if (trusting != null) {
            aws.addAuditRole(trusting);
            aws.trust(trusting, MotoAccounts.BOOTSTRAP, "arn:aws:iam::" + GDS_USERS + ":user/" + email);
        }
        PrMerged merged = Merges.userRemoval(requestId, email);
        // the management account's audit role has long existed when a person leaves: wait out AWS's window for a
        // role just made (the scan rightly counts an account whose role it may not assume as unreadable)
        aws.auditIam(MotoAccounts.GDS_USERS).close();

        crashPoints.arm(write, email);
        events.publish(merged);
        awaitCrash(write);
        events.publish(merged);

        UserRemoved removed = events.awaitRecords(UserRemoved.class, TestEvents.forRequest(requestId), 1, LONG).get(0).value();
        events.assertExactly(UserRemoved.class, requestId, 1, SETTLE);
        assertThat(removed.getRemoved()).containsExactlyElementsOf(dependants);
        assertThat(removed.getUserExisted()).isTrue();
        if (trusting != null) {
            assertThat(removed.getTrustPoliciesStillNamingUser()).as("the scan made before the user went")
                    .containsExactly("arn:aws:iam::" + trusting + ":role/bootstrap");
        }
        assertThat(removed.getUnreadableAccounts()).isEmpty();
        try (IamClient iam = aws.gdsUsersIam()) {
            assertThat(iam.listUsers().users()).noneMatch(u -> u.userName().equals(email));
            assertThat(iam.listVirtualMFADevices().virtualMFADevices()).isEmpty();
        }
        events.assertNonePublished(RequestFailed.class, requestId, Duration.ZERO);
    }

    /** A user with one of everything IAM makes DeleteUser wait for; returns what UserRemoved should list. */
    private List<String> leaverWithEverything(String email, String requestId) {
        try (IamClient iam = aws.gdsUsersIam()) {
            iam.createUser(b -> b.userName(email));
            iam.createLoginProfile(b -> b.userName(email).password("Leaver-Password-123"));
            String serial = iam.createVirtualMFADevice(b -> b.virtualMFADeviceName(email + "-phone")).virtualMFADevice().serialNumber();
            iam.enableMFADevice(b -> b.userName(email).serialNumber(serial).authenticationCode1("123456").authenticationCode2("654321"));
            String key = iam.createAccessKey(b -> b.userName(email)).accessKey().accessKeyId();
            String certificate = iam.uploadSigningCertificate(b -> b.userName(email).certificateBody(resource("signing-certificate.pem")))
                    .certificate().certificateId();
            String ssh = iam.uploadSSHPublicKey(b -> b.userName(email).sshPublicKeyBody(resource("ssh-public-key.pub"))).sshPublicKey().sshPublicKeyId();
            String credential = iam.createServiceSpecificCredential(b -> b.userName(email).serviceName("codecommit.amazonaws.com"))
                    .serviceSpecificCredential().serviceSpecificCredentialId();
            iam.addUserToGroup(b -> b.userName(email).groupName(MotoAccounts.GROUP));
            String policy = iam.createPolicy(b -> b.policyName("p-" + requestId.substring(0, 8)).policyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:List*\",\"Resource\":\"*\"}]}")).policy().arn();
            iam.attachUserPolicy(b -> b.userName(email).policyArn(policy));
            iam.putUserPolicy(b -> b.userName(email).policyName("inline").policyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:GetUser\",\"Resource\":\"*\"}]}"));
            return List.of("login-profile", "mfa-device:" + serial, "access-key:" + key, "signing-certificate:" + certificate,
                    "ssh-public-key:" + ssh, "service-specific-credential:" + credential, "group:" + MotoAccounts.GROUP,
                    "attached-policy:" + policy, "inline-policy:inline", "user");
        }
    }

    private void armByAccount(Write write, String name) {
        if (write == Write.CREATE_AUDIT_ROLE || write == Write.PUT_AUDIT_ROLE_POLICY) {
            // their subject is the account id, known only once AWS has made the account: arm for any
            crashPoints.armAny(write);
        } else {
            crashPoints.arm(write, name);
        }
    }

    private void awaitCrash(Write write) {
        Awaitility.await().atMost(LONG).until(() -> crashPoints.crashedAt(write));
    }

    private String admin(String requestId) {
        String admin = "admin." + requestId.substring(0, 8) + "@digital.cabinet-office.gov.uk";
        aws.createUser(GDS_USERS, admin);
        return admin;
    }

    private static String opened(UserCreated created) throws Exception {
        return new String(SealedSecrets.open(created.getSealedInitialPassword(), NotifierKeyResource.keyPair()), StandardCharsets.UTF_8);
    }

    private String motoPassword(String userName) throws IOException {
        for (JsonNode user : new ObjectMapper().readTree(moto.modelData()).path("iam").path("User")) {
            if (user.path("name").asText().equals(userName) && user.path("account_id").asText().equals(GDS_USERS)) {
                return user.get("password").asText();
            }
        }
        throw new AssertionError("no IAM user " + userName);
    }

    private static String resource(String name) {
        try (var in = CrashPointsTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
