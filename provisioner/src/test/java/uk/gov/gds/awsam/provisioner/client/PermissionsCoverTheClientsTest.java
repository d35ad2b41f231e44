package uk.gov.gds.awsam.provisioner.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.provisioner.client.ProvisionerPermissions.Role;

/**
 * Every AWS operation the clients call is one the provisioner's policies list ({@link ProvisionerPermissions}), read
 * from the clients' source: a call on the SDK client of a journey ({@code organizations.x(}, {@code iam.x(},
 * {@code memberSts().assumeRole(}) is the action {@code service:X} ({@code Paginator} dropped). A new call without
 * its permission fails here, before a platform team finds it in production.
 */
class PermissionsCoverTheClientsTest {

    private static final Path CLIENTS = Path.of("src/main/java/uk/gov/gds/awsam/provisioner/client");
    private static final Pattern CALL = Pattern.compile("\\b(organizations(?:\\(\\))?|iam|memberSts\\(\\))\\.([a-z][A-Za-z]*)\\(");
    /** Calls on the SDK client objects that are not AWS operations. */
    private static final Set<String> NOT_OPERATIONS = Set.of("close");
    /** Operations that need no permission: sts:GetCallerIdentity. */
    private static final Set<String> NO_PERMISSION = Set.of("sts:GetCallerIdentity");

    @Test
    void theOrganisationsRolesPolicyListsEveryOrganizationsCallAndTheAssumeRoles() throws IOException {
        assertThat(calls("AwsOrganizations.java", "organizations")).isNotEmpty().allSatisfy(action ->
                assertThat(Role.ORGANIZATIONS.actions()).as(Role.ORGANIZATIONS.source()).contains(action));
        assertThat(calls("AwsMemberAccounts.java", "sts")).contains("sts:AssumeRole").allSatisfy(action ->
                assertThat(Role.ORGANIZATIONS.actions()).as(Role.ORGANIZATIONS.source()).contains(action));
        // CreateAccount is called with tags: AWS authorises TagResource too
        assertThat(Role.ORGANIZATIONS.actions()).contains("organizations:TagResource");
    }

    @Test
    void theGdsUsersRolesPolicyListsEveryIamCallInGdsUsers() throws IOException {
        assertThat(calls("AwsGdsUsers.java", "iam")).hasSizeGreaterThan(20).allSatisfy(action ->
                assertThat(Role.GDS_USERS.actions()).as(Role.GDS_USERS.source()).contains(action));
        // CreateUser is called with tags: IAM authorises TagUser too
        assertThat(Role.GDS_USERS.actions()).contains("iam:TagUser");
    }

    @Test
    void theMemberAccountCallsAreWhatTheBootstrapAndAuditRolesAllow() throws IOException {
        assertThat(calls("AwsMemberAccounts.java", "iam")).isNotEmpty()
                .allSatisfy(action -> assertThat(ProvisionerPermissions.BOOTSTRAP_ROLE_ACTIONS).contains(action));
        assertThat(ProvisionerPermissions.BOOTSTRAP_ROLE_ACTIONS).containsAll(ProvisionerPermissions.AUDIT_ROLE_ACTIONS);
        assertThat(uk.gov.gds.awsam.provisioner.domain.AuditRoles.PERMISSIONS)
                .contains(ProvisionerPermissions.AUDIT_ROLE_ACTIONS.stream().map(a -> "\"" + a + "\"").toArray(String[]::new));
    }

    @Test
    void thePreflightsOwnCallsAreListedToo() throws IOException {
        List<String> all = new ArrayList<>(Role.ORGANIZATIONS.actions());
        all.addAll(Role.GDS_USERS.actions());
        all.addAll(ProvisionerPermissions.AUDIT_ROLE_ACTIONS);
        assertThat(calls("AwsPreflight.java", "organizations")).contains("organizations:DescribeOrganization").allSatisfy(action -> assertThat(Role.ORGANIZATIONS.actions()).contains(action));
        assertThat(calls("AwsPreflight.java", "iam")).contains("iam:SimulatePrincipalPolicy").allSatisfy(action -> assertThat(all).contains(action));
        assertThat(Role.GDS_USERS.actions()).contains("iam:SimulatePrincipalPolicy");
    }

    @Test
    void theScanSeesTheCallsItMustCover() throws IOException {
        assertThat(calls("AwsGdsUsers.java", "iam")).contains("iam:ListMFADevices", "iam:DeleteUser", "iam:ListServiceSpecificCredentials");
        assertThat(calls("AwsOrganizations.java", "organizations")).contains("organizations:ListAccounts", "organizations:CreateAccount",
                "organizations:MoveAccount", "organizations:ListCreateAccountStatus");
    }

    /** The actions a client class's calls need, named as IAM names them, with {@code service} as the prefix. */
    private static Set<String> calls(String file, String service) throws IOException {
        String source = Files.readString(CLIENTS.resolve(file));
        Set<String> actions = new TreeSet<>();
        Matcher call = CALL.matcher(source);
        while (call.find()) {
            String receiver = call.group(1);
            String method = call.group(2);
            boolean ofService = switch (service) {
                case "sts" -> receiver.equals("memberSts()");
                default -> receiver.replace("()", "").equals(service);
            };
            if (!ofService || NOT_OPERATIONS.contains(method)) {
                continue;
            }
            String operation = method.replaceFirst("Paginator$", "");
            String action = service + ":" + Character.toUpperCase(operation.charAt(0)) + operation.substring(1);
            if (!NO_PERMISSION.contains(action)) {
                actions.add(action);
            }
        }
        return actions;
    }
}
