package uk.gov.gds.awsam.provisioner.domain;

import java.util.List;

/**
 * A gds-users IAM user removed with everything that depended on it.
 *
 * @param removed what was removed, across every attempt, in order: login-profile, mfa-device:&lt;serial&gt;,
 *        access-key:&lt;id&gt;, signing-certificate:&lt;id&gt;, ssh-public-key:&lt;id&gt;,
 *        service-specific-credential:&lt;id&gt;, group:&lt;name&gt;, attached-policy:&lt;arn&gt;,
 *        inline-policy:&lt;name&gt;, user; empty when there was no such user
 * @param trustPoliciesStillNamingUser bootstrap roles whose trust policy named the user, among the accounts read
 * @param unreadableAccounts accounts whose trust policy could not be read, as "&lt;id&gt; (&lt;why&gt;)"
 * @param userExisted false when gds-users had no such user when the removal began
 */
public record RemovedUser(String userName, List<String> removed, List<String> trustPoliciesStillNamingUser,
        List<String> unreadableAccounts, boolean userExisted) {

    public RemovedUser {
        removed = List.copyOf(removed);
        trustPoliciesStillNamingUser = List.copyOf(trustPoliciesStillNamingUser);
        unreadableAccounts = List.copyOf(unreadableAccounts);
    }
}
