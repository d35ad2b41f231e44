package uk.gov.gds.awsam.provisioner.client;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The SDK clients of the provisioner, built once. Production: the default credentials provider chain, then
 * (when configured) the {@code org-admin-access} role of the billing account for Organizations and member
 * accounts, and a role in gds-users for its IAM. Tests and the local run: moto's endpoint and static
 * credentials. The SDK's own retries are off: the domain's back-off is the one retry policy.
 */
public final class AwsClients implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AwsClients.class);

    /**
     * @param accessKeyId with {@code secretAccessKey}: static credentials; absent: the default provider chain
     * @param organizationsRoleArn role for Organizations and for reaching member accounts; absent: base credentials
     * @param gdsUsersRoleArn role for IAM in gds-users; absent: base credentials
     */
    public record Settings(String region, Optional<URI> endpoint, Optional<String> accessKeyId, Optional<String> secretAccessKey,
            Optional<String> organizationsRoleArn, Optional<String> gdsUsersRoleArn, String roleSessionName, Duration apiCallTimeout) {
    }

    private final Settings settings;
    private final SdkHttpClient http;
    private final List<SdkAutoCloseable> closeables = new ArrayList<>();
    private final StsClient baseSts;
    private final OrganizationsClient organizations;
    private final StsClient memberSts;
    private final IamClient gdsUsersIam;
    private final IamClient organizationsIam;
    private final StsClient gdsUsersSts;
    private String ownPrincipalArn;

    public AwsClients(Settings settings) {
        this.settings = settings;
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(10))
                .socketTimeout(settings.apiCallTimeout())
                .build();
        AwsCredentialsProvider base = baseCredentials(settings);
        this.baseSts = keep(configure(StsClient.builder(), base).build());
        AwsCredentialsProvider orgCredentials = settings.organizationsRoleArn().map(arn -> assumed(arn)).orElse(base);
        AwsCredentialsProvider gdsUsersCredentials = settings.gdsUsersRoleArn().map(arn -> assumed(arn)).orElse(base);
        this.organizations = keep(configure(OrganizationsClient.builder(), orgCredentials).build());
        this.memberSts = keep(configure(StsClient.builder(), orgCredentials).build());
        this.gdsUsersIam = keep(configure(IamClient.builder(), gdsUsersCredentials).build());
        this.organizationsIam = keep(configure(IamClient.builder(), orgCredentials).build());
        this.gdsUsersSts = keep(configure(StsClient.builder(), gdsUsersCredentials).build());
        LOG.infof("AWS clients: region %s, endpoint %s, credentials %s, organizations role %s, gds-users role %s", settings.region(),
                settings.endpoint().map(URI::toString).orElse("(AWS)"),
                settings.accessKeyId().isPresent() ? "static" : "default provider chain",
                settings.organizationsRoleArn().orElse("(none)"), settings.gdsUsersRoleArn().orElse("(none)"));
    }

    /** STS with the base credentials: who the provisioner is (readiness). */
    public StsClient baseSts() {
        return baseSts;
    }

    /** Organizations, as the management account. */
    public OrganizationsClient organizations() {
        return organizations;
    }

    /** STS with the organisation's credentials: assumes roles in member accounts. */
    public StsClient memberSts() {
        return memberSts;
    }

    /** IAM of the gds-users account. */
    public IamClient gdsUsersIam() {
        return gdsUsersIam;
    }

    /** IAM of the management account with the organisation's credentials (the preflight's policy simulation). */
    public IamClient organizationsIam() {
        return organizationsIam;
    }

    /** STS with the gds-users credentials: who the provisioner is in gds-users (preflight). */
    public StsClient gdsUsersSts() {
        return gdsUsersSts;
    }

    /** The roles the provisioner assumes with its base credentials, as configured. */
    public Settings settings() {
        return settings;
    }

    /** A new IAM client with other credentials (a member account's assumed role); the caller closes it. */
    public IamClient iam(AwsCredentialsProvider credentials) {
        return configure(IamClient.builder(), credentials).build();
    }

    public String roleSessionName() {
        return settings.roleSessionName();
    }

    /**
     * The principal the provisioner reaches member accounts as, which its audit roles trust: the organisations
     * role when one is configured, else the base identity (an assumed role's session named by its role).
     */
    public synchronized String ownPrincipalArn() {
        if (ownPrincipalArn == null) {
            ownPrincipalArn = settings.organizationsRoleArn().orElseGet(() -> principalOf(
                    AwsErrors.call("GetCallerIdentity", () -> baseSts.getCallerIdentity().arn())));
        }
        return ownPrincipalArn;
    }

    /** {@code arn:aws:sts::1:assumed-role/r/session} is the role {@code arn:aws:iam::1:role/r}; a user is itself. */
    static String principalOf(String callerArn) {
        java.util.regex.Matcher session = java.util.regex.Pattern.compile("arn:([^:]+):sts::(\\d+):assumed-role/([^/]+)/.*").matcher(callerArn);
        if (session.matches()) {
            return "arn:" + session.group(1) + ":iam::" + session.group(2) + ":role/" + session.group(3);
        }
        return callerArn.replaceFirst("^arn:([^:]+):sts::(\\d+):user/", "arn:$1:iam::$2:user/");
    }

    @Override
    public void close() {
        for (SdkAutoCloseable closeable : closeables) {
            closeable.close();
        }
        http.close();
    }

    private AwsCredentialsProvider assumed(String roleArn) {
        return keep(StsAssumeRoleCredentialsProvider.builder()
                .stsClient(baseSts)
                .refreshRequest(request -> request.roleArn(roleArn).roleSessionName(settings.roleSessionName()))
                .build());
    }

    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(B builder, AwsCredentialsProvider credentials) {
        builder.region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .httpClient(http)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(settings.apiCallTimeout()));
        settings.endpoint().ifPresent(builder::endpointOverride);
        return builder;
    }

    private static AwsCredentialsProvider baseCredentials(Settings settings) {
        if (settings.accessKeyId().isPresent() != settings.secretAccessKey().isPresent()) {
            throw new IllegalArgumentException("static AWS credentials need both provisioner.aws.access-key-id and secret-access-key");
        }
        if (settings.accessKeyId().isPresent()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKeyId().get(), settings.secretAccessKey().get()));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    private <T extends SdkAutoCloseable> T keep(T closeable) {
        closeables.add(closeable);
        return closeable;
    }
}
