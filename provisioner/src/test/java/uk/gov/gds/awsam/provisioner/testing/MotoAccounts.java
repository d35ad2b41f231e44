package uk.gov.gds.awsam.provisioner.testing;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import org.awaitility.Awaitility;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.organizations.model.CreateAccountState;
import software.amazon.awssdk.services.organizations.model.CreateAccountStatus;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;
import uk.gov.gds.awsam.provisioner.client.ProvisionerPermissions;
import uk.gov.gds.awsam.provisioner.domain.AuditRoles;
import uk.gov.gds.awsam.testsupport.aws.MotoServer;

/**
 * What a test sees of AWS (moto behind the strict layer), as an engineer would in the console: the organisation
 * (from the management account, moto's default account), IAM in gds-users (the same account in the test
 * configuration) and IAM in member accounts, reached as AWS allows: through the bootstrap role while it trusts
 * the management account, and through the provisioner's audit role afterwards. Every call here waits out the
 * layer's propagation windows, as a person would retry.
 */
public final class MotoAccounts {

    public static final String BILLING = MotoServer.DEFAULT_ACCOUNT_ID;
    /** The gds-users account of the test configuration: moto's default account (see application.properties). */
    public static final String GDS_USERS = BILLING;
    public static final String GROUP = "cross-account-access";
    public static final String BOOTSTRAP = "bootstrap";
    public static final String AUDIT = "aws-accounts-audit";
    /** The provisioner's roles of the test configuration, in the management account. */
    public static final String ORG_ADMIN_ACCESS = "arn:aws:iam::" + BILLING + ":role/org-admin-access";
    public static final String PROVISIONER = "arn:aws:iam::" + BILLING + ":role/provisioner";
    /** The name of the provisioner's roles' inline policies. */
    public static final String POLICY = "aws-account-management-provisioner";
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String ANYONE_IN_THE_MANAGEMENT_ACCOUNT = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":\"arn:aws:iam::" + BILLING + ":root\"},\"Action\":\"sts:AssumeRole\"}]}";

    private final MotoServer moto;
    private final URI endpoint;
    private final AwsCredentialsProvider base = StaticCredentialsProvider.create(
            AwsBasicCredentials.create(MotoServer.ACCESS_KEY_ID, MotoServer.SECRET_ACCESS_KEY));

    public MotoAccounts(MotoServer moto) {
        this.moto = moto;
        this.endpoint = moto.endpoint();
    }

    /**
     * A reset AWS with what exists before the system runs: the provisioner's roles in the management account
     * (trusting the account, as its base credentials need, with the policies of {@link ProvisionerPermissions}), the audit role there too, and a fresh organisation.
     * Returns the organisation's root id.
     */
    public String freshOrganisation() {
        moto.reset();
        try (IamClient iam = gdsUsersIam()) {
            iam.createRole(b -> b.roleName("org-admin-access").assumeRolePolicyDocument(ANYONE_IN_THE_MANAGEMENT_ACCOUNT));
            iam.createRole(b -> b.roleName("provisioner").assumeRolePolicyDocument(ANYONE_IN_THE_MANAGEMENT_ACCOUNT));
            // exactly the policies a platform team gives them (the preflight simulates them)
            iam.putRolePolicy(b -> b.roleName("org-admin-access").policyName(POLICY)
                    .policyDocument(ProvisionerPermissions.Role.ORGANIZATIONS.document()));
            iam.putRolePolicy(b -> b.roleName("provisioner").policyName(POLICY).policyDocument(ProvisionerPermissions.Role.GDS_USERS.document()));
        }
        try (IamClient iam = gdsUsersIam()) {
            iam.createRole(b -> b.roleName(AUDIT).assumeRolePolicyDocument(auditTrust()));
            iam.putRolePolicy(b -> b.roleName(AUDIT).policyName(AuditRoles.POLICY_NAME).policyDocument(AuditRoles.PERMISSIONS));
        }
        // a platform team's roles are made long before the provisioner runs: wait until AWS honours the new ones, or
        // the first request after a fresh organisation meets AWS's propagation delay (a warm provisioner is that fast)
        session(base, ORG_ADMIN_ACCESS);
        session(base, PROVISIONER);
        try (OrganizationsClient organizations = organizations()) {
            organizations.createOrganization(b -> b.featureSet("ALL"));
            return organizations.listRoots().roots().get(0).id();
        }
    }

    public static String auditTrust() {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + ORG_ADMIN_ACCESS
                + "\"},\"Action\":\"sts:AssumeRole\"}]}";
    }

    public OrganizationsClient organizations() {
        return OrganizationsClient.builder().endpointOverride(endpoint).region(Region.of(MotoServer.REGION)).credentialsProvider(base)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    /** IAM of gds-users (the management account here), with the base credentials. */
    public IamClient gdsUsersIam() {
        return iamWith(base);
    }

    /** IAM in an account: gds-users with the base credentials, a member account through its bootstrap role. */
    public IamClient iam(String accountId) {
        return GDS_USERS.equals(accountId) ? gdsUsersIam() : iamWith(session(base, "arn:aws:iam::" + accountId + ":role/" + BOOTSTRAP));
    }

    /** IAM in a member account through its audit role, as the provisioner reaches it after hand-over. */
    public IamClient auditIam(String accountId) {
        AwsCredentialsProvider orgAdmin = session(base, ORG_ADMIN_ACCESS);
        return iamWith(session(orgAdmin, "arn:aws:iam::" + accountId + ":role/" + AUDIT));
    }

    public String createOrganisationalUnit(String parentId, String name) {
        try (OrganizationsClient organizations = organizations()) {
            return organizations.createOrganizationalUnit(b -> b.parentId(parentId).name(name)).organizationalUnit().id();
        }
    }

    /** An account made by hand (as an engineer might), with the given role; returns its id once AWS has made it. */
    public String createAccountByHand(String name, String email, String roleName) {
        try (OrganizationsClient organizations = organizations()) {
            String id = organizations.createAccount(b -> b.accountName(name).email(email).roleName(roleName)).createAccountStatus().id();
            return patiently(() -> organizations.describeCreateAccountStatus(b -> b.createAccountRequestId(id)).createAccountStatus(),
                    status -> status.state() == CreateAccountState.SUCCEEDED).accountId();
        }
    }

    public List<Account> accounts() {
        try (OrganizationsClient organizations = organizations()) {
            return organizations.listAccountsPaginator(b -> { }).stream().flatMap(p -> p.accounts().stream()).toList();
        }
    }

    public List<Account> accountsWithEmail(String email) {
        return accounts().stream().filter(a -> a.email().equals(email)).toList();
    }

    public List<CreateAccountStatus> creations() {
        try (OrganizationsClient organizations = organizations()) {
            return organizations.listCreateAccountStatus(b -> { }).createAccountStatuses().stream()
                    .filter(status -> !BILLING.equals(status.accountId())).toList();
        }
    }

    public String parentOf(String accountId) {
        try (OrganizationsClient organizations = organizations()) {
            return organizations.listParents(b -> b.childId(accountId)).parents().get(0).id();
        }
    }

    public java.util.Map<String, String> tags(String accountId) {
        try (OrganizationsClient organizations = organizations()) {
            java.util.Map<String, String> tags = new java.util.LinkedHashMap<>();
            organizations.listTagsForResource(b -> b.resourceId(accountId)).tags().forEach(t -> tags.put(t.key(), t.value()));
            return tags;
        }
    }

    public void createGroup(String accountId, String group) {
        try (IamClient iam = iam(accountId)) {
            iam.createGroup(b -> b.groupName(group));
        }
    }

    public void createUser(String accountId, String userName) {
        try (IamClient iam = iam(accountId)) {
            iam.createUser(b -> b.userName(userName));
        }
    }

    public void deleteUser(String accountId, String userName) {
        try (IamClient iam = iam(accountId)) {
            iam.deleteUser(b -> b.userName(userName));
        }
    }

    public void createRole(String accountId, String roleName, String trustPolicy) {
        try (IamClient iam = iam(accountId)) {
            iam.createRole(b -> b.roleName(roleName).assumeRolePolicyDocument(trustPolicy));
        }
    }

    /** Creates a role in a member account through another role of it that trusts the management account. */
    public void createRoleVia(String accountId, String viaRole, String roleName, String trustPolicy) {
        try (IamClient iam = iamWith(session(base, "arn:aws:iam::" + accountId + ":role/" + viaRole))) {
            iam.createRole(b -> b.roleName(roleName).assumeRolePolicyDocument(trustPolicy));
        }
    }

    /** The trust policy CreateAccount gives its role: the management account. */
    public static String trustingTheManagementAccount() {
        return ANYONE_IN_THE_MANAGEMENT_ACCOUNT;
    }

    /** Gives an account the audit role, as the README tells an engineer to for accounts secured before it existed. */
    public void addAuditRole(String accountId) {
        try (IamClient iam = iam(accountId)) {
            iam.createRole(b -> b.roleName(AUDIT).assumeRolePolicyDocument(auditTrust()));
            iam.putRolePolicy(b -> b.roleName(AUDIT).policyName(AuditRoles.POLICY_NAME).policyDocument(AuditRoles.PERMISSIONS));
        }
    }

    /** Makes a role trust a principal (waiting while a new user is not yet a valid principal, as IAM makes one). */
    public void trust(String accountId, String roleName, String principalArn) {
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + principalArn
                + "\"},\"Action\":\"sts:AssumeRole\"}]}";
        try (IamClient iam = iam(accountId)) {
            patiently(() -> iam.updateAssumeRolePolicy(b -> b.roleName(roleName).policyDocument(policy)), done -> true);
        }
    }

    /** A role's trust policy, read through the audit role (the bootstrap role may trust only the admins by now). */
    public String trustPolicy(String accountId, String roleName) {
        try (IamClient iam = auditIam(accountId)) {
            return decode(patiently(() -> iam.getRole(b -> b.roleName(roleName)).role().assumeRolePolicyDocument(), d -> true));
        }
    }

    public boolean hasRole(String accountId, String roleName) {
        try (IamClient iam = iam(accountId)) {
            return patiently(() -> iam.listRoles().roles().stream().anyMatch(r -> r.roleName().equals(roleName)), found -> true);
        }
    }

    /** As an engineer in the console: root MFA on (or off); AWS shows it after the layer's lag. */
    public void rootMfa(String accountId, boolean enabled) {
        moto.strict().rootMfa(accountId, enabled);
    }

    private IamClient iamWith(AwsCredentialsProvider credentials) {
        return IamClient.builder().endpointOverride(endpoint).region(Region.of(MotoServer.REGION)).credentialsProvider(credentials)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    /** A role's session, once AWS honours it (a new role and fresh credentials each take a moment). */
    private AwsCredentialsProvider session(AwsCredentialsProvider from, String roleArn) {
        try (StsClient sts = StsClient.builder().endpointOverride(endpoint).region(Region.of(MotoServer.REGION)).credentialsProvider(from)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
            Credentials credentials = patiently(() -> sts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("test")).credentials(), c -> true);
            AwsCredentialsProvider session = StaticCredentialsProvider.create(AwsSessionCredentials.create(credentials.accessKeyId(),
                    credentials.secretAccessKey(), credentials.sessionToken()));
            try (StsClient assumed = StsClient.builder().endpointOverride(endpoint).region(Region.of(MotoServer.REGION))
                    .credentialsProvider(session).overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
                patiently(() -> assumed.getCallerIdentity().arn(), arn -> true);
            }
            return session;
        }
    }

    private static <T> T patiently(Supplier<T> call, java.util.function.Predicate<T> done) {
        return Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(call::get, done::test);
    }

    private static String decode(String document) {
        return document.startsWith("{") ? document : java.net.URLDecoder.decode(document, java.nio.charset.StandardCharsets.UTF_8);
    }
}
