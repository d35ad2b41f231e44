package uk.gov.gds.awsam.provisioner.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static uk.gov.gds.awsam.provisioner.testing.AwsStandIn.accountSummary;
import static uk.gov.gds.awsam.provisioner.testing.AwsStandIn.accounts;
import static uk.gov.gds.awsam.provisioner.testing.AwsStandIn.assumedRole;
import static uk.gov.gds.awsam.provisioner.testing.AwsStandIn.done;
import static uk.gov.gds.awsam.provisioner.testing.AwsStandIn.emptyList;
import static uk.gov.gds.awsam.provisioner.testing.AwsStandIn.iam;
import static uk.gov.gds.awsam.provisioner.testing.AwsStandIn.iamError;
import static uk.gov.gds.awsam.provisioner.testing.AwsStandIn.role;
import static uk.gov.gds.awsam.provisioner.testing.AwsStandIn.stsError;
import static uk.gov.gds.awsam.provisioner.testing.AwsStandIn.user;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import uk.gov.gds.awsam.events.ResumableStage;
import uk.gov.gds.awsam.provisioner.domain.AuditRoles;
import uk.gov.gds.awsam.provisioner.domain.AwsPolicy;
import uk.gov.gds.awsam.provisioner.domain.CreatedUser;
import uk.gov.gds.awsam.provisioner.domain.PasswordGenerator;
import uk.gov.gds.awsam.provisioner.domain.RemovedUser;
import uk.gov.gds.awsam.provisioner.domain.RootSecuring;
import uk.gov.gds.awsam.provisioner.domain.SealedPassword;
import uk.gov.gds.awsam.provisioner.domain.SecuredRoot;
import uk.gov.gds.awsam.provisioner.domain.StepFailed;
import uk.gov.gds.awsam.provisioner.domain.TrustPolicy;
import uk.gov.gds.awsam.provisioner.domain.TrustScan;
import uk.gov.gds.awsam.provisioner.domain.UserProvisioning;
import uk.gov.gds.awsam.provisioner.domain.UserRemoval;
import uk.gov.gds.awsam.provisioner.testing.AwsStandIn;
import uk.gov.gds.awsam.provisioner.testing.Synchronously;

/**
 * Securing root and managing users against a stand-in of IAM and STS, through the real SDK clients, for what
 * moto cannot show: root MFA enabled, DeleteConflict, a password policy violation, IAM throttling.
 */
class IamFailureModesTest {

    private static final String ACCOUNT_ID = "111122223333";
    private static final String GDS_USERS = "622626885786";
    private static final String ROLE_ARN = "arn:aws:iam::" + ACCOUNT_ID + ":role/bootstrap";
    private static final String ADMIN = "admin.one@digital.cabinet-office.gov.uk";
    private static final String ADMIN_ARN = "arn:aws:iam::" + GDS_USERS + ":user/" + ADMIN;

    private final AwsStandIn aws = new AwsStandIn();
    private final AwsClients clients = aws.clients();
    private final AwsPolicy policy = Synchronously.policy(3);
    private final Synchronously passes = new Synchronously();

    @AfterEach
    void close() {
        clients.close();
        aws.close();
    }

    @Test
    void rootMfaShownEnabledIsVerifiedAndTheTrustPolicyIsExactlyTheAdminsWithMfa() {
        member(1);
        aws.query("GetUser", user(ADMIN_ARN));
        aws.query("UpdateAssumeRolePolicy", done("UpdateAssumeRolePolicy"));

        SecuredRoot secured = secure(securing(true, 2048), List.of(ADMIN));

        assertThat(secured.rootMfaVerified()).isTrue();
        assertThat(secured.bootstrapRoleArn()).isEqualTo(ROLE_ARN);
        assertThat(secured.trustedPrincipalArns()).containsExactly(ADMIN_ARN);
        assertThat(form(aws.queryCalls("UpdateAssumeRolePolicy").get(0), "PolicyDocument")).isEqualTo(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"" + ADMIN_ARN + "\"]},"
                        + "\"Action\":\"sts:AssumeRole\",\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}}]}");
        assertThat(form(aws.queryCalls("UpdateAssumeRolePolicy").get(0), "RoleName")).isEqualTo("bootstrap");
    }

    @Test
    void rootMfaNotEnabledFailsTheRequestAndTrustsNobody() {
        member(0);
        aws.query("GetUser", user(ADMIN_ARN));

        assertThatThrownBy(() -> secure(securing(true, 2048), List.of(ADMIN))).isInstanceOfSatisfying(StepFailed.class, failed -> {
            assertThat(failed.stage()).isEqualTo(ResumableStage.SECURE_ROOT);
            assertThat(failed.retryable()).isFalse();
            assertThat(failed.reason()).contains("root MFA is not enabled on account " + ACCOUNT_ID);
        });
        assertThat(aws.queryCalls("UpdateAssumeRolePolicy")).isEmpty();
    }

    @Test
    void aTrustPolicyOverTheQuotaFailsClearlyBeforeAnythingChanges() {
        member(1);
        List<String> admins = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            admins.add("admin.number." + i + "@digital.cabinet-office.gov.uk");
        }
        aws.query("GetUser", user(ADMIN_ARN));

        assertThatThrownBy(() -> secure(securing(true, 2048), admins)).isInstanceOfSatisfying(StepFailed.class, failed -> {
            assertThat(failed.retryable()).isFalse();
            assertThat(failed.reason()).contains("over the 2048-character IAM quota").contains("30 admins");
        });
        assertThat(aws.queryCalls("UpdateAssumeRolePolicy")).isEmpty();
    }

    @Test
    void anAdminFoundInAnotherAccountThanGdsUsersIsNeverTrusted() {
        member(1);
        aws.query("GetUser", user("arn:aws:iam::999999999999:user/" + ADMIN));

        assertThatThrownBy(() -> secure(securing(true, 2048), List.of(ADMIN)))
                .isInstanceOfSatisfying(StepFailed.class, failed -> assertThat(failed.reason()).contains("not in the gds-users account"));
        assertThat(aws.queryCalls("UpdateAssumeRolePolicy")).isEmpty();
    }

    @Test
    void iamThrottlingBacksOffAndRetries() {
        member(1);
        aws.query("GetUser", iamError(400, "Throttling", "Rate exceeded"), user(ADMIN_ARN));
        aws.query("UpdateAssumeRolePolicy", done("UpdateAssumeRolePolicy"));

        assertThat(secure(securing(true, 2048), List.of(ADMIN)).trustedPrincipalArns()).containsExactly(ADMIN_ARN);
        assertThat(aws.queryCalls("GetUser")).hasSize(2);
    }

    @Test
    void deleteConflictAfterEveryDependantIsGoneFailsTheRemovalForAPerson() {
        removableUser();
        aws.query("DeleteUser", iamError(409, "DeleteConflict", "Cannot delete entity, must remove tokens from principal first."));

        assertThatThrownBy(() -> passes.untilDone(run -> removal().remove(run, ADMIN))).isInstanceOfSatisfying(StepFailed.class, failed -> {
            assertThat(failed.stage()).isEqualTo(ResumableStage.REMOVE_USER);
            assertThat(failed.retryable()).isFalse();
            assertThat(failed.reason()).contains("DeleteConflict").contains("must remove tokens");
        });
        assertThat(aws.queryCalls("DeleteUser")).hasSize(2);
        assertThat(aws.queryCalls("ListServiceSpecificCredentials")).hasSize(3);
    }

    @Test
    void deleteConflictFromSomethingAddedMeanwhileIsClearedByRemovingDependantsAgain() {
        removableUser();
        aws.query("ListAccessKeys", emptyList("ListAccessKeys", "AccessKeyMetadata"),
                iam("ListAccessKeys", "<AccessKeyMetadata><member><UserName>" + ADMIN + "</UserName><AccessKeyId>AKIALATE</AccessKeyId>"
                        + "<Status>Active</Status></member></AccessKeyMetadata><IsTruncated>false</IsTruncated>"));
        aws.query("DeleteAccessKey", done("DeleteAccessKey"));
        aws.query("DeleteUser", iamError(409, "DeleteConflict", "Cannot delete entity, must delete access keys first."), done("DeleteUser"));

        RemovedUser removed = passes.untilDone(run -> removal().remove(run, ADMIN));

        assertThat(removed.removed()).containsExactly("login-profile", "access-key:AKIALATE", "user");
        assertThat(removed.userExisted()).isTrue();
        assertThat(removed.unreadableAccounts()).isEmpty();
    }

    @Test
    void aPrincipalStillPropagatingIsWaitedForUntilIamAcceptsIt() {
        member(1);
        aws.query("GetUser", user(ADMIN_ARN));
        aws.query("UpdateAssumeRolePolicy", iamError(400, "MalformedPolicyDocument", "Invalid principal in policy: \"AWS\":\"" + ADMIN_ARN + "\""),
                iamError(400, "MalformedPolicyDocument", "Invalid principal in policy: \"AWS\":\"" + ADMIN_ARN + "\""), done("UpdateAssumeRolePolicy"));

        assertThat(secure(securing(true, 2048), List.of(ADMIN)).trustedPrincipalArns()).containsExactly(ADMIN_ARN);
        assertThat(aws.queryCalls("UpdateAssumeRolePolicy")).hasSize(3);
    }

    @Test
    void freshCredentialsAreRetriedAndOtherMalformedPoliciesAreNot() {
        member(1);
        aws.query("GetUser", iamError(403, "InvalidClientTokenId", "The security token included in the request is invalid."), user(ADMIN_ARN));
        aws.query("UpdateAssumeRolePolicy", iamError(400, "MalformedPolicyDocument", "Syntax errors in policy."));

        assertThatThrownBy(() -> secure(securing(true, 2048), List.of(ADMIN))).isInstanceOfSatisfying(StepFailed.class, failed -> {
            assertThat(failed.retryable()).isFalse();
            assertThat(failed.reason()).contains("Syntax errors in policy");
        });
        assertThat(aws.queryCalls("GetUser")).hasSize(2);
        assertThat(aws.queryCalls("UpdateAssumeRolePolicy")).hasSize(1);
    }

    @Test
    void aTrustPolicyAlreadyAsItShouldBeIsNotRewrittenAndTheBootstrapRoleIsNotAssumed() {
        aws.query("AssumeRole", stsError(403, "AccessDenied", "not authorized"));
        aws.queryWhere("AssumeRole", "RoleArn", "arn:aws:iam::" + ACCOUNT_ID + ":role/aws-accounts-audit", assumedRole("ASIAAUDIT"));
        aws.query("GetAccountSummary", accountSummary(1));
        aws.query("GetRole", role(ROLE_ARN, "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\""
                + ADMIN_ARN + "\"]},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}}]}"));
        aws.query("GetUser", user(ADMIN_ARN));

        SecuredRoot secured = secure(securing(true, 2048), List.of(ADMIN));

        assertThat(secured.trustedPrincipalArns()).containsExactly(ADMIN_ARN);
        assertThat(secured.auditRoleArn()).isEqualTo("arn:aws:iam::" + ACCOUNT_ID + ":role/aws-accounts-audit");
        assertThat(aws.queryCalls("UpdateAssumeRolePolicy")).isEmpty();
        assertThat(aws.queryCalls("AssumeRole")).noneMatch(r -> r.getBodyAsString().contains("role%2Fbootstrap"));
    }

    @Test
    void anInitialPasswordIsSetWithResetRequiredAndAPolicyViolationFailsWithoutTheSecret() {
        aws.query("GetUser", iamError(404, "NoSuchEntity", "no such user"));
        aws.query("CreateUser", iam("CreateUser", "<User><Path>/</Path><UserName>" + ADMIN + "</UserName><UserId>AIDA</UserId><Arn>"
                + ADMIN_ARN + "</Arn><CreateDate>2026-01-01T00:00:00Z</CreateDate></User>"));
        aws.query("AddUserToGroup", done("AddUserToGroup"));
        aws.query("GetLoginProfile", iamError(404, "NoSuchEntity", "no login profile"));
        aws.query("CreateLoginProfile", iamError(400, "PasswordPolicyViolation", "Password should have at least 30 characters"));
        AtomicReference<String> sealedPassword = new AtomicReference<>();
        UserProvisioning users = new UserProvisioning(new AwsGdsUsers(clients.gdsUsersIam()), policy, new Synchronously.MemoryJournal(), List.of("users"),
                new PasswordGenerator(16), secret -> {
                    sealedPassword.set(new String(secret, StandardCharsets.UTF_8));
                    return new SealedPassword("test", "k", java.nio.ByteBuffer.allocate(1), java.nio.ByteBuffer.allocate(1), java.nio.ByteBuffer.allocate(1));
                });

        assertThatThrownBy(() -> passes.untilDone(run -> users.create(run, ADMIN))).isInstanceOfSatisfying(StepFailed.class, failed -> {
            assertThat(failed.stage()).isEqualTo(ResumableStage.CREATE_USER);
            assertThat(failed.retryable()).isFalse();
            assertThat(failed.reason()).contains("password policy").doesNotContain(sealedPassword.get());
            assertThat(failed.whatNext()).contains("provisioner.users.password-length");
        });
        LoggedRequest create = aws.queryCalls("CreateLoginProfile").get(0);
        assertThat(form(create, "PasswordResetRequired")).isEqualTo("true");
        assertThat(form(create, "Password")).isEqualTo(sealedPassword.get()).hasSize(16);
        assertThat(form(aws.queryCalls("CreateUser").get(0), "Tags.member.1.Key")).startsWith("aws-accounts:");
    }

    @Test
    void aUserAlreadyInGdsUsersIsAdoptedWithItsLoginProfile() {
        aws.query("GetUser", user(ADMIN_ARN));
        aws.query("AddUserToGroup", done("AddUserToGroup"));
        aws.query("GetLoginProfile", iam("GetLoginProfile", "<LoginProfile><UserName>" + ADMIN + "</UserName>"
                + "<CreateDate>2026-01-01T00:00:00Z</CreateDate></LoginProfile>"));
        aws.query("ListGroupsForUser", iam("ListGroupsForUser", "<Groups><member><Path>/</Path><GroupName>users</GroupName>"
                + "<GroupId>AGPA</GroupId><Arn>arn:aws:iam::" + GDS_USERS + ":group/users</Arn><CreateDate>2026-01-01T00:00:00Z</CreateDate>"
                + "</member></Groups><IsTruncated>false</IsTruncated>"));
        UserProvisioning users = new UserProvisioning(new AwsGdsUsers(clients.gdsUsersIam()), policy, new Synchronously.MemoryJournal(), List.of("users"),
                new PasswordGenerator(16), secret -> {
                    throw new AssertionError("no password for an adopted user");
                });

        CreatedUser created = passes.untilDone(run -> users.create(run, ADMIN));

        assertThat(created.adopted()).isTrue();
        assertThat(created.sealedInitialPassword()).isNull();
        assertThat(created.groups()).containsExactly("users");
        assertThat(aws.queryCalls("CreateLoginProfile")).isEmpty();
        assertThat(aws.queryCalls("UpdateLoginProfile")).isEmpty();
    }

    private void member(int accountMfaEnabled) {
        aws.query("AssumeRole", assumedRole("ASIAMEMBER"));
        aws.query("GetAccountSummary", accountSummary(accountMfaEnabled));
        aws.query("GetRole", role(ROLE_ARN, "{\"Version\":\"2012-10-17\",\"Statement\":[]}"));
    }

    private RootSecuring securing(boolean verifyRootMfa, int maxLength) {
        AwsMemberAccounts members = new AwsMemberAccounts(clients);
        TrustPolicy trustPolicy = new TrustPolicy(new JacksonJson());
        return new RootSecuring(members, new AwsGdsUsers(clients.gdsUsersIam()), policy,
                new AuditRoles(members, policy, trustPolicy, Synchronously.poll(), "aws-accounts-audit", () -> "arn:aws:iam::000000000001:role/org-admin-access"),
                trustPolicy, Synchronously.poll(), GDS_USERS, "bootstrap", verifyRootMfa, maxLength);
    }

    private SecuredRoot secure(RootSecuring securing, List<String> admins) {
        return passes.untilDone(run -> securing.secure(run, ACCOUNT_ID, admins));
    }

    private UserRemoval removal() {
        AwsOrganizations organizations = new AwsOrganizations(clients.organizations());
        TrustScan scan = new TrustScan(organizations, new AwsMemberAccounts(clients), policy, new TrustPolicy(new JacksonJson()), "aws-accounts-audit", "bootstrap");
        return new UserRemoval(new AwsGdsUsers(clients.gdsUsersIam()), scan, policy, journal, true);
    }

    private final Synchronously.MemoryJournal journal = new Synchronously.MemoryJournal();

    /** A user with a login profile and nothing else, in an organisation of no accounts. */
    private void removableUser() {
        aws.organizations("ListAccounts", accounts());
        aws.query("GetUser", user(ADMIN_ARN));
        aws.query("GetLoginProfile", iam("GetLoginProfile", "<LoginProfile><UserName>" + ADMIN + "</UserName>"
                + "<CreateDate>2026-01-01T00:00:00Z</CreateDate></LoginProfile>"));
        aws.query("DeleteLoginProfile", done("DeleteLoginProfile"), iamError(404, "NoSuchEntity", "no login profile"));
        aws.query("ListMFADevices", emptyList("ListMFADevices", "MFADevices"));
        aws.query("ListAccessKeys", emptyList("ListAccessKeys", "AccessKeyMetadata"));
        aws.query("ListSigningCertificates", emptyList("ListSigningCertificates", "Certificates"));
        aws.query("ListSSHPublicKeys", emptyList("ListSSHPublicKeys", "SSHPublicKeys"));
        aws.query("ListServiceSpecificCredentials", iam("ListServiceSpecificCredentials", "<ServiceSpecificCredentials/>"));
        aws.query("ListGroupsForUser", emptyList("ListGroupsForUser", "Groups"));
        aws.query("ListAttachedUserPolicies", emptyList("ListAttachedUserPolicies", "AttachedPolicies"));
        aws.query("ListUserPolicies", emptyList("ListUserPolicies", "PolicyNames"));
    }

    private static String form(LoggedRequest request, String name) {
        for (String pair : request.getBodyAsString().split("&")) {
            int eq = pair.indexOf('=');
            if (URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
