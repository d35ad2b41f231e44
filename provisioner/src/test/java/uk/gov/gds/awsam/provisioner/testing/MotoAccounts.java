package uk.gov.gds.awsam.provisioner.testing;

import java.net.URI;
import java.util.List;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;
import uk.gov.gds.awsam.testsupport.aws.MotoServer;

/**
 * What a test sees of moto, as an engineer would in the console: the organisation (from the management
 * account, moto's default account) and IAM in any account (by assuming a role into it, which moto allows).
 */
public final class MotoAccounts {

    public static final String BILLING = MotoServer.DEFAULT_ACCOUNT_ID;
    /** The gds-users account of the test configuration: moto's default account (see application.properties). */
    public static final String GDS_USERS = BILLING;
    public static final String GROUP = "cross-account-access";
    public static final String BOOTSTRAP = "bootstrap";

    private final URI endpoint;
    private final AwsCredentialsProvider base = StaticCredentialsProvider.create(
            AwsBasicCredentials.create(MotoServer.ACCESS_KEY_ID, MotoServer.SECRET_ACCESS_KEY));

    public MotoAccounts(MotoServer moto) {
        this.endpoint = moto.endpoint();
    }

    public OrganizationsClient organizations() {
        return OrganizationsClient.builder().endpointOverride(endpoint).region(Region.of(MotoServer.REGION)).credentialsProvider(base).build();
    }

    /** IAM in an account, through a role assumed into it. */
    public IamClient iam(String accountId) {
        try (StsClient sts = StsClient.builder().endpointOverride(endpoint).region(Region.of(MotoServer.REGION)).credentialsProvider(base).build()) {
            Credentials credentials = sts.assumeRole(b -> b.roleArn("arn:aws:iam::" + accountId + ":role/test").roleSessionName("test"))
                    .credentials();
            return IamClient.builder().endpointOverride(endpoint).region(Region.of(MotoServer.REGION))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(credentials.accessKeyId(),
                            credentials.secretAccessKey(), credentials.sessionToken())))
                    .build();
        }
    }

    /** A fresh organisation with the billing account as its management account; returns the root id. */
    public String createOrganisation() {
        try (OrganizationsClient organizations = organizations()) {
            organizations.createOrganization(b -> b.featureSet("ALL"));
            return organizations.listRoots().roots().get(0).id();
        }
    }

    public String createOrganisationalUnit(String parentId, String name) {
        try (OrganizationsClient organizations = organizations()) {
            return organizations.createOrganizationalUnit(b -> b.parentId(parentId).name(name)).organizationalUnit().id();
        }
    }

    /** An account made by hand (as an engineer might), with the given role; returns its id. */
    public String createAccountByHand(String name, String email, String roleName) {
        try (OrganizationsClient organizations = organizations()) {
            return organizations.createAccount(b -> b.accountName(name).email(email).roleName(roleName)).createAccountStatus().accountId();
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

    public String parentOf(String accountId) {
        try (OrganizationsClient organizations = organizations()) {
            return organizations.listParents(b -> b.childId(accountId)).parents().get(0).id();
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

    public void createRole(String accountId, String roleName, String trustPolicy) {
        try (IamClient iam = iam(accountId)) {
            iam.createRole(b -> b.roleName(roleName).assumeRolePolicyDocument(trustPolicy));
        }
    }

    public String trustPolicy(String accountId, String roleName) {
        try (IamClient iam = iam(accountId)) {
            String document = iam.getRole(b -> b.roleName(roleName)).role().assumeRolePolicyDocument();
            return document.startsWith("{") ? document : java.net.URLDecoder.decode(document, java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
