package uk.gov.gds.awsam.provisioner.client;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.SummaryKeyType;
import software.amazon.awssdk.services.sts.model.Credentials;
import uk.gov.gds.awsam.provisioner.domain.MemberAccounts;

/**
 * Member accounts through STS AssumeRole (from the organisation's credentials) and IAM. A role's session is
 * kept until shortly before it expires and used again: AWS refuses fresh credentials for a moment after
 * AssumeRole (InvalidClientTokenId), so a call retried after that moment must carry the same session, not a newer
 * one that is just as fresh.
 */
public final class AwsMemberAccounts implements MemberAccounts {

    private static final int SESSION_SECONDS = 900;
    /** A session is used while it has at least this long to live. */
    private static final java.time.Duration RENEW_BEFORE = java.time.Duration.ofMinutes(5);

    private final AwsClients clients;
    private final java.util.Map<String, Credentials> sessions = new java.util.concurrent.ConcurrentHashMap<>();

    public AwsMemberAccounts(AwsClients clients) {
        this.clients = clients;
    }

    @Override
    public MemberAccount assume(String accountId, String roleName) {
        String roleArn = "arn:aws:iam::" + accountId + ":role/" + roleName;
        Credentials kept = sessions.get(roleArn);
        Credentials credentials = kept != null && kept.expiration().isAfter(java.time.Instant.now().plus(RENEW_BEFORE)) ? kept
                : AwsErrors.call("AssumeRole " + roleArn, () -> clients.memberSts().assumeRole(b -> b
                        .roleArn(roleArn).roleSessionName(clients.roleSessionName()).durationSeconds(SESSION_SECONDS)).credentials());
        sessions.put(roleArn, credentials);
        IamClient iam = clients.iam(StaticCredentialsProvider.create(AwsSessionCredentials.create(
                credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken())));
        return new Member(accountId, iam);
    }

    /** IAM answers policy documents URL-encoded (RFC 3986); moto answers them as they are. */
    static String decodePolicy(String document) {
        String trimmed = document.strip();
        return trimmed.startsWith("{") ? trimmed : URLDecoder.decode(trimmed.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private record Member(String accountId, IamClient iam) implements MemberAccount {

        @Override
        public Optional<Role> role(String roleName) {
            return AwsErrors.call("GetRole " + roleName + " in " + accountId, () -> {
                try {
                    var role = iam.getRole(b -> b.roleName(roleName)).role();
                    return Optional.of(new Role(role.arn(), decodePolicy(role.assumeRolePolicyDocument())));
                } catch (NoSuchEntityException absent) {
                    return Optional.empty();
                }
            });
        }

        @Override
        public boolean rootMfaEnabled() {
            return AwsErrors.call("GetAccountSummary in " + accountId, () -> {
                Integer enabled = iam.getAccountSummary().summaryMap().get(SummaryKeyType.ACCOUNT_MFA_ENABLED);
                return enabled != null && enabled == 1;
            });
        }

        @Override
        public void updateTrustPolicy(String roleName, String policyDocument) {
            AwsErrors.run("UpdateAssumeRolePolicy " + roleName + " in " + accountId,
                    () -> iam.updateAssumeRolePolicy(b -> b.roleName(roleName).policyDocument(policyDocument)));
        }

        @Override
        public void createRole(String roleName, String trustPolicy, String description) {
            AwsErrors.run("CreateRole " + roleName + " in " + accountId,
                    () -> iam.createRole(b -> b.roleName(roleName).assumeRolePolicyDocument(trustPolicy).description(description)));
        }

        @Override
        public void putRolePolicy(String roleName, String policyName, String policyDocument) {
            AwsErrors.run("PutRolePolicy " + roleName + " " + policyName + " in " + accountId,
                    () -> iam.putRolePolicy(b -> b.roleName(roleName).policyName(policyName).policyDocument(policyDocument)));
        }

        @Override
        public void close() {
            iam.close();
        }
    }
}
