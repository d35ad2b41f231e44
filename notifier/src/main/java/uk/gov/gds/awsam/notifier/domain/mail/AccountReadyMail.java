package uk.gov.gds.awsam.notifier.domain.mail;

import java.util.List;

import uk.gov.gds.awsam.notifier.domain.Request;

/**
 * A new account is ready: how the recipient signs in to gds-users and switches to its bootstrap role, in the
 * console and on the command line.
 *
 * @param trusted         whether the bootstrap role trusts the recipient
 * @param missing         whether the recipient is an admin left out because they have no gds-users IAM user
 * @param trustedUsers    the gds-users IAM user names the bootstrap role trusts
 * @param missingAdmins   admins left out of the trust policy because they have no gds-users IAM user
 * @param cliProfileName  the AWS CLI profile name suggested for the bootstrap role
 * @param mfaSerialPrefix the ARN of the recipient's MFA device up to its name's suffix (names start with the user name)
 */
public record AccountReadyMail(Request request, String recipient, String accountId, String accountName, String roleName,
        String roleArn, boolean trusted, boolean missing, List<String> trustedUsers, List<String> missingAdmins,
        String signInUrl, String switchRoleUrl, String cliProfileName, String mfaSerialPrefix, String accountsGuideUrl,
        String statusUrl) {
}
