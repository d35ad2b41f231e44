package uk.gov.gds.awsam.request.domain;

import java.util.Optional;

/**
 * The {@code ~/.aws/config} profile a person pastes to use a new account: assume its bootstrap role
 * from their gds-users IAM user, with their MFA device. Only once the role trusts its admins.
 */
public final class AwsConfigProfile {

    private AwsConfigProfile() {
    }

    /**
     * The profile for {@code email}, or empty until the account's root is secured. The gds-users account
     * id is {@code gdsUsersAccountId} when configured, otherwise read from the trusted users' ARNs.
     */
    public static Optional<String> of(RequestView view, String email, Optional<String> gdsUsersAccountId, String sourceProfile) {
        if (view.kind() != RequestKind.NEW_ACCOUNT || view.rootSecured().isEmpty() || email == null) {
            return Optional.empty();
        }
        LifecycleEvent.RootSecured secured = view.rootSecured().get();
        Optional<String> usersAccount = gdsUsersAccountId.filter(id -> !id.isBlank())
                .or(() -> secured.trustedPrincipalArns().stream().map(AwsConfigProfile::accountOf).filter(id -> !id.isEmpty()).findFirst());
        if (usersAccount.isEmpty()) {
            return Optional.empty();
        }
        String name = view.accountName().orElse(view.accountId().orElse("new-account"));
        return Optional.of("[profile " + name + "]\n"
                + "role_arn = " + secured.bootstrapRoleArn() + "\n"
                + "source_profile = " + sourceProfile + "\n"
                + "mfa_serial = arn:aws:iam::" + usersAccount.get() + ":mfa/" + email + "\n");
    }

    /** Whether the role trusts this person's gds-users IAM user. */
    public static boolean trusts(RequestView view, String email) {
        return view.rootSecured().map(secured -> secured.trustedPrincipalArns().stream()
                .anyMatch(arn -> arn.endsWith(":user/" + email))).orElse(false);
    }

    private static String accountOf(String arn) {
        String[] parts = arn.split(":");
        return parts.length > 4 ? parts[4] : "";
    }
}
