package uk.gov.gds.awsam.notifier.domain.mail;

import java.util.List;

import uk.gov.gds.awsam.notifier.domain.InitialPassword;

/**
 * A new gds-users IAM user: how to sign in, the initial password (null when an existing password was kept),
 * the rules, and the command-line tooling.
 */
public record UserWelcomeMail(String userName, String signInUrl, String gdsUsersAccountId, List<String> groups,
        InitialPassword password, int minimumPasswordLength, int maximumMfaDevices, String cliToolingUrl,
        String accountsGuideUrl) {

    public boolean hasPassword() {
        return password != null;
    }
}
