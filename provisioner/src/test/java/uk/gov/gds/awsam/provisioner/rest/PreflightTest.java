package uk.gov.gds.awsam.provisioner.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import software.amazon.awssdk.services.iam.IamClient;
import uk.gov.gds.awsam.provisioner.client.ProvisionerPermissions;
import uk.gov.gds.awsam.provisioner.testing.MotoAccounts;
import uk.gov.gds.awsam.provisioner.testing.NotifierKeyResource;
import uk.gov.gds.awsam.testsupport.KafkaTestResource;
import uk.gov.gds.awsam.testsupport.aws.InjectMoto;
import uk.gov.gds.awsam.testsupport.aws.MotoServer;
import uk.gov.gds.awsam.testsupport.aws.MotoTestResource;

/**
 * The preflight against moto behind the strict AWS layer, whose roles have exactly the policies a platform team is
 * given ({@link ProvisionerPermissions}): it passes; a permission taken away, a role that no longer trusts the
 * provisioner, a unit that does not exist, each fail it with a line naming what to change; a role that may not
 * simulate its own policy leaves its permissions not checked, saying why. Every test starts from a fresh AWS.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(MotoTestResource.class)
@WithTestResource(NotifierKeyResource.class)
class PreflightTest {

    private static final String ORG_ADMIN_ACCESS = MotoAccounts.ORG_ADMIN_ACCESS;
    private static final String PROVISIONER = MotoAccounts.PROVISIONER;

    @InjectMoto
    MotoServer moto;

    MotoAccounts aws;
    String unit;

    @BeforeEach
    void freshAws() {
        aws = new MotoAccounts(moto);
        String root = aws.freshOrganisation();
        unit = aws.createOrganisationalUnit(root, "workloads");
        // new roles cannot be assumed for a moment (as in AWS): the preflight passes once they can
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> preflight().statusCode() == 200);
    }

    @Test
    void passesWithThePoliciesThePlatformTeamIsGiven() {
        Response response = preflight();

        assertThat(response.statusCode()).isEqualTo(200);
        List<String> lines = lines(response);
        assertThat(lines.get(0)).isEqualTo("# provisioner");
        assertThat(lines.subList(1, lines.size() - 1)).allSatisfy(line -> assertThat(line).matches("(PASS|CANNOT-CHECK) +aws .*"));
        assertThat(lines).anyMatch(line -> line.startsWith("PASS") && line.contains("the organisations role can be assumed: " + ORG_ADMIN_ACCESS))
                .anyMatch(line -> line.startsWith("PASS") && line.contains("the gds-users role can be assumed: " + PROVISIONER))
                .anyMatch(line -> line.startsWith("PASS") && line.contains("management account " + MotoAccounts.BILLING))
                .anyMatch(line -> line.startsWith("PASS") && line.contains("the organisational unit " + unit + " exists: workloads"))
                .anyMatch(line -> line.startsWith("PASS") && line.contains("role can be assumed and allows iam:GetRole, iam:GetAccountSummary"))
                .anyMatch(line -> line.startsWith("PASS") && line.contains("the organisations role is allowed AccountJourney"))
                .anyMatch(line -> line.startsWith("PASS") && line.contains("the organisations role is allowed MemberAccountRoles (sts:AssumeRole)"))
                .anyMatch(line -> line.startsWith("PASS") && line.contains("the gds-users role is allowed Users"))
                .anyMatch(line -> line.startsWith("PASS") && line.contains("the gds-users role is allowed Groups"))
                // the one thing it cannot see, and why
                .anyMatch(line -> line.startsWith("CANNOT-CHECK") && line.contains("the bootstrap role of a new account")
                        && line.contains("exists only once CreateAccount has made it"));
        assertThat(lines.get(lines.size() - 1)).isEqualTo("provisioner: preflight passed (1 not checked: see above)");

        given().accept("application/json").queryParam("unit", unit).when().post("/preflight").then().statusCode(200);
        assertThat(given().accept("application/json").queryParam("unit", unit).when().post("/preflight").jsonPath()
                .getList("findings.outcome")).containsOnly("PASS", "CANNOT_CHECK");
    }

    @Test
    void aPermissionTakenFromTheOrganisationsRoleFailsNamingTheActionAndTheRole() {
        String without = ProvisionerPermissions.Role.ORGANIZATIONS.document().replace("\"organizations:CreateAccount\",", "");
        assertThat(without).doesNotContain("organizations:CreateAccount\"");
        try (IamClient iam = aws.gdsUsersIam()) {
            iam.putRolePolicy(b -> b.roleName("org-admin-access").policyName(MotoAccounts.POLICY).policyDocument(without));
        }

        Response response = preflight();

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(lines(response)).filteredOn(line -> line.startsWith("FAIL")).containsExactly(
                "FAIL          aws       the organisations role is allowed AccountJourney (organizations:ListAccounts, "
                        + "organizations:ListTagsForResource, organizations:TagResource, organizations:ListCreateAccountStatus, "
                        + "organizations:CreateAccount, organizations:DescribeCreateAccountStatus, organizations:ListParents, "
                        + "organizations:MoveAccount): organizations:CreateAccount (implicitDeny on *) for " + ORG_ADMIN_ACCESS
                        + ": add it to the role's policy (" + ProvisionerPermissions.Role.ORGANIZATIONS.source() + ")");
        assertThat(lines(response).get(lines(response).size() - 1)).isEqualTo("provisioner: preflight FAILED, 1 to fix");
    }

    @Test
    void aDenyInTheGdsUsersRoleFailsNamingTheActionAndAGroupNotAllowedToo() {
        String denying = ProvisionerPermissions.Role.GDS_USERS.document().replaceFirst("\"Statement\": \\[",
                "\"Statement\": [{\"Effect\":\"Deny\",\"Action\":\"iam:Delete*\",\"Resource\":\"arn:aws:iam::*:user/*\"},");
        try (IamClient iam = aws.gdsUsersIam()) {
            iam.putRolePolicy(b -> b.roleName("provisioner").policyName(MotoAccounts.POLICY).policyDocument(denying));
        }

        Response response = preflight();

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(lines(response)).filteredOn(line -> line.startsWith("FAIL")).singleElement().satisfies(line -> assertThat(line)
                .contains("the gds-users role is allowed Users")
                .contains("iam:DeleteLoginProfile (explicitDeny on arn:aws:iam::" + MotoAccounts.GDS_USERS + ":user/preflight-check)")
                .contains("iam:DeleteUser (explicitDeny")
                .doesNotContain("iam:CreateUser (")
                .endsWith(" for " + PROVISIONER + ": add it to the role's policy (" + ProvisionerPermissions.Role.GDS_USERS.source() + ")"));
    }

    @Test
    void aRoleThatNoLongerTrustsTheProvisionerFailsNamingItsArnAndTheFix() {
        try (IamClient iam = aws.gdsUsersIam()) {
            iam.updateAssumeRolePolicy(b -> b.roleName("provisioner").policyDocument(MotoAccounts.auditTrust()));
        }

        Response response = preflight();

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(lines(response)).filteredOn(line -> line.startsWith("FAIL")).containsExactly(
                "FAIL          aws       the gds-users role can be assumed: " + PROVISIONER + " refused to arn:aws:iam::"
                        + MotoAccounts.BILLING + ":user/moto (AccessDenied): check PROVISIONER_AWS_GDS_USERS_ROLE_ARN names the role, "
                        + "and that its trust policy allows that principal sts:AssumeRole");
    }

    @Test
    void aUnitThatDoesNotExistFails() {
        Response response = given().queryParam("unit", "ou-abcd-12345678").when().post("/preflight");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(lines(response)).filteredOn(line -> line.startsWith("FAIL")).singleElement().satisfies(line -> assertThat(line)
                .startsWith("FAIL          aws       the organisational unit ou-abcd-12345678 exists: AWS answered ")
                .endsWith(": create the unit, or correct parent_id in the account files"));
    }

    @Test
    void aRoleThatMayNotSimulateItsPolicyLeavesItsPermissionsNotCheckedAndSaysWhy() {
        String withoutPreflight = ProvisionerPermissions.Role.GDS_USERS.document()
                .replaceAll(",\\s*\\{\\s*\"Sid\": \"Preflight\"[^}]*\\}", "");
        assertThat(withoutPreflight).doesNotContain("SimulatePrincipalPolicy");
        try (IamClient iam = aws.gdsUsersIam()) {
            iam.putRolePolicy(b -> b.roleName("provisioner").policyName(MotoAccounts.POLICY).policyDocument(withoutPreflight));
        }

        Response response = preflight();

        assertThat(response.statusCode()).as("nothing is known to be wrong").isEqualTo(200);
        assertThat(lines(response)).filteredOn(line -> line.startsWith("CANNOT-CHECK") && line.contains("the gds-users role is allowed"))
                .hasSize(4).allSatisfy(line -> assertThat(line).contains(PROVISIONER
                        + " may not call iam:SimulatePrincipalPolicy on itself (AccessDenied): add the Preflight statement of "
                        + ProvisionerPermissions.Role.GDS_USERS.source()));
    }

    private Response preflight() {
        return given().queryParam("unit", unit).when().post("/preflight");
    }

    private static List<String> lines(Response response) {
        return Arrays.asList(response.asString().split("\n"));
    }
}
