package uk.gov.gds.awsam.provisioner.domain;

import static uk.gov.gds.awsam.contract.TerraformResource.ORGANIZATIONS_ACCOUNT;
import static uk.gov.gds.awsam.provisioner.domain.MergedJson.allowOnly;
import static uk.gov.gds.awsam.provisioner.domain.MergedJson.literal;
import static uk.gov.gds.awsam.provisioner.domain.MergedJson.object;
import static uk.gov.gds.awsam.provisioner.domain.MergedJson.optionalText;
import static uk.gov.gds.awsam.provisioner.domain.MergedJson.reject;
import static uk.gov.gds.awsam.provisioner.domain.MergedJson.text;
import static uk.gov.gds.awsam.provisioner.domain.MergedJson.withComment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import uk.gov.gds.awsam.contract.EmailAddress;
import uk.gov.gds.awsam.contract.IamUserEmail;
import uk.gov.gds.awsam.contract.ParentId;
import uk.gov.gds.awsam.contract.TerraformAttribute;
import uk.gov.gds.awsam.contract.TerraformLayout;
import uk.gov.gds.awsam.contract.TerraformResource;

/**
 * An account file of the layout contract read as reviewed: one {@code aws_organizations_account} keyed and named by
 * the request's account, with only the attributes the contract accepts, and the admins its bootstrap role will trust.
 */
final class MergedAccountFile {

    private MergedAccountFile() {
    }

    /** The account {@code name} as the file at {@code path} (present, digest checked, parsed) asks for it. */
    static AccountSpec read(String name, String path, Map<String, Object> root, String bootstrapRoleName) {
        allowOnly(root, withComment(TerraformLayout.ACCOUNT_BLOCKS), path + ": unexpected top-level block");
        Map<String, Object> account = resource(root, name, path);

        String resourceName = text(account, TerraformAttribute.NAME.key(), path);
        if (!name.equals(resourceName)) {
            throw reject(path + ": the account is named \"" + resourceName + "\", the request is for " + name);
        }
        String email = text(account, TerraformAttribute.EMAIL.key(), path);
        EmailAddress.problem(email, IamUserEmail.MAX_LENGTH).ifPresent(problem -> {
            throw reject(path + ": email \"" + email + "\" " + problem);
        });
        String roleName = optionalText(account, TerraformAttribute.ROLE_NAME.key(), path);
        if (roleName != null && !roleName.equals(bootstrapRoleName)) {
            throw reject(path + ": role_name \"" + roleName + "\" is not the bootstrap role \"" + bootstrapRoleName
                    + "\" the provisioner checks and secures");
        }
        String billing = optionalText(account, TerraformAttribute.IAM_USER_ACCESS_TO_BILLING.key(), path);
        if (billing != null && !billing.equals("ALLOW") && !billing.equals("DENY")) {
            throw reject(path + ": iam_user_access_to_billing must be ALLOW or DENY, not \"" + billing + "\"");
        }
        String parentId = optionalText(account, TerraformAttribute.PARENT_ID.key(), path);
        if (parentId != null && !ParentId.isValid(parentId)) {
            throw reject(path + ": parent_id \"" + parentId + "\" is not " + ParentId.RULE);
        }
        String govCloud = TerraformAttribute.CREATE_GOVCLOUD.key();
        if (account.containsKey(govCloud) && MergedJson.asBoolean(account.get(govCloud), true)) {
            throw reject(path + ": create_govcloud is not supported by the provisioner");
        }
        return new AccountSpec(name, email, roleName == null ? bootstrapRoleName : roleName,
                billing == null ? "ALLOW" : billing, parentId, tags(account, path), trustedUsers(root, name, path));
    }

    /** The one resource of the file: {@code aws_organizations_account.<name>}, with only accepted attributes. */
    private static Map<String, Object> resource(Map<String, Object> root, String name, String path) {
        String type = ORGANIZATIONS_ACCOUNT.type();
        Map<String, Object> resources = object(root.get(TerraformLayout.RESOURCE), path + ": no \"resource\" block");
        allowOnly(resources, TerraformResource.typesOf(TerraformLayout.ACCOUNT_RESOURCES), path + ": unexpected resource type");
        Map<String, Object> accounts = object(resources.get(type), path + ": no " + type + " resource");
        for (String key : accounts.keySet()) {
            if (!key.equals(name) && !key.equals(TerraformLayout.COMMENT)) {
                throw reject(path + ": resource " + ORGANIZATIONS_ACCOUNT.address(key) + " is not the request's account " + name);
            }
        }
        Map<String, Object> account = object(accounts.get(name), path + ": no resource " + ORGANIZATIONS_ACCOUNT.address(name));
        allowOnly(account, ORGANIZATIONS_ACCOUNT.accepted(), path + ": unexpected attribute of " + ORGANIZATIONS_ACCOUNT.address(name));
        MergedJson.noInterpolation(account, path);
        return account;
    }

    private static Map<String, String> tags(Map<String, Object> account, String path) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (account.containsKey(TerraformAttribute.TAGS.key())) {
            object(account.get(TerraformAttribute.TAGS.key()), path + ": tags must be an object of strings").forEach((key, value) -> {
                if (!(value instanceof String text)) {
                    throw reject(path + ": tag " + key + " must be a string");
                }
                tags.put(key, literal(text, path));
            });
        }
        return tags;
    }

    private static List<String> trustedUsers(Map<String, Object> root, String name, String path) {
        String key = TerraformLayout.trustedUsersLocal(name);
        Map<String, Object> locals = object(root.get(TerraformLayout.LOCALS),
                path + ": no locals." + key + " (the admins the bootstrap role will trust)");
        allowOnly(locals, withComment(Set.of(key)), path + ": unexpected local");
        if (!(locals.get(key) instanceof List<?> list) || list.isEmpty()) {
            throw reject(path + ": locals." + key + " must be a non-empty list of admin emails");
        }
        Set<String> emails = new LinkedHashSet<>();
        for (Object item : list) {
            String email = item instanceof String text ? literal(text, path).strip() : "";
            if (!IamUserEmail.isValid(email)) {
                throw reject(path + ": locals." + key + " holds \"" + Json.asText(item) + "\", which is not an IAM user name (email)");
            }
            emails.add(IamUserEmail.of(email).value());
        }
        return new ArrayList<>(emails);
    }
}
