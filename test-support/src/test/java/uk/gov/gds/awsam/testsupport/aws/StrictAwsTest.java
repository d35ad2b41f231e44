package uk.gov.gds.awsam.testsupport.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.SummaryKeyType;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.CreateAccountState;
import software.amazon.awssdk.services.organizations.model.ConstraintViolationException;
import software.amazon.awssdk.services.organizations.model.CreateAccountStatus;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Each behaviour of the strict AWS layer, on and switched off, through the AWS SDK for Java the provisioner
 * uses: the error code, HTTP status and message AWS answers with.
 */
class StrictAwsTest {

    private static final String ACCOUNT = MotoServer.DEFAULT_ACCOUNT_ID;
    private static final String ANYONE_IN_THE_ACCOUNT = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":\"arn:aws:iam::" + ACCOUNT + ":root\"},\"Action\":\"sts:AssumeRole\"}]}";

    private final MotoServer moto = MotoServer.get();
    private final AwsCredentials base = AwsBasicCredentials.create(MotoServer.ACCESS_KEY_ID, MotoServer.SECRET_ACCESS_KEY);

    @BeforeEach
    void reset() {
        moto.reset();
        // only the behaviour under test, unless a test says otherwise
        moto.strict().set(Map.of(StrictAws.NEW_ROLE_SECONDS, 0, StrictAws.FRESH_CREDENTIALS_SECONDS, 0,
                StrictAws.NEW_USER_PRINCIPAL_SECONDS, 0, StrictAws.CREATE_ACCOUNT_SECONDS, 0, StrictAws.NEW_LOGIN_PROFILE_SECONDS, 0,
                StrictAws.RECREATED_USER_SECONDS, 0, StrictAws.ROOT_MFA_LAG_SECONDS, 0));
    }

    @Test
    void assumeRoleNeedsATrustPolicyThatAllowsTheCallerWithMfaWhereItSaysSo() {
        try (IamClient iam = iam(base); StsClient sts = sts(base)) {
            iam.createUser(b -> b.userName("admin@example.org"));
            var key = iam.createAccessKey(b -> b.userName("admin@example.org")).accessKey();
            iam.createRole(b -> b.roleName("admin-only").assumeRolePolicyDocument(trusting("arn:aws:iam::" + ACCOUNT + ":user/admin@example.org", true)));
            String roleArn = "arn:aws:iam::" + ACCOUNT + ":role/admin-only";

            assertRefused(() -> sts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("base")), 403, "AccessDenied",
                    "User: arn:aws:iam::" + ACCOUNT + ":user/moto is not authorized to perform: sts:AssumeRole on resource: " + roleArn);
            try (StsClient admin = sts(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()))) {
                assertRefused(() -> admin.assumeRole(b -> b.roleArn(roleArn).roleSessionName("no-mfa")), 403, "AccessDenied",
                        "User: arn:aws:iam::" + ACCOUNT + ":user/admin@example.org is not authorized");
                assertThat(admin.assumeRole(b -> b.roleArn(roleArn).roleSessionName("mfa")
                        .serialNumber("arn:aws:iam::" + ACCOUNT + ":mfa/admin@example.org").tokenCode("123456")).credentials()).isNotNull();
            }
            assertRefused(() -> sts.assumeRole(b -> b.roleArn("arn:aws:iam::" + ACCOUNT + ":role/absent").roleSessionName("base")),
                    403, "AccessDenied", "not authorized to perform: sts:AssumeRole");

            iam.createRole(b -> b.roleName("account-wide").assumeRolePolicyDocument(ANYONE_IN_THE_ACCOUNT));
            Credentials session = sts.assumeRole(b -> b.roleArn("arn:aws:iam::" + ACCOUNT + ":role/account-wide").roleSessionName("base"))
                    .credentials();
            iam.createRole(b -> b.roleName("trusts-a-role").assumeRolePolicyDocument(
                    trusting("arn:aws:iam::" + ACCOUNT + ":role/account-wide", false)));
            try (StsClient assumed = sts(session(session))) {
                assertThat(assumed.assumeRole(b -> b.roleArn("arn:aws:iam::" + ACCOUNT + ":role/trusts-a-role").roleSessionName("chain"))
                        .credentials()).isNotNull();
            }
            assertRefused(() -> sts.assumeRole(b -> b.roleArn("arn:aws:iam::" + ACCOUNT + ":role/trusts-a-role").roleSessionName("base")),
                    403, "AccessDenied", "not authorized");

            moto.strict().set(StrictAws.ASSUME_ROLE_TRUST, false);
            assertThat(sts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("off")).credentials()).isNotNull();
        }
        assertThat(moto.strict().interventions()).containsKey(StrictAws.ASSUME_ROLE_TRUST);
    }

    @Test
    void aNewRoleCannotBeAssumedForAWhile() {
        try (IamClient iam = iam(base); StsClient sts = sts(base)) {
            moto.strict().set(StrictAws.NEW_ROLE_SECONDS, 60);
            iam.createRole(b -> b.roleName("new").assumeRolePolicyDocument(ANYONE_IN_THE_ACCOUNT));
            assertRefused(() -> sts.assumeRole(b -> b.roleArn("arn:aws:iam::" + ACCOUNT + ":role/new").roleSessionName("early")),
                    403, "AccessDenied", "is not authorized to perform: sts:AssumeRole");

            moto.strict().set(StrictAws.NEW_ROLE_SECONDS, 0.5);
            Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                    .until(() -> sts.assumeRole(b -> b.roleArn("arn:aws:iam::" + ACCOUNT + ":role/new").roleSessionName("later")) != null);
        }
        assertThat(moto.strict().interventions()).containsKey(StrictAws.NEW_ROLE_SECONDS);
    }

    @Test
    void freshCredentialsAreRefusedForAWhileByEachProtocol() {
        try (IamClient iam = iam(base); StsClient sts = sts(base)) {
            iam.createRole(b -> b.roleName("any").assumeRolePolicyDocument(ANYONE_IN_THE_ACCOUNT));
            moto.strict().set(StrictAws.FRESH_CREDENTIALS_SECONDS, 60);
            Credentials fresh = sts.assumeRole(b -> b.roleArn("arn:aws:iam::" + ACCOUNT + ":role/any").roleSessionName("fresh")).credentials();
            try (IamClient freshIam = iam(session(fresh)); OrganizationsClient freshOrganizations = organizations(session(fresh))) {
                assertRefused(() -> freshIam.getRole(b -> b.roleName("any")), 403, "InvalidClientTokenId",
                        "The security token included in the request is invalid.");
                assertRefused(freshOrganizations::listAccounts, 400, "UnrecognizedClientException",
                        "The security token included in the request is invalid.");

                moto.strict().set(StrictAws.FRESH_CREDENTIALS_SECONDS, 0);
                assertThat(freshIam.getRole(b -> b.roleName("any")).role().roleName()).isEqualTo("any");
            }
        }
        assertThat(moto.strict().interventions()).containsKey(StrictAws.FRESH_CREDENTIALS_SECONDS);
    }

    @Test
    void aTrustPolicyMayNameOnlyUsersAndRolesThatExistAndHavePropagated() {
        try (IamClient iam = iam(base)) {
            iam.createRole(b -> b.roleName("bootstrap").assumeRolePolicyDocument(ANYONE_IN_THE_ACCOUNT));
            String absent = "arn:aws:iam::" + ACCOUNT + ":user/nobody@example.org";
            assertRefused(() -> iam.updateAssumeRolePolicy(b -> b.roleName("bootstrap").policyDocument(trusting(absent, true))),
                    400, "MalformedPolicyDocument", "Invalid principal in policy: \"AWS\":\"" + absent + "\"");
            assertRefused(() -> iam.createRole(b -> b.roleName("other").assumeRolePolicyDocument(trusting(absent, true))),
                    400, "MalformedPolicyDocument", "Invalid principal in policy");

            moto.strict().set(StrictAws.NEW_USER_PRINCIPAL_SECONDS, 60);
            iam.createUser(b -> b.userName("new@example.org"));
            String fresh = "arn:aws:iam::" + ACCOUNT + ":user/new@example.org";
            assertRefused(() -> iam.updateAssumeRolePolicy(b -> b.roleName("bootstrap").policyDocument(trusting(fresh, true))),
                    400, "MalformedPolicyDocument", "Invalid principal in policy: \"AWS\":\"" + fresh + "\"");

            moto.strict().set(Map.of(StrictAws.NEW_USER_PRINCIPAL_SECONDS, 0, StrictAws.INVALID_PRINCIPAL, false));
            iam.updateAssumeRolePolicy(b -> b.roleName("bootstrap").policyDocument(trusting(fresh, true)));
            iam.updateAssumeRolePolicy(b -> b.roleName("bootstrap").policyDocument(trusting(absent, true)));
        }
        assertThat(moto.strict().interventions()).containsKeys(StrictAws.INVALID_PRINCIPAL, StrictAws.NEW_USER_PRINCIPAL_SECONDS);
    }

    @Test
    void createAccountStaysInProgressAndTheAccountUnseenUntilItSucceeds() {
        try (OrganizationsClient organizations = organizations(base)) {
            organizations.createOrganization(b -> b.featureSet("ALL"));
            moto.strict().set(StrictAws.CREATE_ACCOUNT_SECONDS, 1.5);
            CreateAccountStatus started = organizations.createAccount(b -> b.accountName("slow").email("slow@example.org")
                    .roleName("bootstrap")).createAccountStatus();

            assertThat(started.state()).isEqualTo(CreateAccountState.IN_PROGRESS);
            assertThat(started.accountId()).isNull();
            assertThat(organizations.listCreateAccountStatus(b -> b.statesWithStrings("IN_PROGRESS")).createAccountStatuses())
                    .extracting(CreateAccountStatus::id).containsExactly(started.id());
            assertThat(organizations.listAccounts().accounts()).noneMatch(a -> "slow".equals(a.name()));

            CreateAccountStatus done = Awaitility.await().atMost(Duration.ofSeconds(10)).until(
                    () -> organizations.describeCreateAccountStatus(b -> b.createAccountRequestId(started.id())).createAccountStatus(),
                    status -> status.state() == CreateAccountState.SUCCEEDED);
            assertThat(organizations.listAccounts().accounts()).anyMatch(a -> a.id().equals(done.accountId()));

            moto.strict().set(StrictAws.CREATE_ACCOUNT_SECONDS, 0);
            assertThat(organizations.createAccount(b -> b.accountName("quick").email("quick@example.org")).createAccountStatus().state())
                    .isEqualTo(CreateAccountState.SUCCEEDED);
        }
        assertThat(moto.strict().interventions()).containsKey(StrictAws.CREATE_ACCOUNT_SECONDS);
    }

    @Test
    void aRootEmailAlreadyInUseFailsTheCreation() {
        try (OrganizationsClient organizations = organizations(base)) {
            organizations.createOrganization(b -> b.featureSet("ALL"));
            organizations.createAccount(b -> b.accountName("first").email("same@example.org"));

            CreateAccountStatus second = organizations.createAccount(b -> b.accountName("second").email("same@example.org"))
                    .createAccountStatus();
            CreateAccountStatus failed = organizations.describeCreateAccountStatus(b -> b.createAccountRequestId(second.id()))
                    .createAccountStatus();

            assertThat(failed.state()).isEqualTo(CreateAccountState.FAILED);
            assertThat(failed.failureReasonAsString()).isEqualTo("EMAIL_ALREADY_EXISTS");
            assertThat(organizations.listAccounts().accounts()).noneMatch(a -> "second".equals(a.name()));

            moto.strict().set(StrictAws.DUPLICATE_EMAIL, false);
            assertThat(organizations.createAccount(b -> b.accountName("third").email("same@example.org")).createAccountStatus().state())
                    .isEqualTo(CreateAccountState.SUCCEEDED);
        }
    }

    @Test
    void closeAccountIsPendingThenSuspendedWithinAQuotaAndAFewAtOnceAndNeverTheManagementAccount() {
        try (OrganizationsClient organizations = organizations(base)) {
            organizations.createOrganization(b -> b.featureSet("ALL"));
            String management = organizations.describeOrganization().organization().masterAccountId();
            List<String> members = members(organizations, 12);
            moto.strict().set(Map.of(StrictAws.CLOSE_ACCOUNT_SECONDS, 1.5, StrictAws.CLOSE_ACCOUNTS_AT_ONCE, 3));

            assertRefused(() -> organizations.closeAccount(b -> b.accountId(management)), 400, "ConstraintViolationException",
                    "You attempted to close the management account.");
            assertThat(reason(() -> organizations.closeAccount(b -> b.accountId(management)))).isEqualTo("CANNOT_CLOSE_MANAGEMENT_ACCOUNT");

            for (String member : members.subList(0, 3)) {
                organizations.closeAccount(b -> b.accountId(member));
            }
            assertThat(organizations.describeAccount(b -> b.accountId(members.get(0))).account().statusAsString())
                    .isEqualTo("PENDING_CLOSURE");
            assertThat(organizations.listAccounts().accounts()).filteredOn(a -> members.get(1).equals(a.id()))
                    .extracting(a -> a.statusAsString()).containsExactly("PENDING_CLOSURE");
            assertRefused(() -> organizations.closeAccount(b -> b.accountId(members.get(0))), 400, "AccountAlreadyClosedException",
                    "already closed");
            assertRefused(() -> organizations.closeAccount(b -> b.accountId(members.get(3))), 400, "ConstraintViolationException",
                    "You attempted to exceed the number of accounts that you can close at a time.");
            assertThat(reason(() -> organizations.closeAccount(b -> b.accountId(members.get(3)))))
                    .isEqualTo("CLOSE_ACCOUNT_REQUESTS_LIMIT_EXCEEDED");

            Awaitility.await().atMost(Duration.ofSeconds(10)).until(
                    () -> organizations.describeAccount(b -> b.accountId(members.get(0))).account().statusAsString(), "SUSPENDED"::equals);

            // 12 members: 10% is 1, so the floor of 10 closures in 30 days applies
            moto.strict().set(StrictAws.CLOSE_ACCOUNTS_AT_ONCE, 0);
            for (String member : members.subList(3, 10)) {
                organizations.closeAccount(b -> b.accountId(member));
            }
            assertRefused(() -> organizations.closeAccount(b -> b.accountId(members.get(10))), 400, "ConstraintViolationException",
                    "You have exceeded close account quota for the past 30 days.");
            assertThat(reason(() -> organizations.closeAccount(b -> b.accountId(members.get(10))))).isEqualTo("CLOSE_ACCOUNT_QUOTA_EXCEEDED");
            assertThat(organizations.describeAccount(b -> b.accountId(members.get(10))).account().statusAsString()).isEqualTo("ACTIVE");

            moto.strict().set(Map.of(StrictAws.CLOSE_ACCOUNT_QUOTA, false, StrictAws.CLOSE_ACCOUNT_SECONDS, 0));
            organizations.closeAccount(b -> b.accountId(members.get(10)));
            assertThat(organizations.describeAccount(b -> b.accountId(members.get(10))).account().statusAsString()).isEqualTo("SUSPENDED");
        }
        assertThat(moto.strict().interventions()).containsKeys(StrictAws.CLOSE_ACCOUNT_SECONDS, StrictAws.CLOSE_ACCOUNT_QUOTA,
                StrictAws.CLOSE_ACCOUNTS_AT_ONCE);
    }

    @Test
    void theCloseAccountQuotaIsATenthOfTheActiveMembersOnly() {
        try (OrganizationsClient organizations = organizations(base)) {
            organizations.createOrganization(b -> b.featureSet("ALL"));
            List<String> members = members(organizations, 110);
            moto.strict().set(Map.of(StrictAws.CLOSE_ACCOUNT_SECONDS, 0, StrictAws.CLOSE_ACCOUNTS_AT_ONCE, 0));
            // 110 active members allow 11; each closure leaves one fewer active, so after 10 the tenth of 100 is reached
            for (String member : members.subList(0, 10)) {
                organizations.closeAccount(b -> b.accountId(member));
            }
            assertThat(reason(() -> organizations.closeAccount(b -> b.accountId(members.get(10))))).isEqualTo("CLOSE_ACCOUNT_QUOTA_EXCEEDED");
        }
    }

    /** The ids of {@code count} new member accounts (created at once: the test switches CreateAccount's delay off). */
    private static List<String> members(OrganizationsClient organizations, int count) {
        List<String> members = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = i;
            members.add(organizations.createAccount(b -> b.accountName("member" + n).email("member" + n + "@example.org"))
                    .createAccountStatus().accountId());
        }
        return members;
    }

    /** The Reason of Organizations' ConstraintViolationException, as the SDK parses it. */
    private static String reason(Runnable call) {
        try {
            call.run();
        } catch (ConstraintViolationException refused) {
            return refused.reasonAsString();
        }
        throw new AssertionError("not refused with a ConstraintViolationException");
    }

    @Test
    void deleteUserConflictsWhileAnythingDependsOnTheUser() {
        try (IamClient iam = iam(base)) {
            String user = "leaver@example.org";
            iam.createUser(b -> b.userName(user));
            iam.createGroup(b -> b.groupName("g"));
            iam.createLoginProfile(b -> b.userName(user).password("a-long-Password-1234"));
            String key = iam.createAccessKey(b -> b.userName(user)).accessKey().accessKeyId();
            String credential = iam.createServiceSpecificCredential(b -> b.userName(user).serviceName("codecommit.amazonaws.com"))
                    .serviceSpecificCredential().serviceSpecificCredentialId();
            String device = iam.createVirtualMFADevice(b -> b.virtualMFADeviceName(user)).virtualMFADevice().serialNumber();
            iam.enableMFADevice(b -> b.userName(user).serialNumber(device).authenticationCode1("123456").authenticationCode2("654321"));
            iam.addUserToGroup(b -> b.userName(user).groupName("g"));
            iam.putUserPolicy(b -> b.userName(user).policyName("inline").policyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:ListAllMyBuckets\",\"Resource\":\"*\"}]}"));

            assertConflict(iam, user, "must delete login profile first.");
            iam.deleteLoginProfile(b -> b.userName(user));
            assertConflict(iam, user, "must delete access keys first.");
            iam.deleteAccessKey(b -> b.userName(user).accessKeyId(key));
            assertConflict(iam, user, "must delete service specific credentials first.");
            assertThat(iam.listServiceSpecificCredentials(b -> b.userName(user)).serviceSpecificCredentials()).hasSize(1);
            iam.deleteServiceSpecificCredential(b -> b.userName(user).serviceSpecificCredentialId(credential));
            assertConflict(iam, user, "must delete MFA device first.");
            iam.deactivateMFADevice(b -> b.userName(user).serialNumber(device));
            assertConflict(iam, user, "must remove users from group first.");
            iam.removeUserFromGroup(b -> b.userName(user).groupName("g"));
            assertConflict(iam, user, "must delete policies first.");
            iam.deleteUserPolicy(b -> b.userName(user).policyName("inline"));
            iam.deleteUser(b -> b.userName(user));

            iam.createUser(b -> b.userName("kept-in-group@example.org"));
            iam.addUserToGroup(b -> b.userName("kept-in-group@example.org").groupName("g"));
            moto.strict().set(StrictAws.DELETE_CONFLICT, false);
            iam.deleteUser(b -> b.userName("kept-in-group@example.org"));
        }
    }

    @Test
    void aRecreatedUserAndANewLoginProfileAreTemporarilyUnmodifiable() {
        try (IamClient iam = iam(base)) {
            String user = "again@example.org";
            moto.strict().set(StrictAws.NEW_LOGIN_PROFILE_SECONDS, 60);
            iam.createUser(b -> b.userName(user));
            iam.createLoginProfile(b -> b.userName(user).password("a-long-Password-1234"));
            assertRefused(() -> iam.updateLoginProfile(b -> b.userName(user).password("another-Password-1234")), 409,
                    "EntityTemporarilyUnmodifiable", "Login Profile for User " + user + " cannot be modified while login profile is being created.");
            moto.strict().set(StrictAws.NEW_LOGIN_PROFILE_SECONDS, 0);
            iam.deleteLoginProfile(b -> b.userName(user));
            iam.deleteUser(b -> b.userName(user));

            moto.strict().set(StrictAws.RECREATED_USER_SECONDS, 60);
            iam.createUser(b -> b.userName(user));
            assertRefused(() -> iam.createLoginProfile(b -> b.userName(user).password("a-long-Password-1234")), 409,
                    "EntityTemporarilyUnmodifiable", "User " + user + " cannot be modified");

            moto.strict().set(StrictAws.RECREATED_USER_SECONDS, 0);
            iam.deleteUser(b -> b.userName(user));
            iam.createUser(b -> b.userName(user));
            iam.createLoginProfile(b -> b.userName(user).password("a-long-Password-1234"));
        }
        assertThat(moto.strict().interventions()).containsKeys(StrictAws.NEW_LOGIN_PROFILE_SECONDS, StrictAws.RECREATED_USER_SECONDS);
    }

    @Test
    void rootMfaShowsInTheAccountSummaryOnlyAfterTheLag() {
        try (IamClient iam = iam(base)) {
            assertThat(mfaEnabled(iam)).isZero();
            moto.strict().set(StrictAws.ROOT_MFA_LAG_SECONDS, 60);
            moto.strict().rootMfa(ACCOUNT, true);
            assertThat(mfaEnabled(iam)).as("during the lag").isZero();

            moto.strict().set(StrictAws.ROOT_MFA_LAG_SECONDS, 0);
            moto.strict().rootMfa(ACCOUNT, true);
            assertThat(mfaEnabled(iam)).isEqualTo(1);
            moto.strict().rootMfa(ACCOUNT, false);
            assertThat(mfaEnabled(iam)).isZero();
        }
        assertThat(moto.strict().interventions()).containsKey(StrictAws.ROOT_MFA_LAG_SECONDS);
    }

    @Test
    void simulatePrincipalPolicyEvaluatesThePrincipalsPoliciesAsIamDoes() {
        String roleArn = "arn:aws:iam::" + ACCOUNT + ":role/organiser";
        try (IamClient iam = iam(base); StsClient sts = sts(base)) {
            iam.createRole(b -> b.roleName("organiser").assumeRolePolicyDocument(ANYONE_IN_THE_ACCOUNT));
            iam.putRolePolicy(b -> b.roleName("organiser").policyName("inline").policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":["
                    + "{\"Effect\":\"Allow\",\"Action\":[\"Organizations:Create*\",\"organizations:Describe?reateAccountStatus\"],\"Resource\":\"*\"},"
                    + "{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"arn:aws:iam::*:role/bootstrap\"},"
                    + "{\"Effect\":\"Deny\",\"Action\":\"organizations:CreateOrganization\",\"Resource\":\"*\"}]}"));
            String managed = iam.createPolicy(b -> b.policyName("simulate-self").policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":["
                    + "{\"Effect\":\"Allow\",\"NotAction\":\"iam:*\",\"Resource\":\"arn:aws:s3:::*\"},"
                    + "{\"Effect\":\"Allow\",\"Action\":\"iam:SimulatePrincipalPolicy\",\"Resource\":\"" + roleArn + "\"}]}")).policy().arn();
            iam.attachRolePolicy(b -> b.roleName("organiser").policyArn(managed));

            var results = iam.simulatePrincipalPolicy(b -> b.policySourceArn(roleArn).actionNames("organizations:createaccount",
                    "organizations:DescribeCreateAccountStatus", "organizations:CreateOrganization", "organizations:MoveAccount")).evaluationResults();
            assertThat(results).extracting(r -> r.evalActionName() + " " + r.evalResourceName() + " " + r.evalDecisionAsString()).containsExactly(
                    "organizations:createaccount * allowed", "organizations:DescribeCreateAccountStatus * allowed",
                    "organizations:CreateOrganization * explicitDeny", "organizations:MoveAccount * implicitDeny");
            assertThat(results.get(0).matchedStatements()).singleElement().satisfies(s -> {
                assertThat(s.sourcePolicyId()).isEqualTo("inline");
                assertThat(s.sourcePolicyTypeAsString()).isEqualTo("role");
            });
            assertThat(results.get(2).matchedStatements()).extracting(s -> s.sourcePolicyId()).containsExactly("inline");
            assertThat(results.get(3).matchedStatements()).isEmpty();

            var assume = iam.simulatePrincipalPolicy(b -> b.policySourceArn(roleArn).actionNames("sts:AssumeRole")
                    .resourceArns("arn:aws:iam::210987654321:role/bootstrap", "arn:aws:iam::210987654321:role/other")).evaluationResults();
            assertThat(assume).singleElement().satisfies(r -> {
                assertThat(r.evalDecisionAsString()).as("the most restrictive across the resources").isEqualTo("implicitDeny");
                assertThat(r.resourceSpecificResults()).extracting(s -> s.evalResourceName() + " " + s.evalResourceDecisionAsString())
                        .containsExactly("arn:aws:iam::210987654321:role/bootstrap allowed", "arn:aws:iam::210987654321:role/other implicitDeny");
            });
            assertThat(iam.simulatePrincipalPolicy(b -> b.policySourceArn(roleArn).actionNames("s3:GetObject", "iam:GetRole")
                    .resourceArns("arn:aws:s3:::bucket/key")).evaluationResults()).extracting(r -> r.evalDecisionAsString())
                    .as("NotAction, from the attached managed policy").containsExactly("allowed", "implicitDeny");

            assertRefused(() -> iam.simulatePrincipalPolicy(b -> b.policySourceArn("arn:aws:iam::" + ACCOUNT + ":role/absent")
                    .actionNames("iam:GetRole")), 404, "NoSuchEntity", "The role with name absent cannot be found.");

            iam.createRole(b -> b.roleName("no-simulation").assumeRolePolicyDocument(ANYONE_IN_THE_ACCOUNT));
            Credentials organiser = sts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("organiser")).credentials();
            Credentials other = sts.assumeRole(b -> b.roleArn("arn:aws:iam::" + ACCOUNT + ":role/no-simulation").roleSessionName("other"))
                    .credentials();
            try (IamClient self = iam(session(organiser)); IamClient notAllowed = iam(session(other))) {
                assertThat(self.simulatePrincipalPolicy(b -> b.policySourceArn(roleArn).actionNames("organizations:CreateAccount"))
                        .evaluationResults()).extracting(r -> r.evalDecisionAsString()).containsExactly("allowed");
                assertRefused(() -> notAllowed.simulatePrincipalPolicy(b -> b.policySourceArn(roleArn).actionNames("organizations:CreateAccount")),
                        403, "AccessDenied", "User: arn:aws:sts::" + ACCOUNT + ":assumed-role/no-simulation/other is not authorized to perform: "
                                + "iam:SimulatePrincipalPolicy on resource: " + roleArn);
            }
        }
        assertThat(moto.strict().interventions()).containsKey(StrictAws.SIMULATE_PRINCIPAL_POLICY);
    }

    @Test
    void simulatePrincipalPolicyIncludesAUsersGroups() {
        try (IamClient iam = iam(base)) {
            iam.createUser(b -> b.userName("someone"));
            iam.createGroup(b -> b.groupName("people"));
            iam.addUserToGroup(b -> b.groupName("people").userName("someone"));
            iam.putGroupPolicy(b -> b.groupName("people").policyName("group-inline").policyDocument("{\"Version\":\"2012-10-17\","
                    + "\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"iam:ChangePassword\",\"Resource\":\"*\"}}"));
            var results = iam.simulatePrincipalPolicy(b -> b.policySourceArn("arn:aws:iam::" + ACCOUNT + ":user/someone")
                    .actionNames("iam:ChangePassword", "iam:CreateUser")).evaluationResults();
            assertThat(results).extracting(r -> r.evalDecisionAsString()).containsExactly("allowed", "implicitDeny");
            assertThat(results.get(0).matchedStatements()).extracting(s -> s.sourcePolicyTypeAsString()).containsExactly("group");
        }
    }

    @Test
    void aResetForgetsTheResourcesAndTheSwitchesButNotTheSessionsIssued() {
        try (IamClient iam = iam(base); StsClient sts = sts(base)) {
            iam.createRole(b -> b.roleName("any").assumeRolePolicyDocument(ANYONE_IN_THE_ACCOUNT));
            Credentials session = sts.assumeRole(b -> b.roleArn("arn:aws:iam::" + ACCOUNT + ":role/any").roleSessionName("kept")).credentials();
            moto.strict().set(StrictAws.CREATE_ACCOUNT_SECONDS, 42);

            moto.reset();

            assertThat(moto.strict().config()).containsEntry(StrictAws.CREATE_ACCOUNT_SECONDS, 1.0).containsEntry("profile", "test");
            assertThat(iam.listRoles().roles()).isEmpty();
            try (StsClient assumed = sts(session(session))) {
                // (the profile's fresh-credentials window applies again: a session a moment old may still be refused)
                assertThat(Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                        .until(() -> assumed.getCallerIdentity().arn(), arn -> arn != null))
                        .isEqualTo("arn:aws:sts::" + ACCOUNT + ":assumed-role/any/kept");
            }
        }
    }

    private void assertConflict(IamClient iam, String user, String message) {
        assertRefused(() -> iam.deleteUser(b -> b.userName(user)), 409, "DeleteConflict", "Cannot delete entity, " + message);
    }

    private static void assertRefused(Runnable call, int status, String code, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(AwsServiceException.class, e -> {
            assertThat(e.statusCode()).as("HTTP status").isEqualTo(status);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            assertThat(e.awsErrorDetails().errorMessage()).contains(message);
        });
    }

    private static int mfaEnabled(IamClient iam) {
        return iam.getAccountSummary().summaryMap().get(SummaryKeyType.ACCOUNT_MFA_ENABLED);
    }

    private static String trusting(String principalArn, boolean withMfa) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"" + principalArn
                + "\"]},\"Action\":\"sts:AssumeRole\"" + (withMfa ? ",\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}" : "")
                + "}]}";
    }

    private static AwsCredentials session(Credentials credentials) {
        return AwsSessionCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken());
    }

    private IamClient iam(AwsCredentials credentials) {
        return IamClient.builder().endpointOverride(moto.endpoint()).region(Region.AWS_GLOBAL)
                .credentialsProvider(StaticCredentialsProvider.create(credentials)).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    private StsClient sts(AwsCredentials credentials) {
        return StsClient.builder().endpointOverride(moto.endpoint()).region(Region.of(MotoServer.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(credentials)).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    private OrganizationsClient organizations(AwsCredentials credentials) {
        return OrganizationsClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(credentials)).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }
}
