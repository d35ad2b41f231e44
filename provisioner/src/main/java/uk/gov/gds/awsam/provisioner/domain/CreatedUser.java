package uk.gov.gds.awsam.provisioner.domain;

import java.util.List;

/**
 * A gds-users IAM user that exists with a login profile and its groups.
 *
 * @param sealedInitialPassword the new initial password sealed to the notifier; null when an existing login
 *        profile was kept
 * @param adopted whether the user existed before this request
 */
public record CreatedUser(String userName, String arn, List<String> groups, SealedPassword sealedInitialPassword, boolean adopted) {

    public CreatedUser {
        groups = List.copyOf(groups);
    }
}
