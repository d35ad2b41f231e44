package uk.gov.gds.awsam.notifier.domain.mail;

import java.util.List;

import uk.gov.gds.awsam.notifier.domain.Request;

/**
 * To the requester: a person's IAM user was removed (or there was none), with what went, the trust policies
 * still naming them, and the accounts whose trust policies could not be read.
 *
 * @param userExisted        false when gds-users had no such user: nothing was removed
 * @param unreadableAccounts accounts not read, as "id (why)": whether they still name the person is not known
 */
public record UserRemovedMail(Request request, String userName, boolean userExisted, List<String> removed,
        List<String> trustPolicies, List<String> unreadableAccounts, String statusUrl) {

    /** True only when every account was read and none still names the person. */
    public boolean noAccountNamesThem() {
        return trustPolicies.isEmpty() && unreadableAccounts.isEmpty();
    }
}
