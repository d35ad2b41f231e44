package uk.gov.gds.awsam.terraform.domain;

import static uk.gov.gds.awsam.contract.TerraformAttribute.DEPENDS_ON;
import static uk.gov.gds.awsam.contract.TerraformAttribute.EMAIL;
import static uk.gov.gds.awsam.contract.TerraformAttribute.FORCE_DESTROY;
import static uk.gov.gds.awsam.contract.TerraformAttribute.GROUPS;
import static uk.gov.gds.awsam.contract.TerraformAttribute.IAM_USER_ACCESS_TO_BILLING;
import static uk.gov.gds.awsam.contract.TerraformAttribute.LIFECYCLE;
import static uk.gov.gds.awsam.contract.TerraformAttribute.NAME;
import static uk.gov.gds.awsam.contract.TerraformAttribute.PARENT_ID;
import static uk.gov.gds.awsam.contract.TerraformAttribute.PREVENT_DESTROY;
import static uk.gov.gds.awsam.contract.TerraformAttribute.ROLE_NAME;
import static uk.gov.gds.awsam.contract.TerraformAttribute.TAGS;
import static uk.gov.gds.awsam.contract.TerraformAttribute.USER;
import static uk.gov.gds.awsam.contract.TerraformResource.IAM_USER;
import static uk.gov.gds.awsam.contract.TerraformResource.IAM_USER_GROUP_MEMBERSHIP;
import static uk.gov.gds.awsam.contract.TerraformResource.ORGANIZATIONS_ACCOUNT;

import java.util.List;
import java.util.Map;

import uk.gov.gds.awsam.contract.TerraformLayout;

/**
 * The Terraform JSON documents of a request, one file per subject so that requests running in parallel
 * never touch the same file, at the paths of the contract's layout ({@link TerraformLayout#DEFAULT}).
 */
public final class TerraformFiles {

    /** The role Organizations creates in a new account, which the requested admins will be trusted to assume. */
    public static final String BOOTSTRAP_ROLE = "bootstrap";

    private TerraformFiles() {
    }

    /**
     * A new account: the {@code aws_organizations_account}, keyed by the account name, protected from
     * destruction, tagged with the request; and, in {@code locals}, the admins its bootstrap role will
     * trust, so that who gets trusted is reviewed in the pull request (the provisioner reads that key).
     */
    public static Map<String, Object> account(ValidRequest request, GeneratorSettings settings) {
        String name = request.account().name();
        Map<String, Object> account = ORGANIZATIONS_ACCOUNT.body(Map.of(
                NAME, name,
                EMAIL, RootEmail.of(name, settings.rootEmailDomain()),
                ROLE_NAME, BOOTSTRAP_ROLE,
                IAM_USER_ACCESS_TO_BILLING, "ALLOW",
                PARENT_ID, settings.parentId(),
                TAGS, Tags.of(request.requestId(), request.requesterEmail(), request.account(), request.adminEmails()),
                LIFECYCLE, Map.of(PREVENT_DESTROY.key(), true)));
        return Map.of(
                TerraformLayout.LOCALS, Map.of(TerraformLayout.trustedUsersLocal(name), request.adminEmails()),
                TerraformLayout.RESOURCE, Map.of(ORGANIZATIONS_ACCOUNT.type(), Map.of(name, account)));
    }

    /**
     * An account's closure: one local, {@code account_<id>_closure}, naming the account and why it is closed: the reviewed
     * mark the provisioner closes the account by after the merge (Terraform itself never closes it).
     */
    public static Map<String, Object> closure(Submitted.Closure closure) {
        return Map.of(TerraformLayout.LOCALS, Map.of(TerraformLayout.closureLocal(closure.accountId()), Map.of(
                TerraformLayout.CLOSURE_ACCOUNT_ID, closure.accountId(),
                TerraformLayout.CLOSURE_ACCOUNT_NAME, closure.accountName(),
                TerraformLayout.CLOSURE_REASON, closure.reason())));
    }

    /**
     * A user of gds-users: the IAM user named by the email (its access keys, MFA devices and login profile
     * go with it when it is destroyed), its membership of the configured group, and an {@code import}
     * block, so a later {@code terraform apply} adopts the user the provisioner created instead of failing.
     * The membership names the user literally and depends on it explicitly: no interpolation is needed.
     */
    public static Map<String, Object> user(String email, GeneratorSettings settings) {
        String key = Names.userResourceKey(email);
        return Map.of(
                TerraformLayout.IMPORT, TerraformLayout.importBlock(IAM_USER, key, email),
                TerraformLayout.RESOURCE, Map.of(
                        IAM_USER.type(), Map.of(key, IAM_USER.body(Map.of(NAME, email, FORCE_DESTROY, true))),
                        IAM_USER_GROUP_MEMBERSHIP.type(), Map.of(key, IAM_USER_GROUP_MEMBERSHIP.body(Map.of(
                                USER, email,
                                GROUPS, List.of(settings.usersGroup()),
                                DEPENDS_ON, List.of(IAM_USER.address(key)))))));
    }
}
