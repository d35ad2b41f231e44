package uk.gov.gds.awsam.provisioner.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import uk.gov.gds.awsam.contract.TerraformLayout;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.FileChange;
import uk.gov.gds.awsam.events.PrMerged;
import uk.gov.gds.awsam.events.RequestFailed;
import uk.gov.gds.awsam.events.RequestKind;
import uk.gov.gds.awsam.events.SealedSecrets;
import uk.gov.gds.awsam.events.UserCreated;
import uk.gov.gds.awsam.events.UserRemoved;
import uk.gov.gds.awsam.provisioner.domain.UserProvisioning;
import uk.gov.gds.awsam.provisioner.testing.Merges;
import uk.gov.gds.awsam.provisioner.testing.MotoAccounts;
import uk.gov.gds.awsam.provisioner.testing.NotifierKeyResource;
import uk.gov.gds.awsam.provisioner.testing.RawTopics;
import uk.gov.gds.awsam.testsupport.InjectTestEvents;
import uk.gov.gds.awsam.testsupport.KafkaTestResource;
import uk.gov.gds.awsam.testsupport.SampleEvents;
import uk.gov.gds.awsam.testsupport.TestEvents;
import uk.gov.gds.awsam.testsupport.aws.InjectMoto;
import uk.gov.gds.awsam.testsupport.aws.MotoServer;
import uk.gov.gds.awsam.testsupport.aws.MotoTestResource;

/**
 * The user journeys through the real broker and registry against a real moto server: a merged user-access
 * request gives each person an IAM user in gds-users (UserCreated, password sealed); a merged removal
 * removes the user with everything that depends on it (UserRemoved).
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(MotoTestResource.class)
@WithTestResource(NotifierKeyResource.class)
class UserJourneyTest {

    private static final String GDS_USERS = MotoAccounts.GDS_USERS;
    private static final Duration SETTLE = Duration.ofSeconds(2);
    private static final Path LOG = Path.of("target", "provisioner-test.log");

    @InjectTestEvents
    TestEvents events;

    @InjectMoto
    MotoServer moto;

    MotoAccounts aws;

    @BeforeEach
    void freshAws() {
        aws = new MotoAccounts(moto);
        aws.freshOrganisation();
    }

    @Test
    void eachPersonGetsAUserInTheGroupWithAnInitialPasswordOnlyTheNotifierCanRead() throws Exception {
        aws.createGroup(GDS_USERS, MotoAccounts.GROUP);
        String requestId = SampleEvents.newRequestId();
        String first = "first." + requestId.substring(0, 8) + "@digital.cabinet-office.gov.uk";
        String second = "second." + requestId.substring(0, 8) + "@digital.cabinet-office.gov.uk";
        PrMerged merged = Merges.userAccess(requestId, first, second);

        events.publish(merged);

        List<UserCreated> created = events.await(UserCreated.class, requestId, 2);
        assertThat(created).extracting(UserCreated::getUserName).containsExactlyInAnyOrder(first, second);
        KeyPair notifier = NotifierKeyResource.keyPair();
        List<String> passwords = new ArrayList<>();
        for (UserCreated user : created) {
            assertThat(user.getArn()).isEqualTo("arn:aws:iam::" + GDS_USERS + ":user/" + user.getUserName());
            assertThat(user.getGroups()).containsExactly(MotoAccounts.GROUP);
            assertThat(user.getCausationId()).isEqualTo(merged.getEventId());
            assertThat(user.getAdopted()).isFalse();
            String password = new String(SealedSecrets.open(user.getSealedInitialPassword(), notifier), StandardCharsets.UTF_8);
            assertThat(password).hasSizeGreaterThanOrEqualTo(16);
            assertThat(motoUser(user.getUserName()).get("password").asText()).as("the login profile holds the sealed password")
                    .isEqualTo(password);
            passwords.add(password);
        }
        assertThat(passwords.get(0)).isNotEqualTo(passwords.get(1));

        events.publish(merged);
        events.assertExactly(UserCreated.class, requestId, 2, SETTLE);
        assertThat(motoUser(first).get("password").asText()).as("a redelivery resets nothing").isIn(passwords);

        for (String password : passwords) {
            byte[] secret = password.getBytes(StandardCharsets.UTF_8);
            List<ConsumerRecord<byte[], byte[]>> records = RawTopics.everything(events.bootstrapServers());
            assertThat(records).isNotEmpty();
            assertThat(records).noneMatch(record -> RawTopics.contains(record, secret));
            assertThat(Files.readString(LOG)).contains(requestId).doesNotContain(password);
        }
    }

    @Test
    void anExistingUserIsAdoptedAndKeepsItsLoginProfile() throws Exception {
        aws.createGroup(GDS_USERS, MotoAccounts.GROUP);
        String requestId = SampleEvents.newRequestId();
        String email = "existing." + requestId.substring(0, 8) + "@digital.cabinet-office.gov.uk";
        try (IamClient iam = aws.iam(GDS_USERS)) {
            iam.createUser(b -> b.userName(email));
            iam.createLoginProfile(b -> b.userName(email).password("Their-Own-Password-123"));
        }

        events.publish(Merges.userAccess(requestId, email));

        UserCreated created = events.awaitOne(UserCreated.class, requestId);
        assertThat(created.getAdopted()).isTrue();
        assertThat(created.getSealedInitialPassword()).isNull();
        assertThat(created.getGroups()).containsExactly(MotoAccounts.GROUP);
        assertThat(motoUser(email).get("password").asText()).isEqualTo("Their-Own-Password-123");
    }

    @Test
    void aUserThisRequestCreatedWhosePasswordWasNeverAnnouncedGetsANewOne() throws Exception {
        aws.createGroup(GDS_USERS, MotoAccounts.GROUP);
        String requestId = SampleEvents.newRequestId();
        String email = "crashed." + requestId.substring(0, 8) + "@digital.cabinet-office.gov.uk";
        try (IamClient iam = aws.iam(GDS_USERS)) {
            iam.createUser(b -> b.userName(email).tags(t -> t.key(UserProvisioning.REQUEST_TAG).value(requestId)));
            iam.createLoginProfile(b -> b.userName(email).password("Lost-Before-Announced-1"));
        }

        events.publish(Merges.userAccess(requestId, email));

        UserCreated created = events.awaitOne(UserCreated.class, requestId);
        String password = new String(SealedSecrets.open(created.getSealedInitialPassword(), NotifierKeyResource.keyPair()),
                StandardCharsets.UTF_8);
        assertThat(motoUser(email).get("password").asText()).isEqualTo(password).isNotEqualTo("Lost-Before-Announced-1");
        assertThat(created.getAdopted()).as("this request created the user").isFalse();
    }

    @Test
    void aGroupMissingFromGdsUsersFailsTheRequestForAPersonToFix() {
        String requestId = SampleEvents.newRequestId();
        String email = "nogroup." + requestId.substring(0, 8) + "@digital.cabinet-office.gov.uk";

        events.publish(Merges.userAccess(requestId, email));

        RequestFailed failed = events.awaitOne(RequestFailed.class, requestId);
        assertThat(failed.getStage()).isEqualTo("CREATE_USER");
        assertThat(failed.getRetryable()).isFalse();
        assertThat(failed.getReason()).contains("group " + MotoAccounts.GROUP + " does not exist in gds-users");
        events.assertNonePublished(UserCreated.class, requestId, SETTLE);
    }

    @Test
    void aRemovedUserGoesWithEverythingThatDependsOnItAndTheTrustPoliciesNamingItAreListed() throws Exception {
        String requestId = SampleEvents.newRequestId();
        String email = "leaver." + requestId.substring(0, 8) + "@digital.cabinet-office.gov.uk";
        String userArn = "arn:aws:iam::" + GDS_USERS + ":user/" + email;
        aws.createGroup(GDS_USERS, MotoAccounts.GROUP);
        String mfaSerial;
        List<String> accessKeys = new ArrayList<>();
        String certificateId;
        String sshKeyId;
        String credentialId;
        String policyArn;
        try (IamClient iam = aws.iam(GDS_USERS)) {
            iam.createUser(b -> b.userName(email));
            iam.createLoginProfile(b -> b.userName(email).password("Leaver-Password-123"));
            mfaSerial = iam.createVirtualMFADevice(b -> b.virtualMFADeviceName(email + "-phone")).virtualMFADevice().serialNumber();
            iam.enableMFADevice(b -> b.userName(email).serialNumber(mfaSerial).authenticationCode1("123456").authenticationCode2("654321"));
            accessKeys.add(iam.createAccessKey(b -> b.userName(email)).accessKey().accessKeyId());
            accessKeys.add(iam.createAccessKey(b -> b.userName(email)).accessKey().accessKeyId());
            certificateId = iam.uploadSigningCertificate(b -> b.userName(email).certificateBody(resource("signing-certificate.pem")))
                    .certificate().certificateId();
            sshKeyId = iam.uploadSSHPublicKey(b -> b.userName(email).sshPublicKeyBody(resource("ssh-public-key.pub")))
                    .sshPublicKey().sshPublicKeyId();
            credentialId = iam.createServiceSpecificCredential(b -> b.userName(email).serviceName("codecommit.amazonaws.com"))
                    .serviceSpecificCredential().serviceSpecificCredentialId();
            iam.addUserToGroup(b -> b.userName(email).groupName(MotoAccounts.GROUP));
            policyArn = iam.createPolicy(b -> b.policyName("read-only-" + requestId.substring(0, 8))
                    .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:List*\",\"Resource\":\"*\"}]}"))
                    .policy().arn();
            iam.attachUserPolicy(b -> b.userName(email).policyArn(policyArn));
            iam.putUserPolicy(b -> b.userName(email).policyName("inline")
                    .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:GetUser\",\"Resource\":\"*\"}]}"));
        }
        String trusting = aws.createAccountByHand("trusting", "aws-root+trusting@example.gov.uk", MotoAccounts.BOOTSTRAP);
        String unaudited = aws.createAccountByHand("unaudited", "aws-root+unaudited@example.gov.uk", MotoAccounts.BOOTSTRAP);
        aws.addAuditRole(trusting);
        aws.trust(trusting, MotoAccounts.BOOTSTRAP, userArn);
        PrMerged merged = Merges.userRemoval(requestId, email);

        events.publish(merged);

        UserRemoved removed = events.awaitOne(UserRemoved.class, requestId);
        assertThat(removed.getUserName()).isEqualTo(email);
        assertThat(removed.getRemoved()).containsExactly(
                "login-profile",
                "mfa-device:" + mfaSerial,
                "access-key:" + accessKeys.get(0), "access-key:" + accessKeys.get(1),
                "signing-certificate:" + certificateId,
                "ssh-public-key:" + sshKeyId,
                "service-specific-credential:" + credentialId,
                "group:" + MotoAccounts.GROUP,
                "attached-policy:" + policyArn,
                "inline-policy:inline",
                "user");
        assertThat(removed.getUserExisted()).isTrue();
        assertThat(removed.getTrustPoliciesStillNamingUser()).containsExactly("arn:aws:iam::" + trusting + ":role/bootstrap");
        assertThat(removed.getUnreadableAccounts()).singleElement().satisfies(unreadable -> assertThat(unreadable)
                .startsWith(unaudited + " (unaudited)").contains("no " + MotoAccounts.AUDIT + " role"));
        try (IamClient iam = aws.iam(GDS_USERS)) {
            assertThatThrownBy(() -> iam.getUser(b -> b.userName(email))).isInstanceOf(NoSuchEntityException.class);
            assertThat(iam.listVirtualMFADevices().virtualMFADevices()).isEmpty();
            assertThat(iam.getGroup(b -> b.groupName(MotoAccounts.GROUP)).users()).isEmpty();
        }

        events.publish(merged);
        events.assertExactly(UserRemoved.class, requestId, 1, SETTLE);
        events.assertNonePublished(RequestFailed.class, requestId, Duration.ZERO);
    }

    @Test
    void underTrustEnforcementARemovalFindsThePersonInASecuredAccountsBootstrapTrustPolicy() {
        String accountRequest = SampleEvents.newRequestId();
        String admin = "admin." + accountRequest.substring(0, 8) + "@digital.cabinet-office.gov.uk";
        String name = "secured-" + accountRequest.substring(0, 8);
        aws.createUser(GDS_USERS, admin);
        events.publish(Merges.newAccount(accountRequest, name, Merges.accountFile(name, List.of(admin), null)));
        String accountId = events.awaitRecords(uk.gov.gds.awsam.events.AccountCreated.class, TestEvents.forRequest(accountRequest), 1,
                Duration.ofSeconds(60)).get(0).value().getAccountId();
        aws.rootMfa(accountId, true);
        events.publish(Merges.rootMfaSeeded(accountRequest, accountId));
        events.awaitRecords(uk.gov.gds.awsam.events.RootSecured.class, TestEvents.forRequest(accountRequest), 1, Duration.ofSeconds(60));
        String removal = SampleEvents.newRequestId();

        events.publish(Merges.userRemoval(removal, admin));

        UserRemoved removed = events.awaitRecords(UserRemoved.class, TestEvents.forRequest(removal), 1, Duration.ofSeconds(60)).get(0).value();
        assertThat(removed.getTrustPoliciesStillNamingUser()).containsExactly("arn:aws:iam::" + accountId + ":role/bootstrap");
        assertThat(removed.getUnreadableAccounts()).isEmpty();
        assertThat(removed.getRemoved()).containsExactly("user");
    }

    @Test
    void removingSomeoneWithoutAnIamUserSaysThereWasNothingToRemove() {
        String requestId = SampleEvents.newRequestId();
        String email = "never." + requestId.substring(0, 8) + "@digital.cabinet-office.gov.uk";

        events.publish(Merges.userRemoval(requestId, email));

        UserRemoved removed = events.awaitOne(UserRemoved.class, requestId);
        assertThat(removed.getUserExisted()).isFalse();
        assertThat(removed.getRemoved()).isEmpty();
    }

    @Test
    void aRemovalWhoseFileWasNotDeletedAtTheMergeIsRefusedAndTheUserStays() {
        String requestId = SampleEvents.newRequestId();
        String email = "stays." + requestId.substring(0, 8) + "@digital.cabinet-office.gov.uk";
        aws.createUser(GDS_USERS, email);
        FileChange stillThere = Merges.file(TerraformLayout.DEFAULT.userFile(email), Merges.userFile(email));

        events.publish(Merges.merged(requestId, RequestKind.USER_REMOVAL, List.of(email), List.of(stillThere)));

        RequestFailed failed = events.awaitOne(RequestFailed.class, requestId);
        assertThat(failed.getStage()).isEqualTo("VERIFY_MERGED_CONTENT");
        assertThat(failed.getRetryable()).isFalse();
        assertThat(failed.getReason()).contains("still present");
        events.assertNonePublished(UserRemoved.class, requestId, SETTLE);
        try (IamClient iam = aws.iam(GDS_USERS)) {
            assertThat(iam.getUser(b -> b.userName(email)).user().userName()).isEqualTo(email);
        }
    }

    @Test
    void anUndecodableMergeIsDeadLetteredAndTheNextOneIsApplied() {
        aws.createGroup(GDS_USERS, MotoAccounts.GROUP);
        String poison = SampleEvents.newRequestId();
        events.publishRaw(EventType.PR_MERGED.topic(), poison, "not Avro".getBytes(StandardCharsets.UTF_8));
        String requestId = SampleEvents.newRequestId();
        events.publish(Merges.userAccess(requestId, "next." + requestId.substring(0, 8) + "@digital.cabinet-office.gov.uk"));

        assertThat(events.awaitDeadLetters(EventType.PR_MERGED, TestEvents.forRequest(poison), 1)).hasSize(1);
        assertThat(events.awaitOne(UserCreated.class, requestId).getGroups()).containsExactly(MotoAccounts.GROUP);
    }

    private JsonNode motoUser(String userName) throws IOException {
        for (JsonNode user : new ObjectMapper().readTree(moto.modelData()).path("iam").path("User")) {
            if (user.path("name").asText().equals(userName) && user.path("account_id").asText().equals(GDS_USERS)) {
                return user;
            }
        }
        throw new AssertionError("no IAM user " + userName + " in gds-users");
    }

    private static String resource(String name) {
        try (InputStream in = UserJourneyTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
