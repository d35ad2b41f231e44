package uk.gov.gds.awsam.terraform.domain;

import java.util.List;
import java.util.Map;

/**
 * The Terraform JSON documents of a request, one file per subject so that requests running in parallel
 * never touch the same file.
 */
public final class TerraformFiles {

    /** The suffix Terraform reads as JSON configuration. */
    public static final String SUFFIX = ".tf.json";
    /** The role Organizations creates in a new account, which the requested admins will be trusted to assume. */
    public static final String BOOTSTRAP_ROLE = "bootstrap";
    /** The key, in the account file's {@code locals}, of the admins its bootstrap role will trust. */
    public static final String TRUSTED_USERS_LOCAL_SUFFIX = "_bootstrap_trusted_users";

    private TerraformFiles() {
    }

    /** {@code <accounts-directory>/<account-name>.tf.json}. */
    public static String accountPath(GeneratorSettings settings, String accountName) {
        return settings.accountsDirectory() + "/" + accountName + SUFFIX;
    }

    /** {@code <users-directory>/<email>.tf.json}: the file name maps back to the user. */
    public static String userPath(GeneratorSettings settings, String email) {
        return settings.usersDirectory() + "/" + email + SUFFIX;
    }

    /**
     * A new account: the {@code aws_organizations_account}, keyed by the account name, protected from
     * destruction, tagged with the request; and, in {@code locals}, the admins its bootstrap role will
     * trust, so that who gets trusted is reviewed in the pull request (the provisioner reads that key).
     */
    public static Map<String, Object> account(ValidRequest request, GeneratorSettings settings) {
        String name = request.account().name();
        Map<String, Object> account = Map.of(
                "name", name,
                "email", RootEmail.of(name, settings.rootEmailDomain()),
                "role_name", BOOTSTRAP_ROLE,
                "iam_user_access_to_billing", "ALLOW",
                "parent_id", settings.parentId(),
                "tags", Tags.of(request.requestId(), request.requesterEmail(), request.account(), request.adminEmails()),
                "lifecycle", Map.of("prevent_destroy", true));
        return Map.of(
                "locals", Map.of(name + TRUSTED_USERS_LOCAL_SUFFIX, request.adminEmails()),
                "resource", Map.of("aws_organizations_account", Map.of(name, account)));
    }

    /**
     * A user of gds-users: the IAM user named by the email (its access keys, MFA devices and login profile
     * go with it when it is destroyed), its membership of the configured group, and an {@code import}
     * block, so a later {@code terraform apply} adopts the user the provisioner created instead of failing.
     * The membership names the user literally and depends on it explicitly: no interpolation is needed.
     */
    public static Map<String, Object> user(String email, GeneratorSettings settings) {
        String key = Names.userResourceKey(email);
        String userAddress = "aws_iam_user." + key;
        return Map.of(
                "import", Map.of("to", userAddress, "id", email),
                "resource", Map.of(
                        "aws_iam_user", Map.of(key, Map.of("name", email, "force_destroy", true)),
                        "aws_iam_user_group_membership", Map.of(key, Map.of(
                                "user", email,
                                "groups", List.of(settings.usersGroup()),
                                "depends_on", List.of(userAddress)))));
    }
}
