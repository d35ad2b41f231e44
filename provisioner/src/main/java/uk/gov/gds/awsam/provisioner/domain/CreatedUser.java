package uk.gov.gds.awsam.provisioner.domain;

import java.util.List;

/**
 * A gds-users IAM user that exists with a login profile and its groups.
 *
 * @param sealedInitialPassword the new initial password sealed to the notifier; null when an existing login
 *        profile was kept
 * @param loginProfile what this handling did to the user's login profile
 * @param adopted whether the user existed before this request
 */
public record CreatedUser(String userName, String arn, List<String> groups, SealedPassword sealedInitialPassword, LoginProfile loginProfile,
        boolean adopted) {

    /** What a handling did to the login profile: made it, set a new password on it, or kept it as it was. */
    public enum LoginProfile {
        CREATED, PASSWORD_RESET, KEPT
    }

    public CreatedUser {
        groups = List.copyOf(groups);
    }
}
