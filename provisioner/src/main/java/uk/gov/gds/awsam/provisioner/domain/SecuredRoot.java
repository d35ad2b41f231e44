package uk.gov.gds.awsam.provisioner.domain;

import java.util.List;

/**
 * The account's bootstrap role now trusts these gds-users IAM users (with MFA).
 *
 * @param rootMfaVerified true when GetAccountSummary showed root MFA; false when the check is turned off
 * @param missingAdminUserEmails admins of the request with no IAM user in gds-users, left out
 * @param trustPolicyRewritten whether this handling rewrote the trust policy (false: it already was {@code trustPolicy})
 * @param auditRoleArn the read-only role the provisioner keeps in the account after hand-over
 */
public record SecuredRoot(String accountId, String bootstrapRoleArn, List<String> trustedPrincipalArns, boolean rootMfaVerified,
        List<String> missingAdminUserEmails, String trustPolicy, boolean trustPolicyRewritten, String auditRoleArn) {

    public SecuredRoot {
        trustedPrincipalArns = List.copyOf(trustedPrincipalArns);
        missingAdminUserEmails = List.copyOf(missingAdminUserEmails);
    }
}
