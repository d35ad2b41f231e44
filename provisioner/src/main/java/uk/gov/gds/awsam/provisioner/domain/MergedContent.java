package uk.gov.gds.awsam.provisioner.domain;

import uk.gov.gds.awsam.events.ResumableStage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What was reviewed is what is applied: reads the merged Terraform JSON of a request and refuses (with a
 * reason for RequestFailed, never retryable) anything that no longer matches the request or that the
 * provisioner would not apply exactly as written: other accounts or users, other resources, unknown
 * attributes, Terraform interpolation, duplicate JSON keys, content that does not match its SHA-256.
 *
 * <p>File layout (shared with terraform-generator and pr-service): {@code terraform/accounts/<name>.tf.json}
 * for an account; {@code terraform/users/<lower-cased email>.tf.json} per user, deleted for a removal.
 */
public final class MergedContent {

    public static final String ACCOUNTS_DIR = "terraform/accounts/";
    public static final String USERS_DIR = "terraform/users/";
    public static final String SUFFIX = ".tf.json";
    public static final String ACCOUNT_RESOURCE = "aws_organizations_account";
    public static final String TRUSTED_USERS_SUFFIX = "_bootstrap_trusted_users";
    /** Terraform JSON's comment key, allowed anywhere. */
    private static final String COMMENT = "//";

    private static final Set<String> ACCOUNT_ATTRIBUTES = Set.of("name", "email", "role_name", "iam_user_access_to_billing",
            "parent_id", "tags", "close_on_deletion", "create_govcloud", "lifecycle", COMMENT);
    private static final Set<String> USER_RESOURCES = Set.of("aws_iam_user", "aws_iam_user_group_membership");
    private static final Set<String> USER_ATTRIBUTES = Set.of("name", "force_destroy", "path", "tags", COMMENT);
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    /** IAM user names: at most 64 of these characters. Users are named by their email. */
    private static final Pattern IAM_USER_NAME = Pattern.compile("[A-Za-z0-9+=,.@_-]{1,64}");
    private static final Pattern PARENT_ID = Pattern.compile("r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}");
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private MergedContent() {
    }

    /** The account file of a NEW_ACCOUNT request, checked against the request's account name. */
    public static AccountSpec account(List<String> subjects, List<MergedFile> files, String bootstrapRoleName) {
        if (subjects.size() != 1) {
            throw reject("a new-account request names exactly one account, this one names " + subjects);
        }
        String name = subjects.get(0);
        String path = ACCOUNTS_DIR + name + SUFFIX;
        MergedFile file = onlyFile(files, path);
        if (file.content() == null) {
            throw reject(path + " is absent at the merge commit");
        }
        JsonNode root = parse(file);
        allowOnly(root, Set.of("resource", "locals", COMMENT), path + ": unexpected top-level block");

        JsonNode resources = object(root.get("resource"), path + ": no \"resource\" block");
        allowOnly(resources, Set.of(ACCOUNT_RESOURCE, COMMENT), path + ": unexpected resource type");
        JsonNode accounts = object(resources.get(ACCOUNT_RESOURCE), path + ": no " + ACCOUNT_RESOURCE + " resource");
        for (Iterator<String> keys = accounts.fieldNames(); keys.hasNext();) {
            String key = keys.next();
            if (!key.equals(name) && !key.equals(COMMENT)) {
                throw reject(path + ": resource " + ACCOUNT_RESOURCE + "." + key + " is not the request's account " + name);
            }
        }
        JsonNode account = object(accounts.get(name), path + ": no resource " + ACCOUNT_RESOURCE + "." + name);
        allowOnly(account, ACCOUNT_ATTRIBUTES, path + ": unexpected attribute of " + ACCOUNT_RESOURCE + "." + name);
        noInterpolation(account, path);

        String resourceName = text(account, "name", path);
        if (!name.equals(resourceName)) {
            throw reject(path + ": the account is named \"" + resourceName + "\", the request is for " + name);
        }
        String email = text(account, "email", path);
        if (!EMAIL.matcher(email).matches() || email.length() > 64) {
            throw reject(path + ": email \"" + email + "\" is not an email address of at most 64 characters");
        }
        String roleName = optionalText(account, "role_name", path);
        if (roleName != null && !roleName.equals(bootstrapRoleName)) {
            throw reject(path + ": role_name \"" + roleName + "\" is not the bootstrap role \"" + bootstrapRoleName
                    + "\" the provisioner checks and secures");
        }
        String billing = optionalText(account, "iam_user_access_to_billing", path);
        if (billing != null && !billing.equals("ALLOW") && !billing.equals("DENY")) {
            throw reject(path + ": iam_user_access_to_billing must be ALLOW or DENY, not \"" + billing + "\"");
        }
        String parentId = optionalText(account, "parent_id", path);
        if (parentId != null && !PARENT_ID.matcher(parentId).matches()) {
            throw reject(path + ": parent_id \"" + parentId + "\" is not an organisational unit or root id");
        }
        if (account.has("create_govcloud") && account.get("create_govcloud").asBoolean(true)) {
            throw reject(path + ": create_govcloud is not supported by the provisioner");
        }
        Map<String, String> tags = new LinkedHashMap<>();
        if (account.has("tags")) {
            JsonNode tagNode = object(account.get("tags"), path + ": tags must be an object of strings");
            tagNode.fields().forEachRemaining(tag -> {
                if (!tag.getValue().isTextual()) {
                    throw reject(path + ": tag " + tag.getKey() + " must be a string");
                }
                tags.put(tag.getKey(), literal(tag.getValue().asText(), path));
            });
        }
        List<String> trusted = trustedUsers(root, name, path);
        return new AccountSpec(name, email, roleName == null ? bootstrapRoleName : roleName,
                billing == null ? "ALLOW" : billing, parentId, tags, trusted);
    }

    /**
     * The users a USER_ACCESS request adds: each subject's file must be present, name that user and nothing
     * else, and ask for no groups other than {@code groups}.
     */
    public static List<String> usersToAdd(List<String> subjects, List<MergedFile> files, List<String> groups) {
        List<String> emails = userSubjects(subjects);
        Map<String, MergedFile> byPath = userFiles(emails, files);
        for (String email : emails) {
            MergedFile file = byPath.get(userPath(email));
            if (file.content() == null) {
                throw reject(file.path() + " is absent at the merge commit: " + email + " was not reviewed for access");
            }
            checkUserFile(email, file, groups);
        }
        return emails;
    }

    /** The users a USER_REMOVAL request removes: each subject's file must be deleted at the merge commit. */
    public static List<String> usersToRemove(List<String> subjects, List<MergedFile> files) {
        List<String> emails = userSubjects(subjects);
        Map<String, MergedFile> byPath = userFiles(emails, files);
        for (String email : emails) {
            MergedFile file = byPath.get(userPath(email));
            if (file.content() != null) {
                throw reject(file.path() + " is still present at the merge commit: the removal of " + email + " was not merged");
            }
        }
        return emails;
    }

    /** The path of a user's file: the lower-cased email is the file name. */
    public static String userPath(String email) {
        return USERS_DIR + email.toLowerCase(Locale.ROOT) + SUFFIX;
    }

    private static void checkUserFile(String email, MergedFile file, List<String> groups) {
        String path = file.path();
        JsonNode root = parse(file);
        allowOnly(root, Set.of("resource", "import", COMMENT), path + ": unexpected top-level block");
        JsonNode resources = object(root.get("resource"), path + ": no \"resource\" block");
        Set<String> allowedTypes = new LinkedHashSet<>(USER_RESOURCES);
        allowedTypes.add(COMMENT);
        allowOnly(resources, allowedTypes, path + ": unexpected resource type");
        JsonNode users = object(resources.get("aws_iam_user"), path + ": no aws_iam_user resource");
        String userKey = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = users.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> user = it.next();
            if (user.getKey().equals(COMMENT)) {
                continue;
            }
            JsonNode attributes = object(user.getValue(), path + ": aws_iam_user." + user.getKey() + " must be an object");
            allowOnly(attributes, USER_ATTRIBUTES, path + ": unexpected attribute of aws_iam_user." + user.getKey());
            String userName = text(attributes, "name", path);
            if (!userName.equalsIgnoreCase(email)) {
                throw reject(path + ": aws_iam_user." + user.getKey() + " is named \"" + userName + "\", the file is for " + email);
            }
            if (userKey != null) {
                throw reject(path + ": expected one aws_iam_user named " + email + ", found more");
            }
            userKey = user.getKey();
        }
        if (userKey == null) {
            throw reject(path + ": expected one aws_iam_user named " + email + ", found none");
        }
        JsonNode memberships = resources.get("aws_iam_user_group_membership");
        if (memberships != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object(memberships,
                    path + ": aws_iam_user_group_membership must be an object").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> membership = it.next();
                if (!membership.getKey().equals(COMMENT)) {
                    checkMembership(email, membership.getKey(), membership.getValue(), groups, path);
                }
            }
        }
        JsonNode imports = root.get("import");
        if (imports != null) {
            for (JsonNode block : imports.isArray() ? imports : JSON.createArrayNode().add(imports)) {
                JsonNode importBlock = object(block, path + ": import must be an object");
                String id = text(importBlock, "id", path);
                String to = text(importBlock, "to", path);
                if (!id.equalsIgnoreCase(email) || !to.equals("aws_iam_user." + userKey)) {
                    throw reject(path + ": import of \"" + id + "\" to " + to + " is not the import of " + email + " to aws_iam_user."
                            + userKey);
                }
            }
        }
    }

    private static void checkMembership(String email, String key, JsonNode membership, List<String> groups, String path) {
        String name = "aws_iam_user_group_membership." + key;
        object(membership, path + ": " + name + " must be an object");
        allowOnly(membership, Set.of("user", "groups", "depends_on", COMMENT), path + ": unexpected attribute of " + name);
        String user = text(membership, "user", path);
        if (!user.equalsIgnoreCase(email)) {
            throw reject(path + ": " + name + " is for \"" + user + "\", the file is for " + email);
        }
        JsonNode asked = membership.get("groups");
        if (asked == null || !asked.isArray()) {
            throw reject(path + ": " + name + " has no groups list");
        }
        for (JsonNode group : asked) {
            String groupName = literal(group.asText(), path);
            if (!groups.contains(groupName)) {
                throw reject(path + ": group \"" + groupName + "\" is not one the provisioner adds users to " + groups);
            }
        }
    }

    private static List<String> userSubjects(List<String> subjects) {
        if (subjects.isEmpty()) {
            throw reject("the request names no users");
        }
        Set<String> emails = new LinkedHashSet<>();
        for (String subject : subjects) {
            String email = subject.strip().toLowerCase(Locale.ROOT);
            if (!EMAIL.matcher(email).matches() || !IAM_USER_NAME.matcher(email).matches()) {
                throw reject("\"" + subject + "\" cannot name an IAM user: an email address of at most 64 characters from"
                        + " letters, digits and +=,.@_- is needed");
            }
            emails.add(email);
        }
        return List.copyOf(emails);
    }

    private static Map<String, MergedFile> userFiles(List<String> emails, List<MergedFile> files) {
        Map<String, MergedFile> byPath = new LinkedHashMap<>();
        for (MergedFile file : files) {
            if (byPath.put(file.path(), file) != null) {
                throw reject(file.path() + " is listed twice in the merged change");
            }
        }
        Set<String> expected = new LinkedHashSet<>();
        for (String email : emails) {
            expected.add(userPath(email));
        }
        for (String path : byPath.keySet()) {
            if (!expected.contains(path)) {
                throw reject("unexpected file " + path + " in the merged change (the request is for " + emails + ")");
            }
        }
        for (String path : expected) {
            if (!byPath.containsKey(path)) {
                throw reject(path + " is missing from the merged change");
            }
        }
        byPath.values().forEach(MergedContent::checkDigest);
        return byPath;
    }

    private static MergedFile onlyFile(List<MergedFile> files, String path) {
        MergedFile found = null;
        for (MergedFile file : files) {
            if (!file.path().equals(path)) {
                throw reject("unexpected file " + file.path() + " in the merged change (expected only " + path + ")");
            }
            if (found != null) {
                throw reject(path + " is listed twice in the merged change");
            }
            found = file;
        }
        if (found == null) {
            throw reject(path + " is missing from the merged change");
        }
        checkDigest(found);
        return found;
    }

    private static void checkDigest(MergedFile file) {
        if (file.content() == null || file.sha256() == null) {
            return;
        }
        if (!sha256(file.content()).equalsIgnoreCase(file.sha256())) {
            throw reject(file.path() + ": the content does not match its SHA-256 " + file.sha256());
        }
    }

    private static List<String> trustedUsers(JsonNode root, String name, String path) {
        String key = name + TRUSTED_USERS_SUFFIX;
        JsonNode locals = object(root.get("locals"), path + ": no locals." + key + " (the admins the bootstrap role will trust)");
        allowOnly(locals, Set.of(key, COMMENT), path + ": unexpected local");
        JsonNode list = locals.get(key);
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw reject(path + ": locals." + key + " must be a non-empty list of admin emails");
        }
        Set<String> emails = new LinkedHashSet<>();
        for (JsonNode item : list) {
            String email = item.isTextual() ? literal(item.asText(), path).strip().toLowerCase(Locale.ROOT) : "";
            if (!EMAIL.matcher(email).matches() || !IAM_USER_NAME.matcher(email).matches()) {
                throw reject(path + ": locals." + key + " holds \"" + item.asText() + "\", which is not an IAM user name (email)");
            }
            emails.add(email);
        }
        return new ArrayList<>(emails);
    }

    private static JsonNode parse(MergedFile file) {
        try {
            JsonNode root = JSON.readTree(file.content());
            if (root == null || !root.isObject()) {
                throw reject(file.path() + " is not a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw reject(file.path() + " is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static void allowOnly(JsonNode node, Set<String> allowed, String problem) {
        for (Iterator<String> keys = node.fieldNames(); keys.hasNext();) {
            String key = keys.next();
            if (!allowed.contains(key)) {
                throw reject(problem + " \"" + key + "\"");
            }
        }
    }

    private static void noInterpolation(JsonNode node, String path) {
        if (node.isTextual()) {
            literal(node.asText(), path);
        }
        node.elements().forEachRemaining(child -> noInterpolation(child, path));
    }

    /**
     * The literal text Terraform reads from a JSON string: {@code $${} is an escaped {@code ${} and {@code %%{} an
     * escaped {@code %{}; an unescaped {@code ${} (interpolation) or {@code %{} (directive) is refused, as the
     * provisioner cannot apply it as reviewed.
     */
    static String literal(String value, String path) {
        StringBuilder text = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean template = (c == '$' || c == '%') && i + 1 < value.length() && value.charAt(i + 1) == '{';
            boolean escaped = (c == '$' || c == '%') && i + 2 < value.length() && value.charAt(i + 1) == c && value.charAt(i + 2) == '{';
            if (escaped) {
                text.append(c).append('{');
                i += 2;
            } else if (template) {
                throw reject(path + ": \"" + value + "\" uses " + (c == '$' ? "Terraform interpolation" : "a Terraform template directive")
                        + ", which the provisioner cannot apply as reviewed");
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }

    private static JsonNode object(JsonNode node, String problem) {
        if (node == null || !node.isObject()) {
            throw reject(problem);
        }
        return node;
    }

    private static String text(JsonNode node, String field, String path) {
        String value = optionalText(node, field, path);
        if (value == null || value.isBlank()) {
            throw reject(path + ": \"" + field + "\" is required");
        }
        return value;
    }

    private static String optionalText(JsonNode node, String field, String path) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw reject(path + ": \"" + field + "\" must be a string");
        }
        return literal(value.asText(), path);
    }

    private static StepFailed reject(String reason) {
        return StepFailed.permanent(ResumableStage.VERIFY_MERGED_CONTENT, reason,
                "the merged files must be the ones terraform-generator wrote for the request: an engineer corrects the pull request or opens a new request");
    }

    static String sha256(String content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
