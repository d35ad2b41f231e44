package uk.gov.gds.awsam.provisioner.domain;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The account as reviewed and merged: the {@code aws_organizations_account} resource of the account file, and
 * the admins its bootstrap role will trust ({@code locals.<name>_bootstrap_trusted_users}).
 *
 * @param iamUserAccessToBilling ALLOW or DENY
 * @param parentId the organisational unit (or root) to move the account to; null to leave it where AWS puts it
 */
public record AccountSpec(String name, String email, String roleName, String iamUserAccessToBilling, String parentId,
        Map<String, String> tags, List<String> trustedUsers) {

    public AccountSpec {
        tags = Map.copyOf(tags);
        trustedUsers = List.copyOf(trustedUsers);
    }

    public Optional<String> parent() {
        return Optional.ofNullable(parentId);
    }
}
