package uk.gov.gds.awsam.provisioner.domain;

import static uk.gov.gds.awsam.contract.TerraformResource.IAM_USER;
import static uk.gov.gds.awsam.contract.TerraformResource.IAM_USER_GROUP_MEMBERSHIP;
import static uk.gov.gds.awsam.provisioner.domain.MergedJson.allowOnly;
import static uk.gov.gds.awsam.provisioner.domain.MergedJson.object;
import static uk.gov.gds.awsam.provisioner.domain.MergedJson.reject;
import static uk.gov.gds.awsam.provisioner.domain.MergedJson.text;

import java.util.List;
import java.util.Map;

import uk.gov.gds.awsam.contract.TerraformAttribute;
import uk.gov.gds.awsam.contract.TerraformLayout;
import uk.gov.gds.awsam.contract.TerraformResource;

/**
 * A user file of the layout contract read as reviewed: exactly one {@code aws_iam_user} named by the file's email,
 * memberships of that user in allowed groups only, and imports of that user only, each with only the attributes the
 * contract accepts.
 */
final class MergedUserFile {

    private MergedUserFile() {
    }

    /** Refuses the file at {@code path} (present, digest checked, parsed) unless it adds {@code email}, in {@code groups} at most. */
    static void check(String email, String path, Map<String, Object> root, List<String> groups) {
        allowOnly(root, MergedJson.withComment(TerraformLayout.USER_BLOCKS), path + ": unexpected top-level block");
        Map<String, Object> resources = object(root.get(TerraformLayout.RESOURCE), path + ": no \"resource\" block");
        allowOnly(resources, TerraformResource.typesOf(TerraformLayout.USER_RESOURCES), path + ": unexpected resource type");
        String userKey = user(email, resources, path);
        if (resources.containsKey(IAM_USER_GROUP_MEMBERSHIP.type())) {
            object(resources.get(IAM_USER_GROUP_MEMBERSHIP.type()), path + ": " + IAM_USER_GROUP_MEMBERSHIP.type() + " must be an object")
                    .forEach((key, membership) -> {
                        if (!key.equals(TerraformLayout.COMMENT)) {
                            membership(email, key, membership, groups, path);
                        }
                    });
        }
        if (root.containsKey(TerraformLayout.IMPORT)) {
            for (Object block : MergedJson.oneOrMany(root.get(TerraformLayout.IMPORT))) {
                imported(email, userKey, object(block, path + ": import must be an object"), path);
            }
        }
    }

    /** The key of the one {@code aws_iam_user}, which must be named by the file's email. */
    private static String user(String email, Map<String, Object> resources, String path) {
        Map<String, Object> users = object(resources.get(IAM_USER.type()), path + ": no aws_iam_user resource");
        String userKey = null;
        for (Map.Entry<String, Object> user : users.entrySet()) {
            if (user.getKey().equals(TerraformLayout.COMMENT)) {
                continue;
            }
            String address = IAM_USER.address(user.getKey());
            Map<String, Object> attributes = object(user.getValue(), path + ": " + address + " must be an object");
            allowOnly(attributes, IAM_USER.accepted(), path + ": unexpected attribute of " + address);
            String userName = text(attributes, TerraformAttribute.NAME.key(), path);
            if (!userName.equalsIgnoreCase(email)) {
                throw reject(path + ": " + address + " is named \"" + userName + "\", the file is for " + email);
            }
            if (userKey != null) {
                throw reject(path + ": expected one aws_iam_user named " + email + ", found more");
            }
            userKey = user.getKey();
        }
        if (userKey == null) {
            throw reject(path + ": expected one aws_iam_user named " + email + ", found none");
        }
        return userKey;
    }

    private static void membership(String email, String key, Object value, List<String> groups, String path) {
        String name = IAM_USER_GROUP_MEMBERSHIP.address(key);
        Map<String, Object> membership = object(value, path + ": " + name + " must be an object");
        allowOnly(membership, IAM_USER_GROUP_MEMBERSHIP.accepted(), path + ": unexpected attribute of " + name);
        String user = text(membership, TerraformAttribute.USER.key(), path);
        if (!user.equalsIgnoreCase(email)) {
            throw reject(path + ": " + name + " is for \"" + user + "\", the file is for " + email);
        }
        if (!(membership.get(TerraformAttribute.GROUPS.key()) instanceof List<?> asked)) {
            throw reject(path + ": " + name + " has no groups list");
        }
        for (Object group : asked) {
            String groupName = MergedJson.literal(Json.asText(group), path);
            if (!groups.contains(groupName)) {
                throw reject(path + ": group \"" + groupName + "\" is not one the provisioner adds users to " + groups);
            }
        }
    }

    private static void imported(String email, String userKey, Map<String, Object> block, String path) {
        String id = text(block, TerraformLayout.IMPORT_ID, path);
        String to = text(block, TerraformLayout.IMPORT_TO, path);
        if (!id.equalsIgnoreCase(email) || !to.equals(IAM_USER.address(userKey))) {
            throw reject(path + ": import of \"" + id + "\" to " + to + " is not the import of " + email + " to "
                    + IAM_USER.address(userKey));
        }
    }
}
