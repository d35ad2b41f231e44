package uk.gov.gds.awsam.provisioner.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EvaluationResult;
import software.amazon.awssdk.services.organizations.model.Organization;
import software.amazon.awssdk.services.sts.model.Credentials;
import uk.gov.gds.awsam.contract.AwsErrorCodes;
import uk.gov.gds.awsam.preflight.Finding;
import uk.gov.gds.awsam.provisioner.client.ProvisionerPermissions.Role;
import uk.gov.gds.awsam.provisioner.client.ProvisionerPermissions.Statement;
import uk.gov.gds.awsam.provisioner.domain.AwsCallFailed;
import uk.gov.gds.awsam.retry.Backoff;

/**
 * The provisioner's preflight of AWS, with its real configuration and credentials: its credentials and each role it
 * assumes; the organisation, its management account, the units asked about and gds-users' membership; the audit role
 * of the management account; and, by {@code iam:SimulatePrincipalPolicy} on each role, every action the journeys
 * call ({@link ProvisionerPermissions}). Reads only: nothing is created, tagged or moved. Each call has the API call
 * timeout; a session AWS does not know yet (just assumed) or throttling is retried for a few seconds; every failure
 * becomes a finding saying what to change, with AWS's error code and never a credential.
 */
public final class AwsPreflight {

    static final String SYSTEM = "aws";
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final Backoff PATIENTLY = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(1));
    private static final String EXAMPLE_NAME = "preflight-check";

    /** What the checks need to know besides the clients. */
    public record Settings(String gdsUsersAccountId, String bootstrapRoleName, String auditRoleName, Optional<String> trustScanRoleName,
            List<String> groups) {
    }

    private final AwsClients clients;
    private final Settings settings;

    public AwsPreflight(AwsClients clients, Settings settings) {
        this.clients = clients;
        this.settings = settings;
    }

    /** Every check, in order; {@code unitIds}: organisational units new accounts go to (from the account files). */
    public List<Finding> check(List<String> unitIds) {
        List<Finding> findings = new ArrayList<>();
        String baseArn;
        try {
            baseArn = patiently("GetCallerIdentity", () -> clients.baseSts().getCallerIdentity().arn());
            findings.add(Finding.pass(SYSTEM, "the provisioner's credentials work (sts:GetCallerIdentity)", "as " + baseArn));
        } catch (AwsCallFailed e) {
            findings.add(Finding.fail(SYSTEM, "the provisioner's credentials work (sts:GetCallerIdentity)", "AWS refused them (" + e.code()
                    + "): give the provisioner valid credentials (default provider chain: the pod's or instance's role; locally "
                    + "PROVISIONER_AWS_ACCESS_KEY_ID and PROVISIONER_AWS_SECRET_ACCESS_KEY)"));
            return findings;
        }
        AwsClients.Settings aws = clients.settings();
        boolean organizationsRole = assumable(findings, Role.ORGANIZATIONS, aws.organizationsRoleArn(), baseArn,
                "PROVISIONER_AWS_ORGANIZATIONS_ROLE_ARN");
        boolean gdsUsersRole = assumable(findings, Role.GDS_USERS, aws.gdsUsersRoleArn(), baseArn, "PROVISIONER_AWS_GDS_USERS_ROLE_ARN");
        String organizationsPrincipal = aws.organizationsRoleArn().orElse(AwsClients.principalOf(baseArn));
        if (organizationsRole) {
            Optional<String> management = organisation(findings, organizationsPrincipal);
            units(findings, unitIds);
            gdsUsersMember(findings);
            management.ifPresent(account -> auditRole(findings, account));
            simulate(findings, Role.ORGANIZATIONS, organizationsPrincipal, clients.organizationsIam(),
                    management.orElse(accountOf(organizationsPrincipal)));
        }
        if (gdsUsersRole) {
            String gdsUsersPrincipal = gdsUsersIdentity(findings, aws.gdsUsersRoleArn(), baseArn);
            if (gdsUsersPrincipal != null) {
                simulate(findings, Role.GDS_USERS, gdsUsersPrincipal, clients.gdsUsersIam(), settings.gdsUsersAccountId());
            }
        }
        findings.add(Finding.cannotCheck(SYSTEM, "the " + settings.bootstrapRoleName() + " role of a new account allows "
                + String.join(", ", ProvisionerPermissions.BOOTSTRAP_ROLE_ACTIONS),
                "that role exists only once CreateAccount has made it (with AdministratorAccess, trusting the management account); "
                        + "the first account request proves it (ACCOUNT_READINESS, AUDIT_ROLE, SECURE_ROOT)"));
        return findings;
    }

    private boolean assumable(List<Finding> findings, Role role, Optional<String> roleArn, String baseArn, String setting) {
        String check = "the " + role.words() + " can be assumed";
        if (roleArn.isEmpty()) {
            findings.add(Finding.pass(SYSTEM, check, "none configured (" + setting + "): the base credentials act as the " + role.words()));
            return true;
        }
        try {
            patiently("AssumeRole " + roleArn.get(), () -> clients.baseSts().assumeRole(b -> b.roleArn(roleArn.get())
                    .roleSessionName(clients.roleSessionName() + "-preflight").durationSeconds(900)).credentials());
            findings.add(Finding.pass(SYSTEM, check, roleArn.get()));
            return true;
        } catch (AwsCallFailed e) {
            findings.add(Finding.fail(SYSTEM, check, roleArn.get() + " refused to " + AwsClients.principalOf(baseArn) + " (" + e.code()
                    + "): check " + setting + " names the role, and that its trust policy allows that principal sts:AssumeRole"));
            return false;
        }
    }

    private Optional<String> organisation(List<Finding> findings, String principal) {
        String check = "the organisation exists and the " + Role.ORGANIZATIONS.words() + " is in its management account";
        try {
            Organization organization = patiently("DescribeOrganization",
                    () -> clients.organizations().describeOrganization().organization());
            String own = accountOf(principal);
            if (!organization.masterAccountId().equals(own)) {
                findings.add(Finding.fail(SYSTEM, check, principal + " is in account " + own + ", the management account of "
                        + organization.id() + " is " + organization.masterAccountId()
                        + ": use a role in the management account (PROVISIONER_AWS_ORGANIZATIONS_ROLE_ARN)"));
            } else {
                findings.add(Finding.pass(SYSTEM, check, organization.id() + ", management account " + organization.masterAccountId()));
            }
            return Optional.of(organization.masterAccountId());
        } catch (AwsCallFailed e) {
            findings.add(Finding.fail(SYSTEM, check, e.code().startsWith("AWSOrganizationsNotInUse")
                    ? "account " + accountOf(principal) + " is in no organisation: use a role in the management account"
                    : denied(e, "organizations:DescribeOrganization", Role.ORGANIZATIONS, principal)));
            return Optional.empty();
        }
    }

    private void units(List<Finding> findings, List<String> unitIds) {
        if (unitIds.isEmpty()) {
            findings.add(Finding.cannotCheck(SYSTEM, "the organisational units new accounts go to exist",
                    "each account file names its unit (parent_id), the configuration none: ask POST /preflight?unit=ou-... to check one"));
        }
        for (String unit : unitIds) {
            String check = "the organisational unit " + unit + " exists";
            try {
                String name = patiently("DescribeOrganizationalUnit " + unit, () -> clients.organizations()
                        .describeOrganizationalUnit(b -> b.organizationalUnitId(unit)).organizationalUnit().name());
                findings.add(Finding.pass(SYSTEM, check, name));
            } catch (AwsCallFailed e) {
                findings.add(Finding.fail(SYSTEM, check, e.kind() == AwsErrorCodes.Kind.ACCESS_DENIED
                        ? denied(e, "organizations:DescribeOrganizationalUnit", Role.ORGANIZATIONS, "the organisations role")
                        : "AWS answered " + e.code() + ": create the unit, or correct parent_id in the account files"));
            }
        }
    }

    private void gdsUsersMember(List<Finding> findings) {
        String account = settings.gdsUsersAccountId();
        String check = "gds-users (" + account + ") is a member of the organisation";
        try {
            String status = patiently("DescribeAccount " + account, () -> {
                var found = clients.organizations().describeAccount(b -> b.accountId(account)).account();
                return found.stateAsString() != null ? found.stateAsString() : found.statusAsString();
            });
            findings.add("ACTIVE".equals(status) ? Finding.pass(SYSTEM, check, status)
                    : Finding.fail(SYSTEM, check, "it is " + status + ": PROVISIONER_AWS_GDS_USERS_ACCOUNT_ID must name an active account"));
        } catch (AwsCallFailed e) {
            findings.add(Finding.fail(SYSTEM, check, e.kind() == AwsErrorCodes.Kind.ACCESS_DENIED
                    ? denied(e, "organizations:DescribeAccount", Role.ORGANIZATIONS, "the organisations role")
                    : "AWS answered " + e.code() + ": correct PROVISIONER_AWS_GDS_USERS_ACCOUNT_ID"));
        }
    }

    /** The management account is scanned for trust policies naming a removed user, through its audit role. */
    private void auditRole(List<Finding> findings, String managementAccount) {
        String roleName = settings.trustScanRoleName().orElse(settings.auditRoleName());
        String roleArn = "arn:aws:iam::" + managementAccount + ":role/" + roleName;
        String check = "the management account's " + roleName + " role can be assumed and allows " + String.join(", ",
                ProvisionerPermissions.AUDIT_ROLE_ACTIONS);
        Credentials session;
        try {
            session = patiently("AssumeRole " + roleArn, () -> clients.memberSts().assumeRole(b -> b.roleArn(roleArn)
                    .roleSessionName(clients.roleSessionName() + "-preflight").durationSeconds(900)).credentials());
        } catch (AwsCallFailed e) {
            findings.add(Finding.fail(SYSTEM, check, roleArn + " refused to " + clients.ownPrincipalArn() + " (" + e.code()
                    + "): create it in the management account trusting that principal, as provisioner/README.md shows "
                    + "(Trust policy and the audit role)"));
            return;
        }
        try (IamClient iam = clients.iam(StaticCredentialsProvider.create(AwsSessionCredentials.create(session.accessKeyId(),
                session.secretAccessKey(), session.sessionToken())))) {
            String action = "iam:GetRole";
            try {
                patiently("GetRole " + roleName, () -> iam.getRole(b -> b.roleName(roleName)).role().arn());
                action = "iam:GetAccountSummary";
                patiently("GetAccountSummary", () -> iam.getAccountSummary().summaryMapAsStrings());
                findings.add(Finding.pass(SYSTEM, check, roleArn));
            } catch (AwsCallFailed e) {
                findings.add(Finding.fail(SYSTEM, check, action + " through " + roleArn + " refused (" + e.code()
                        + "): add it to the role's policy (" + ProvisionerPermissions.AUDIT_ROLE_ACTIONS + ")"));
            }
        }
    }

    private String gdsUsersIdentity(List<Finding> findings, Optional<String> roleArn, String baseArn) {
        String check = "the gds-users identity is in gds-users (" + settings.gdsUsersAccountId() + ")";
        try {
            String arn = roleArn.isPresent() ? patiently("GetCallerIdentity as " + roleArn.get(),
                    () -> clients.gdsUsersSts().getCallerIdentity().arn()) : baseArn;
            String principal = roleArn.orElse(AwsClients.principalOf(arn));
            if (!accountOf(principal).equals(settings.gdsUsersAccountId())) {
                findings.add(Finding.fail(SYSTEM, check, principal + " is in account " + accountOf(principal)
                        + ": use a role in gds-users (PROVISIONER_AWS_GDS_USERS_ROLE_ARN) or correct PROVISIONER_AWS_GDS_USERS_ACCOUNT_ID"));
                return null;
            }
            findings.add(Finding.pass(SYSTEM, check, principal));
            return principal;
        } catch (AwsCallFailed e) {
            findings.add(Finding.fail(SYSTEM, check, "its session is refused (" + e.code() + "): check PROVISIONER_AWS_GDS_USERS_ROLE_ARN"));
            return null;
        }
    }

    /** One simulation per statement of the role's policy, against the resources the journeys use. */
    private void simulate(List<Finding> findings, Role role, String principal, IamClient iam, String account) {
        for (Statement statement : role.statements()) {
            List<String> resources = resources(statement, account);
            String check = "the " + role.words() + " is allowed " + statement.sid() + " (" + String.join(", ", statement.actions()) + ")";
            List<EvaluationResult> results;
            try {
                results = patiently("SimulatePrincipalPolicy " + principal, () -> iam.simulatePrincipalPolicyPaginator(b -> {
                    b.policySourceArn(principal).actionNames(statement.actions());
                    if (!resources.equals(List.of("*"))) {
                        b.resourceArns(resources);
                    }
                }).evaluationResults().stream().toList());
            } catch (AwsCallFailed e) {
                findings.add(Finding.cannotCheck(SYSTEM, check, e.kind() == AwsErrorCodes.Kind.ACCESS_DENIED
                        ? principal + " may not call iam:SimulatePrincipalPolicy on itself (" + e.code() + "): add the Preflight "
                                + "statement of " + role.source() + " to let the preflight check, or check these by hand"
                        : "iam:SimulatePrincipalPolicy answered " + e.code() + ": check these by hand"));
                continue;
            }
            List<String> refused = new ArrayList<>();
            for (EvaluationResult result : results) {
                if (!"allowed".equals(result.evalDecisionAsString())) {
                    Set<String> on = new LinkedHashSet<>();
                    result.resourceSpecificResults().stream().filter(r -> !"allowed".equals(r.evalResourceDecisionAsString()))
                            .forEach(r -> on.add(r.evalResourceName()));
                    if (on.isEmpty()) {
                        on.add(result.evalResourceName());
                    }
                    refused.add(result.evalActionName() + " (" + result.evalDecisionAsString() + " on " + String.join(", ", on) + ")");
                }
            }
            if (refused.isEmpty()) {
                findings.add(Finding.pass(SYSTEM, check, "allowed to " + principal));
            } else {
                findings.add(Finding.fail(SYSTEM, check, String.join("; ", refused) + " for " + principal
                        + ": add it to the role's policy (" + role.source() + ")"));
            }
        }
    }

    /** The resources a statement's actions are used on: the configured roles and groups, an example user. */
    private List<String> resources(Statement statement, String account) {
        if (statement.actions().equals(List.of("sts:AssumeRole"))) {
            Set<String> roles = new LinkedHashSet<>();
            roles.add(settings.bootstrapRoleName());
            roles.add(settings.auditRoleName());
            settings.trustScanRoleName().ifPresent(roles::add);
            return roles.stream().map(name -> "arn:aws:iam::" + account + ":role/" + name).toList();
        }
        List<String> resources = new ArrayList<>();
        for (String resource : statement.resources()) {
            String here = resource.replace(":iam::*:", ":iam::" + account + ":");
            if (here.endsWith(":group/*")) {
                settings.groups().forEach(group -> resources.add(here.substring(0, here.length() - 1) + group));
            } else {
                resources.add(here.endsWith("/*") ? here.substring(0, here.length() - 1) + EXAMPLE_NAME : here);
            }
        }
        return resources;
    }

    private static String denied(AwsCallFailed e, String action, Role role, String principal) {
        return e.kind() == AwsErrorCodes.Kind.ACCESS_DENIED
                ? action + " refused to " + principal + " (" + e.code() + "): add it to the role's policy (" + role.source() + ")"
                : action + " failed (" + e.code() + ")";
    }

    private static String accountOf(String arn) {
        String[] parts = arn.split(":");
        return parts.length > 4 ? parts[4] : "";
    }

    /** One read, retried while AWS does not know a fresh session yet, throttles or fails transiently. */
    private static <T> T patiently(String operation, Supplier<T> call) {
        return PATIENTLY.retry(e -> e instanceof AwsCallFailed failed && failed.disposition() == AwsCallFailed.Disposition.RETRY, 0,
                Instant.now().plus(PATIENCE), Clock.systemUTC(), () -> AwsErrors.call(operation, call));
    }
}
