package uk.gov.gds.awsam.notifier.domain.mail;

import java.util.List;

import uk.gov.gds.awsam.notifier.domain.InitialPassword;

/**
 * A gds-users IAM user, new or adopted: how to sign in, the initial password (null when an existing password was
 * kept), the rules, and the command-line tooling.
 *
 * @param adopted whether the user already existed and was kept rather than created
 */
public record UserWelcomeMail(String userName, boolean adopted, String signInUrl, String gdsUsersAccountId, List<String> groups,
        InitialPassword password, int minimumPasswordLength, int maximumMfaDevices, String cliToolingUrl,
        String accountsGuideUrl) {

    public boolean hasPassword() {
        return password != null;
    }
}
