package uk.gov.gds.awsam.e2e;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.User;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;
import uk.gov.gds.awsam.testsupport.aws.StrictAws;

/**
 * AWS as the local run's moto (behind the strict AWS layer) holds it, read as an auditor would: through the
 * organisation's org-admin-access role and each account's audit role, since the strict layer enforces trust
 * policies and the bootstrap role trusts only the admins after hand-over.
 */
final class Moto implements AutoCloseable {

    private static final StaticCredentialsProvider TESTING =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));

    /** The management (and gds-users) account of the local run: moto's default account. */
    static final String MANAGEMENT = "123456789012";

    private final URI endpoint;
    private final java.util.Map<String, StaticCredentialsProvider> sessions = new java.util.concurrent.ConcurrentHashMap<>();
    private final IamClient iam;
    private final OrganizationsClient organizations;
    private final StsClient sts;

    Moto(String endpoint) {
        this.endpoint = URI.create(endpoint);
        this.iam = IamClient.builder().endpointOverride(this.endpoint).region(Region.AWS_GLOBAL).credentialsProvider(TESTING)
                .httpClient(UrlConnectionHttpClient.create()).build();
        this.organizations = OrganizationsClient.builder().endpointOverride(this.endpoint).region(Region.US_EAST_1)
                .credentialsProvider(TESTING).httpClient(UrlConnectionHttpClient.create()).build();
        this.sts = StsClient.builder().endpointOverride(this.endpoint).region(Region.US_EAST_1).credentialsProvider(TESTING)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** gds-users (moto's default account) */
    IamClient gdsUsers() {
        return iam;
    }

    Optional<User> user(String name) {
        try {
            return Optional.of(iam.getUser(b -> b.userName(name)).user());
        } catch (NoSuchEntityException absent) {
            return Optional.empty();
        }
    }

    List<String> groupsOf(String user) {
        return iam.listGroupsForUser(b -> b.userName(user)).groups().stream().map(g -> g.groupName()).toList();
    }

    boolean hasLoginProfile(String user) {
        try {
            iam.getLoginProfile(b -> b.userName(user));
            return true;
        } catch (NoSuchEntityException absent) {
            return false;
        }
    }

    List<Account> accounts() {
        return organizations.listAccountsPaginator(b -> { }).stream().flatMap(page -> page.accounts().stream()).toList();
    }

    List<Account> accountsNamed(String name) {
        return accounts().stream().filter(a -> a.name().equals(name)).toList();
    }

    /**
     * An account made by hand, before this system (no request of its own): created in the organisation as an
     * engineer would, waited for until AWS has made it (the strict layer keeps it IN_PROGRESS: 90 s in the production-like profile). Its id.
     */
    String accountMadeByHand(String name) {
        String createId = organizations.createAccount(b -> b.accountName(name).email(name + "@by-hand.example.gov.uk"))
                .createAccountStatus().id();
        return org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(3)).until(
                () -> organizations.describeCreateAccountStatus(b -> b.createAccountRequestId(createId)).createAccountStatus(),
                status -> status.stateAsString().equals("SUCCEEDED")).accountId();
    }

    /** The account as Organizations describes it (its status: ACTIVE, PENDING_CLOSURE, SUSPENDED). */
    Account account(String accountId) {
        return organizations.describeAccount(b -> b.accountId(accountId)).account();
    }

    List<String> parentsOf(String accountId) {
        return organizations.listParents(b -> b.childId(accountId)).parents().stream().map(p -> p.id()).toList();
    }

    /**
     * The trust policy of a role in an account, read through org-admin-access and the account's audit role (as the
     * management side can after hand-over); throws while a new role or session has not propagated (callers poll).
     */
    String trustPolicy(String accountId, String roleName) {
        // sessions are kept: AWS refuses fresh credentials for a moment, so a retry must carry the same, older, one
        StaticCredentialsProvider orgAdmin = sessions.computeIfAbsent("org-admin-access",
                k -> session(sts, "arn:aws:iam::" + MANAGEMENT + ":role/org-admin-access"));
        StaticCredentialsProvider audit = sessions.computeIfAbsent(accountId, k -> {
            try (StsClient asOrgAdmin = StsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(orgAdmin)
                    .httpClient(UrlConnectionHttpClient.create()).build()) {
                return session(asOrgAdmin, "arn:aws:iam::" + accountId + ":role/aws-accounts-audit");
            }
        });
        try (IamClient inAccount = IamClient.builder().endpointOverride(endpoint).region(Region.AWS_GLOBAL)
                .httpClient(UrlConnectionHttpClient.create()).credentialsProvider(audit).build()) {
            String document = inAccount.getRole(b -> b.roleName(roleName)).role().assumeRolePolicyDocument();
            return document.startsWith("{") ? document : java.net.URLDecoder.decode(document, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /**
     * What the requesters must do after hand-over, done as one of the admins would: with an access key of their
     * gds-users IAM user and their MFA device, assume the account's bootstrap role (its trust policy names them with
     * aws:MultiFactorAuthPresent, which the strict layer enforces), make a properly named admin role trusting them
     * with MFA, then delete bootstrap (its policies first: IAM refuses DeleteRole while any is attached). Polled through
     * AWS's moments of refusing fresh keys and sessions.
     */
    void replaceBootstrapRole(String accountId, String admin, String adminRoleName) {
        var key = iam.createAccessKey(b -> b.userName(admin)).accessKey();
        var asAdmin = StaticCredentialsProvider.create(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));
        StaticCredentialsProvider bootstrap;
        try (StsClient stsAsAdmin = StsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(asAdmin)
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            Credentials credentials = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(1)).ignoreExceptions()
                    .until(() -> stsAsAdmin.assumeRole(b -> b.roleArn("arn:aws:iam::" + accountId + ":role/bootstrap")
                            .roleSessionName("replacing-bootstrap")
                            .serialNumber("arn:aws:iam::" + MANAGEMENT + ":mfa/" + admin).tokenCode("123456")).credentials(),
                            java.util.Objects::nonNull);
            bootstrap = StaticCredentialsProvider.create(AwsSessionCredentials.create(credentials.accessKeyId(),
                    credentials.secretAccessKey(), credentials.sessionToken()));
        }
        String trust = """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:user/%s"},\
                "Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}""".formatted(MANAGEMENT, admin);
        try (IamClient inAccount = IamClient.builder().endpointOverride(endpoint).region(Region.AWS_GLOBAL)
                .httpClient(UrlConnectionHttpClient.create()).credentialsProvider(bootstrap).build()) {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(1)).ignoreExceptions()
                    .until(() -> inAccount.createRole(b -> b.roleName(adminRoleName).assumeRolePolicyDocument(trust)) != null);
            inAccount.putRolePolicy(b -> b.roleName(adminRoleName).policyName("administrator")
                    .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"));
            inAccount.listAttachedRolePolicies(b -> b.roleName("bootstrap")).attachedPolicies()
                    .forEach(p -> inAccount.detachRolePolicy(b -> b.roleName("bootstrap").policyArn(p.policyArn())));
            inAccount.listRolePolicies(b -> b.roleName("bootstrap")).policyNames()
                    .forEach(p -> inAccount.deleteRolePolicy(b -> b.roleName("bootstrap").policyName(p)));
            inAccount.deleteRole(b -> b.roleName("bootstrap"));
        }
    }

    /** As the engineer in the console: root MFA enabled on the account (GetAccountSummary shows it after the lag). */
    void enableRootMfa(String accountId) {
        StrictAws.at(endpoint).rootMfa(accountId, true);
    }

    /** The strict layer's switches in force. */
    java.util.Map<String, Object> strictConfig() {
        return StrictAws.at(endpoint).config();
    }

    /** How often the strict layer refused or changed an answer, by behaviour: proof the run met AWS as it is. */
    java.util.Map<String, Integer> strictInterventions() {
        return StrictAws.at(endpoint).interventions();
    }

    private static StaticCredentialsProvider session(StsClient sts, String roleArn) {
        Credentials credentials = sts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("e2e-audit")).credentials();
        return StaticCredentialsProvider.create(AwsSessionCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey(),
                credentials.sessionToken()));
    }

    @Override
    public void close() {
        iam.close();
        organizations.close();
        sts.close();
    }
}
