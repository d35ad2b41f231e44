package uk.gov.gds.awsam.terraform.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Checks a generated {@code .tf.json} file the way Terraform reads it, independently of the code that
 * wrote it (Jackson parses it; the rules are Terraform's JSON syntax):
 *
 * <ul>
 * <li>a JSON object without duplicate keys, in canonical form (Jackson re-renders it with sorted keys,
 * two-space indent and a trailing newline to the same bytes);</li>
 * <li>only Terraform's top-level block types;</li>
 * <li>{@code resource}: {@code {"<type>": {"<name>": {body}}}} with valid identifiers, and in a body
 * {@code lifecycle} only with its own arguments, {@code prevent_destroy} a literal boolean,
 * {@code depends_on} a list of references;</li>
 * <li>{@code import}: an object or a list of objects with {@code to} (a reference to a resource of the
 * file) and {@code id};</li>
 * <li>{@code locals}: an object whose keys are valid identifiers;</li>
 * <li>no string anywhere that Terraform would read as an interpolation ({@code ${}) or a directive
 * ({@code %{}): only the escaped forms {@code $${} and {@code %%{} may appear; no key holds either.</li>
 * </ul>
 *
 * and, for the AWS resources the generator writes, what AWS accepts: tag keys and values, email and IAM
 * user name lengths and characters.
 */
public final class TerraformJsonValidator {

    static final Set<String> TOP_LEVEL_BLOCKS = Set.of("terraform", "provider", "variable", "output", "locals", "module",
            "resource", "data", "moved", "import", "removed", "check");
    static final Set<String> LIFECYCLE_ARGUMENTS = Set.of("create_before_destroy", "prevent_destroy", "ignore_changes",
            "replace_triggered_by", "precondition", "postcondition");
    static final Set<String> IMPORT_ARGUMENTS = Set.of("to", "id", "provider", "for_each", "identity");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    private static final Pattern RESOURCE_TYPE = Pattern.compile("[a-z0-9]+(_[a-z0-9]+)+");
    private static final Pattern REFERENCE = Pattern.compile("([a-z0-9]+(_[a-z0-9]+)+)\\.([A-Za-z_][A-Za-z0-9_-]*)");
    private static final Pattern AWS_TAG_VALUE = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");
    private static final Pattern AWS_TAG_KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{1,128}");
    private static final Pattern IAM_USER_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final ObjectWriter CANONICAL = MAPPER.writer(new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"))
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator("")));

    private TerraformJsonValidator() {
    }

    /** Fails the test with every problem of the file. */
    public static void assertValid(String path, String content) {
        assertThat(problems(path, content)).as("problems of %s:%n%s", path, content).isEmpty();
    }

    /** Every way the file breaks Terraform's JSON syntax rules or AWS's limits; empty when it is valid. */
    public static List<String> problems(String path, String content) {
        List<String> problems = new ArrayList<>();
        if (!path.endsWith(".tf.json")) {
            problems.add("not a .tf.json file: " + path);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(content);
            String canonical = CANONICAL.writeValueAsString(MAPPER.readValue(content, Object.class)) + "\n";
            if (!canonical.equals(content)) {
                problems.add("not canonical; expected:\n" + canonical);
            }
        } catch (IOException unparseable) {
            problems.add("not JSON: " + unparseable.getMessage());
            return problems;
        }
        if (!root.isObject()) {
            problems.add("the document is not a JSON object");
            return problems;
        }
        templates("", root, problems);
        Set<String> declared = new java.util.HashSet<>();
        root.properties().forEach(block -> {
            String type = block.getKey();
            JsonNode value = block.getValue();
            if (!TOP_LEVEL_BLOCKS.contains(type)) {
                problems.add("unknown top-level block type: " + type);
            }
            switch (type) {
                case "resource" -> resources(value, declared, problems);
                case "locals" -> locals(value, problems);
                default -> {
                }
            }
        });
        if (root.has("import")) {
            imports(root.get("import"), declared, problems);
        }
        return problems;
    }

    /** The text Terraform reads from a JSON string, or an exception where it would interpolate. */
    public static String terraformLiteral(String value) {
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            if (value.startsWith("$${", i) || value.startsWith("%%{", i)) {
                literal.append(value.charAt(i)).append('{');
                i += 3;
            } else if (value.startsWith("${", i) || value.startsWith("%{", i)) {
                throw new IllegalArgumentException("Terraform would read a template sequence at " + i + " of: " + value);
            } else {
                literal.append(value.charAt(i));
                i++;
            }
        }
        return literal.toString();
    }

    private static void templates(String at, JsonNode node, List<String> problems) {
        if (node.isTextual()) {
            try {
                terraformLiteral(node.textValue());
            } catch (IllegalArgumentException interpolated) {
                problems.add(at + ": " + interpolated.getMessage());
            }
        } else if (node.isObject()) {
            node.properties().forEach(field -> {
                if (field.getKey().contains("${") || field.getKey().contains("%{")) {
                    problems.add(at + ": a key holds a template sequence: " + field.getKey());
                }
                templates(at + "/" + field.getKey(), field.getValue(), problems);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                templates(at + "[" + i + "]", node.get(i), problems);
            }
        }
    }

    private static void resources(JsonNode resource, Set<String> declared, List<String> problems) {
        if (!resource.isObject()) {
            problems.add("resource: not an object");
            return;
        }
        resource.properties().forEach(byType -> {
            String type = byType.getKey();
            if (!RESOURCE_TYPE.matcher(type).matches()) {
                problems.add("resource: not a resource type: " + type);
            }
            if (!byType.getValue().isObject() || byType.getValue().isEmpty()) {
                problems.add("resource." + type + ": not an object of resources");
                return;
            }
            byType.getValue().properties().forEach(byName -> {
                String name = byName.getKey();
                String address = type + "." + name;
                if (!IDENTIFIER.matcher(name).matches()) {
                    problems.add(address + ": the name is not a valid identifier");
                }
                declared.add(address);
                for (JsonNode body : bodies(byName.getValue())) {
                    if (!body.isObject()) {
                        problems.add(address + ": the body is not an object");
                        continue;
                    }
                    body(address, type, body, problems);
                }
            });
        });
    }

    private static void body(String address, String type, JsonNode body, List<String> problems) {
        body.properties().forEach(property -> {
            String argument = property.getKey();
            if (!IDENTIFIER.matcher(argument).matches()) {
                problems.add(address + ": not an argument name: " + argument);
            }
        });
        if (body.has("lifecycle")) {
            for (JsonNode lifecycle : bodies(body.get("lifecycle"))) {
                if (!lifecycle.isObject()) {
                    problems.add(address + ".lifecycle: not an object");
                    continue;
                }
                lifecycle.properties().forEach(argument -> {
                    if (!LIFECYCLE_ARGUMENTS.contains(argument.getKey())) {
                        problems.add(address + ".lifecycle: unknown argument " + argument.getKey());
                    }
                    if (Set.of("prevent_destroy", "create_before_destroy").contains(argument.getKey()) && !argument.getValue().isBoolean()) {
                        problems.add(address + ".lifecycle." + argument.getKey() + ": not a literal boolean");
                    }
                });
            }
        }
        if (body.has("depends_on")) {
            JsonNode dependsOn = body.get("depends_on");
            if (!dependsOn.isArray()) {
                problems.add(address + ".depends_on: not a list");
            } else {
                dependsOn.forEach(reference -> {
                    if (!reference.isTextual() || !REFERENCE.matcher(reference.textValue()).matches()) {
                        problems.add(address + ".depends_on: not a reference: " + reference);
                    }
                });
            }
        }
        aws(address, type, body, problems);
    }

    private static void aws(String address, String type, JsonNode body, List<String> problems) {
        switch (type) {
            case "aws_organizations_account" -> {
                String email = text(body, "email");
                if (email.length() > RootEmail.MAX_LENGTH || !email.matches("[^@\\s]+@[^@\\s]+")) {
                    problems.add(address + ".email: not an email AWS accepts: " + email);
                }
                String name = text(body, "name");
                if (name.isEmpty() || name.length() > 50) {
                    problems.add(address + ".name: not 1 to 50 characters: " + name);
                }
                if (!Set.of("ALLOW", "DENY").contains(text(body, "iam_user_access_to_billing"))) {
                    problems.add(address + ".iam_user_access_to_billing: neither ALLOW nor DENY");
                }
                if (!body.path("lifecycle").path("prevent_destroy").asBoolean(false)) {
                    problems.add(address + ": an account must be protected by lifecycle.prevent_destroy");
                }
                JsonNode tags = body.path("tags");
                if (tags.size() > 50) {
                    problems.add(address + ".tags: more than 50");
                }
                tags.properties().forEach(tag -> {
                    if (!AWS_TAG_KEY.matcher(tag.getKey()).matches() || tag.getKey().startsWith("aws:")) {
                        problems.add(address + ".tags: AWS rejects the key " + tag.getKey());
                    }
                    String value = tag.getValue().isTextual() ? terraformLiteralOrEmpty(tag.getValue().textValue()) : null;
                    if (value == null || !AWS_TAG_VALUE.matcher(value).matches() || value.codePointCount(0, value.length()) > 256) {
                        problems.add(address + ".tags." + tag.getKey() + ": AWS rejects the value " + tag.getValue());
                    }
                });
            }
            case "aws_iam_user" -> {
                if (!IAM_USER_NAME.matcher(text(body, "name")).matches()) {
                    problems.add(address + ".name: not an IAM user name");
                }
            }
            case "aws_iam_user_group_membership" -> {
                if (!IAM_USER_NAME.matcher(text(body, "user")).matches() || !body.path("groups").isArray() || body.path("groups").isEmpty()) {
                    problems.add(address + ": needs a user and at least one group");
                }
            }
            default -> {
            }
        }
    }

    private static void imports(JsonNode imports, Set<String> declared, List<String> problems) {
        for (JsonNode block : bodies(imports)) {
            if (!block.isObject()) {
                problems.add("import: not an object");
                continue;
            }
            block.properties().forEach(property -> {
                String argument = property.getKey();
                if (!IMPORT_ARGUMENTS.contains(argument)) {
                    problems.add("import: unknown argument " + argument);
                }
            });
            String to = text(block, "to");
            if (!REFERENCE.matcher(to).matches()) {
                problems.add("import.to: not a resource reference: " + to);
            } else if (!declared.contains(to)) {
                problems.add("import.to: refers to no resource of the file: " + to);
            }
            if (!block.path("id").isTextual() || block.path("id").textValue().isEmpty()) {
                problems.add("import.id: missing");
            }
        }
    }

    private static void locals(JsonNode locals, List<String> problems) {
        for (JsonNode block : bodies(locals)) {
            if (!block.isObject()) {
                problems.add("locals: not an object");
                continue;
            }
            block.properties().forEach(local -> {
                if (!IDENTIFIER.matcher(local.getKey()).matches()) {
                    problems.add("locals: not a valid identifier: " + local.getKey());
                }
            });
        }
    }

    /** A block's bodies: Terraform's JSON syntax takes one object or a list of objects. */
    private static List<JsonNode> bodies(JsonNode node) {
        List<JsonNode> bodies = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(bodies::add);
        } else {
            bodies.add(node);
        }
        return bodies;
    }

    private static String text(JsonNode body, String field) {
        return body.path(field).isTextual() ? body.path(field).textValue() : "";
    }

    private static String terraformLiteralOrEmpty(String value) {
        try {
            return terraformLiteral(value);
        } catch (IllegalArgumentException interpolated) {
            return null;
        }
    }

    /** A parsed file, for tests that look inside. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parse(String content) {
        try {
            return MAPPER.readValue(content, LinkedHashMap.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
