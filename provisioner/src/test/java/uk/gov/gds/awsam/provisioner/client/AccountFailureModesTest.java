package uk.gov.gds.awsam.provisioner.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static uk.gov.gds.awsam.provisioner.testing.AwsStandIn.accounts;
import static uk.gov.gds.awsam.provisioner.testing.AwsStandIn.assumedRole;
import static uk.gov.gds.awsam.provisioner.testing.AwsStandIn.createStatus;
import static uk.gov.gds.awsam.provisioner.testing.AwsStandIn.json;
import static uk.gov.gds.awsam.provisioner.testing.AwsStandIn.jsonError;
import static uk.gov.gds.awsam.provisioner.testing.AwsStandIn.role;
import static uk.gov.gds.awsam.provisioner.testing.AwsStandIn.stsError;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.events.ResumableStage;
import uk.gov.gds.awsam.provisioner.domain.AccountProvisioning;
import uk.gov.gds.awsam.provisioner.domain.AccountSpec;
import uk.gov.gds.awsam.provisioner.domain.AuditRoles;
import uk.gov.gds.awsam.provisioner.domain.AwsPolicy;
import uk.gov.gds.awsam.provisioner.domain.CreationSlots;
import uk.gov.gds.awsam.provisioner.domain.ProvisionedAccount;
import uk.gov.gds.awsam.provisioner.domain.StepFailed;
import uk.gov.gds.awsam.provisioner.domain.TrustPolicy;
import uk.gov.gds.awsam.provisioner.testing.AwsStandIn;
import uk.gov.gds.awsam.provisioner.testing.Synchronously;

/**
 * Account creation against a stand-in of the AWS APIs, through the real SDK clients, for what moto cannot
 * produce: FAILED creations and their reasons, throttling, an account slow to be created or to become
 * assumable.
 */
class AccountFailureModesTest {

    private static final String ACCOUNT_ID = "111122223333";
    private static final String EMAIL = "aws-root+sample@example.gov.uk";
    private static final String ROLE_ARN = "arn:aws:iam::" + ACCOUNT_ID + ":role/bootstrap";
    private static final AccountSpec SPEC = new AccountSpec("sample", EMAIL, "bootstrap", "ALLOW", null, Map.of("Team", "Sample"),
            List.of("admin@example.gov.uk"));

    private final AwsStandIn aws = new AwsStandIn();
    private final Synchronously passes = new Synchronously();
    private AwsClients clients;
    private AccountProvisioning provisioning;
    private final CreationSlots slots = new CreationSlots(2);

    @BeforeEach
    void clients() {
        clients = aws.clients();
        AwsPolicy policy = Synchronously.policy(4);
        AwsMemberAccounts members = new AwsMemberAccounts(clients);
        provisioning = new AccountProvisioning(new AwsOrganizations(clients.organizations()), members,
                Synchronously.everyoneHasAUser("622626885786"), slots, policy, Synchronously.poll(), Synchronously.poll(), Synchronously.poll(),
                new AuditRoles(members, policy, new TrustPolicy(new JacksonJson()), Synchronously.poll(), "aws-accounts-audit", () -> "arn:aws:iam::000000000001:role/org-admin-access"));
        aws.query("AssumeRole", assumedRole("ASIAMEMBER"));
        aws.query("GetRole", role(ROLE_ARN, "{\"Version\":\"2012-10-17\",\"Statement\":[]}"));
        aws.query("UpdateAssumeRolePolicy", AwsStandIn.done("UpdateAssumeRolePolicy"));
        aws.query("PutRolePolicy", AwsStandIn.done("PutRolePolicy"));
        aws.organizations("ListTagsForResource", json("{\"Tags\":[]}"));
        aws.organizations("TagResource", json("{}"));
        aws.organizations("ListCreateAccountStatus", json("{\"CreateAccountStatuses\":[]}"));
    }

    private ProvisionedAccount provision(AccountSpec spec) {
        return passes.untilDone(run -> provisioning.provision(run, spec));
    }

    @AfterEach
    void close() {
        clients.close();
        aws.close();
    }

    @Test
    void aCreationThatStaysInProgressForAWhileIsPolledUntilItSucceeds() {
        aws.organizations("ListAccounts", accounts());
        aws.organizations("CreateAccount", createStatus("car-1", "IN_PROGRESS", null, null));
        aws.organizations("DescribeCreateAccountStatus", createStatus("car-1", "IN_PROGRESS", null, null),
                createStatus("car-1", "IN_PROGRESS", null, null), createStatus("car-1", "SUCCEEDED", ACCOUNT_ID, null));

        ProvisionedAccount account = provision(SPEC);

        assertThat(account.accountId()).isEqualTo(ACCOUNT_ID);
        assertThat(account.createAccountRequestId()).isEqualTo("car-1");
        assertThat(account.bootstrapRoleArn()).isEqualTo(ROLE_ARN);
        assertThat(aws.organizationsCalls("DescribeCreateAccountStatus")).hasSize(3);
        String request = aws.organizationsCalls("CreateAccount").get(0).getBodyAsString();
        assertThat(request).contains("\"Email\":\"" + EMAIL + "\"").contains("\"AccountName\":\"sample\"")
                .contains("\"RoleName\":\"bootstrap\"").contains("\"IamUserAccessToBilling\":\"ALLOW\"")
                .contains("{\"Key\":\"Team\",\"Value\":\"Sample\"}");
    }

    @Test
    void aCreationStillInProgressAfterThePollTimeoutFailsAsRetryableAndFreesItsSlot() {
        aws.organizations("ListAccounts", accounts());
        aws.organizations("CreateAccount", createStatus("car-1", "IN_PROGRESS", null, null));
        aws.organizations("DescribeCreateAccountStatus", createStatus("car-1", "IN_PROGRESS", null, null));

        assertThatThrownBy(() -> provision(SPEC)).isInstanceOfSatisfying(StepFailed.class, failed -> {
            assertThat(failed.stage()).isEqualTo(ResumableStage.CREATE_ACCOUNT);
            assertThat(failed.retryable()).isTrue();
            assertThat(failed.reason()).contains("car-1").contains("still IN_PROGRESS");
        });
        assertThat(slots.inFlight()).isZero();
    }

    @Test
    void accountLimitExceededFailsTheRequestWithTheReasonAndIsNotRetried() {
        aws.organizations("ListAccounts", accounts());
        aws.organizations("CreateAccount", createStatus("car-1", "IN_PROGRESS", null, null));
        aws.organizations("DescribeCreateAccountStatus", createStatus("car-1", "FAILED", null, "ACCOUNT_LIMIT_EXCEEDED"));

        assertThatThrownBy(() -> provision(SPEC)).isInstanceOfSatisfying(StepFailed.class, failed -> {
            assertThat(failed.stage()).isEqualTo(ResumableStage.CREATE_ACCOUNT);
            assertThat(failed.retryable()).isFalse();
            assertThat(failed.reason()).contains("ACCOUNT_LIMIT_EXCEEDED").contains("limit of accounts");
        });
        assertThat(aws.organizationsCalls("CreateAccount")).hasSize(1);
    }

    @Test
    void otherFailureReasonsFailTheRequestWithTheirReason() {
        aws.organizations("ListAccounts", accounts());
        aws.organizations("CreateAccount", createStatus("car-1", "IN_PROGRESS", null, null));
        aws.organizations("DescribeCreateAccountStatus", createStatus("car-1", "FAILED", null, "INVALID_EMAIL"));

        assertThatThrownBy(() -> provision(SPEC)).isInstanceOfSatisfying(StepFailed.class, failed -> {
            assertThat(failed.retryable()).isFalse();
            assertThat(failed.reason()).contains("INVALID_EMAIL").contains("refused the root email");
        });
    }

    @Test
    void anInternalFailureOfAwsFailsTheRequestAsRetryable() {
        aws.organizations("ListAccounts", accounts());
        aws.organizations("CreateAccount", createStatus("car-1", "IN_PROGRESS", null, null));
        aws.organizations("DescribeCreateAccountStatus", createStatus("car-1", "FAILED", null, "INTERNAL_FAILURE"));

        assertThatThrownBy(() -> provision(SPEC)).isInstanceOfSatisfying(StepFailed.class, failed -> {
            assertThat(failed.retryable()).isTrue();
            assertThat(failed.reason()).contains("INTERNAL_FAILURE");
        });
    }

    @Test
    void emailAlreadyExistsAdoptsTheAccountThatHasTheEmailOnceItShows() {
        aws.organizations("ListAccounts", accounts(), accounts(), accounts(ACCOUNT_ID, "sample", EMAIL));
        aws.organizations("CreateAccount", createStatus("car-1", "IN_PROGRESS", null, null));
        aws.organizations("DescribeCreateAccountStatus", createStatus("car-1", "FAILED", null, "EMAIL_ALREADY_EXISTS"));

        ProvisionedAccount account = provision(SPEC);

        assertThat(account.accountId()).isEqualTo(ACCOUNT_ID);
        assertThat(account.adopted()).isTrue();
        assertThat(aws.organizationsCalls("CreateAccount")).hasSize(1);
    }

    @Test
    void emailAlreadyExistsOutsideTheOrganisationFailsTheRequest() {
        aws.organizations("ListAccounts", accounts());
        aws.organizations("CreateAccount", createStatus("car-1", "IN_PROGRESS", null, null));
        aws.organizations("DescribeCreateAccountStatus", createStatus("car-1", "FAILED", null, "EMAIL_ALREADY_EXISTS"));

        assertThatThrownBy(() -> provision(SPEC)).isInstanceOfSatisfying(StepFailed.class, failed -> {
            assertThat(failed.retryable()).isFalse();
            assertThat(failed.reason()).contains("EMAIL_ALREADY_EXISTS").contains("outside the organisation");
        });
    }

    @Test
    void aConcurrentAccountModificationIsCreatedAgainLater() {
        aws.organizations("ListAccounts", accounts());
        aws.organizations("CreateAccount", createStatus("car-1", "IN_PROGRESS", null, null), createStatus("car-2", "IN_PROGRESS", null, null));
        aws.organizations("DescribeCreateAccountStatus", createStatus("car-1", "FAILED", null, "CONCURRENT_ACCOUNT_MODIFICATION"),
                createStatus("car-2", "SUCCEEDED", ACCOUNT_ID, null));

        ProvisionedAccount account = provision(SPEC);

        assertThat(account.accountId()).isEqualTo(ACCOUNT_ID);
        assertThat(account.createAccountRequestId()).isEqualTo("car-2");
        assertThat(aws.organizationsCalls("CreateAccount")).hasSize(2);
    }

    @Test
    void concurrentAccountModificationThatNeverClearsFailsAsRetryable() {
        aws.organizations("ListAccounts", accounts());
        aws.organizations("CreateAccount", createStatus("car-1", "IN_PROGRESS", null, null));
        aws.organizations("DescribeCreateAccountStatus", createStatus("car-1", "FAILED", null, "CONCURRENT_ACCOUNT_MODIFICATION"));

        assertThatThrownBy(() -> provision(SPEC)).isInstanceOfSatisfying(StepFailed.class, failed -> {
            assertThat(failed.retryable()).isTrue();
            assertThat(failed.attempt()).isEqualTo(4);
        });
        assertThat(aws.organizationsCalls("CreateAccount")).hasSize(4);
    }

    @Test
    void throttlingBacksOffAndRetries() {
        aws.organizations("ListAccounts", jsonError(400, "TooManyRequestsException", "Rate exceeded"), accounts());
        aws.organizations("CreateAccount", jsonError(400, "TooManyRequestsException", "Rate exceeded"),
                jsonError(400, "TooManyRequestsException", "Rate exceeded"), createStatus("car-1", "IN_PROGRESS", null, null));
        aws.organizations("DescribeCreateAccountStatus", createStatus("car-1", "SUCCEEDED", ACCOUNT_ID, null));

        assertThat(provision(SPEC).accountId()).isEqualTo(ACCOUNT_ID);
        assertThat(aws.organizationsCalls("CreateAccount")).hasSize(3);
        assertThat(passes.waits()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void throttlingThatDoesNotStopFailsTheRequestAsRetryable() {
        aws.organizations("ListAccounts", accounts());
        aws.organizations("CreateAccount", jsonError(400, "TooManyRequestsException", "Rate exceeded"));

        assertThatThrownBy(() -> provision(SPEC)).isInstanceOfSatisfying(StepFailed.class, failed -> {
            assertThat(failed.stage()).isEqualTo(ResumableStage.CREATE_ACCOUNT);
            assertThat(failed.retryable()).isTrue();
            assertThat(failed.attempt()).isEqualTo(4);
            assertThat(failed.reason()).contains("TooManyRequestsException");
        });
        assertThat(aws.organizationsCalls("CreateAccount")).hasSize(4);
    }

    @Test
    void aServerErrorIsRetriedLikeThrottling() {
        aws.organizations("ListAccounts", jsonError(503, "ServiceUnavailableException", "try later"), accounts(ACCOUNT_ID, "sample", EMAIL));

        assertThat(provision(SPEC).adopted()).isTrue();
    }

    @Test
    void aRefusedCreationIsNotRetried() {
        aws.organizations("ListAccounts", accounts());
        aws.organizations("CreateAccount", jsonError(400, "ConstraintViolationException", "ACCOUNT_NUMBER_LIMIT_EXCEEDED"));

        assertThatThrownBy(() -> provision(SPEC)).isInstanceOfSatisfying(StepFailed.class, failed -> {
            assertThat(failed.retryable()).isFalse();
            assertThat(failed.reason()).contains("ConstraintViolationException").contains("ACCOUNT_NUMBER_LIMIT_EXCEEDED");
        });
        assertThat(aws.organizationsCalls("CreateAccount")).hasSize(1);
    }

    @Test
    void theBootstrapRoleOfANewAccountIsWaitedForUntilItCanBeAssumed() {
        createdAtOnce();
        aws.query("AssumeRole", stsError(403, "AccessDenied", "not authorized to perform sts:AssumeRole"),
                stsError(403, "AccessDenied", "not authorized to perform sts:AssumeRole"), assumedRole("ASIAMEMBER"));

        assertThat(provision(SPEC).bootstrapRoleArn()).isEqualTo(ROLE_ARN);
        assertThat(aws.queryCalls("AssumeRole")).hasSizeGreaterThanOrEqualTo(3);
        assertThat(aws.queryCalls("AssumeRole").get(0).getBodyAsString()).contains("RoleArn=" + ROLE_ARN.replace(":", "%3A").replace("/", "%2F"));
    }

    @Test
    void aBootstrapRoleThatNeverBecomesAssumableFailsTheRequestAsRetryable() {
        createdAtOnce();
        aws.query("AssumeRole", stsError(403, "AccessDenied", "not authorized to perform sts:AssumeRole"));

        assertThatThrownBy(() -> provision(SPEC)).isInstanceOfSatisfying(StepFailed.class, failed -> {
            assertThat(failed.stage()).isEqualTo(ResumableStage.ACCOUNT_READINESS);
            assertThat(failed.retryable()).isTrue();
            assertThat(failed.reason()).contains("AccessDenied");
        });
    }

    @Test
    void anAccountMadeByHandWithoutABootstrapRoleTheManagementAccountCanUseFailsAtOnceWithWhatToDo() {
        aws.organizations("ListAccounts", accounts(ACCOUNT_ID, "sample", EMAIL));
        aws.query("AssumeRole", stsError(403, "AccessDenied", "not authorized to perform sts:AssumeRole"));

        assertThatThrownBy(() -> provision(SPEC)).isInstanceOfSatisfying(StepFailed.class, failed -> {
            assertThat(failed.stage()).isEqualTo(ResumableStage.ACCOUNT_READINESS);
            assertThat(failed.retryable()).isFalse();
            assertThat(failed.reason()).contains("was not created by this system");
            assertThat(failed.whatNext()).contains("creates the role bootstrap in account " + ACCOUNT_ID).contains("retries");
        });
        assertThat(passes.waits()).as("a short wait for a role made moments ago, not minutes of retries").isLessThan(50);
        assertThat(aws.organizationsCalls("TagResource")).singleElement().satisfies(tag -> assertThat(tag.getBodyAsString())
                .contains("aws-accounts:request-id").contains("request-1"));
    }

    @Test
    void anAccountWithTheRootEmailThatAnotherRequestClaimsIsNotAdopted() {
        aws.organizations("ListAccounts", accounts(ACCOUNT_ID, "sample", EMAIL));
        aws.organizations("ListTagsForResource", json("{\"Tags\":[{\"Key\":\"aws-accounts:request-id\",\"Value\":\"another-request\"}]}"));

        assertThatThrownBy(() -> provision(SPEC)).isInstanceOfSatisfying(StepFailed.class, failed -> {
            assertThat(failed.stage()).isEqualTo(ResumableStage.CREATE_ACCOUNT);
            assertThat(failed.retryable()).isFalse();
            assertThat(failed.reason()).contains("belongs to request another-request");
        });
        assertThat(aws.organizationsCalls("TagResource")).isEmpty();
        assertThat(aws.queryCalls("AssumeRole")).isEmpty();
    }

    @Test
    void aCreationAlreadyInProgressForTheAccountIsFollowedNotStartedAgain() {
        aws.organizations("ListAccounts", accounts());
        aws.organizations("ListCreateAccountStatus", json("{\"CreateAccountStatuses\":[{\"Id\":\"car-earlier\",\"AccountName\":\"sample\","
                + "\"State\":\"IN_PROGRESS\"}]}"));
        aws.organizations("DescribeCreateAccountStatus", createStatus("car-earlier", "IN_PROGRESS", null, null),
                createStatus("car-earlier", "SUCCEEDED", ACCOUNT_ID, null));

        ProvisionedAccount account = provision(SPEC);

        assertThat(account.createAccountRequestId()).isEqualTo("car-earlier");
        assertThat(aws.organizationsCalls("CreateAccount")).isEmpty();
    }

    @Test
    void theAuditRoleIsMadeThroughTheBootstrapRoleTrustingOnlyTheProvisionersRole() {
        createdAtOnce();

        assertThat(provision(SPEC).auditRoleArn()).isEqualTo("arn:aws:iam::" + ACCOUNT_ID + ":role/aws-accounts-audit");

        assertThat(aws.queryCalls("PutRolePolicy")).singleElement().satisfies(put -> assertThat(java.net.URLDecoder.decode(
                put.getBodyAsString(), java.nio.charset.StandardCharsets.UTF_8)).contains("iam:GetRole").contains("iam:GetAccountSummary")
                .contains("RoleName=aws-accounts-audit"));
        assertThat(aws.queryCalls("UpdateAssumeRolePolicy")).singleElement().satisfies(trust -> assertThat(java.net.URLDecoder.decode(
                trust.getBodyAsString(), java.nio.charset.StandardCharsets.UTF_8)).contains("arn:aws:iam::000000000001:role/org-admin-access")
                .doesNotContain(":root"));
    }

    private void createdAtOnce() {
        aws.organizations("ListAccounts", accounts());
        aws.organizations("CreateAccount", createStatus("car-1", "IN_PROGRESS", null, null));
        aws.organizations("DescribeCreateAccountStatus", createStatus("car-1", "SUCCEEDED", ACCOUNT_ID, null));
    }

    @Test
    void theAccountIsMovedToItsUnitUnlessItIsThereAlready() {
        AccountSpec inUnit = new AccountSpec("sample", EMAIL, "bootstrap", "ALLOW", "ou-abcd-12345678", Map.of(), List.of("a@example.gov.uk"));
        aws.organizations("ListAccounts", accounts(ACCOUNT_ID, "sample", EMAIL));
        aws.organizations("ListParents", json("{\"Parents\":[{\"Id\":\"r-abcd\",\"Type\":\"ROOT\"}]}"));
        aws.organizations("MoveAccount", json("{}"));

        provision(inUnit);

        assertThat(aws.organizationsCalls("MoveAccount")).singleElement().satisfies(move -> assertThat(move.getBodyAsString())
                .contains("\"SourceParentId\":\"r-abcd\"").contains("\"DestinationParentId\":\"ou-abcd-12345678\""));
    }

    @Test
    void aUnitThatDoesNotExistFailsTheRequest() {
        AccountSpec inUnit = new AccountSpec("sample", EMAIL, "bootstrap", "ALLOW", "ou-abcd-12345678", Map.of(), List.of("a@example.gov.uk"));
        aws.organizations("ListAccounts", accounts(ACCOUNT_ID, "sample", EMAIL));
        aws.organizations("ListParents", json("{\"Parents\":[{\"Id\":\"r-abcd\",\"Type\":\"ROOT\"}]}"));
        aws.organizations("MoveAccount", jsonError(400, "DestinationParentNotFoundException", "no such parent"));

        assertThatThrownBy(() -> provision(inUnit)).isInstanceOfSatisfying(StepFailed.class, failed -> {
            assertThat(failed.stage()).isEqualTo(ResumableStage.MOVE_ACCOUNT);
            assertThat(failed.retryable()).isFalse();
            assertThat(failed.reason()).contains("DestinationParentNotFoundException");
        });
    }
}
