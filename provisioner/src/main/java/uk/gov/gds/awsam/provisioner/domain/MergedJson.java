package uk.gov.gds.awsam.provisioner.domain;

import java.math.BigInteger;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import uk.gov.gds.awsam.contract.TerraformLayout;
import uk.gov.gds.awsam.events.ResumableStage;

/**
 * The strict reading of a merged Terraform JSON file that {@link MergedContent}'s file readers share: parsed with
 * duplicate keys refused into plain Java ({@link Map}, {@link List}, {@link String}, {@link Boolean}, numbers) through
 * the {@link Json} port, so the readers need no JSON library; only the keys the layout contract allows (and Terraform's comment key); strings read
 * as the literal text Terraform reads (interpolation and directives refused); every refusal a permanent
 * {@link StepFailed}.
 */
final class MergedJson {

    private MergedJson() {
    }

    /** The file's JSON object, keys in the file's order. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(Json json, MergedFile file) {
        Object root;
        try {
            root = json.readRefusingDuplicateKeys(file.content());
        } catch (Json.Invalid e) {
            throw reject(file.path() + " is not valid JSON: " + e.getMessage());
        }
        if (!(root instanceof Map<?, ?>)) {
            throw reject(file.path() + " is not a JSON object");
        }
        return (Map<String, Object>) root;
    }

    /** A Terraform block that may be one object or a list of them, as its list. */
    static List<?> oneOrMany(Object block) {
        return block instanceof List<?> list ? list : List.of(block);
    }

    /** Names the contract allows somewhere, with Terraform's comment key. */
    static Set<String> withComment(Set<String> names) {
        Set<String> allowed = new LinkedHashSet<>(names);
        allowed.add(TerraformLayout.COMMENT);
        return allowed;
    }

    static void allowOnly(Map<String, Object> object, Set<String> allowed, String problem) {
        for (String key : object.keySet()) {
            if (!allowed.contains(key)) {
                throw reject(problem + " \"" + key + "\"");
            }
        }
    }

    static void noInterpolation(Object value, String path) {
        if (value instanceof String text) {
            literal(text, path);
        } else if (value instanceof Map<?, ?> map) {
            map.values().forEach(child -> noInterpolation(child, path));
        } else if (value instanceof List<?> list) {
            list.forEach(child -> noInterpolation(child, path));
        }
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

    /** A JSON object, or a refusal saying {@code problem}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object value, String problem) {
        if (!(value instanceof Map<?, ?>)) {
            throw reject(problem);
        }
        return (Map<String, Object>) value;
    }

    static String text(Map<String, Object> object, String field, String path) {
        String value = optionalText(object, field, path);
        if (value == null || value.isBlank()) {
            throw reject(path + ": \"" + field + "\" is required");
        }
        return value;
    }

    static String optionalText(Map<String, Object> object, String field, String path) {
        Object value = object.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw reject(path + ": \"" + field + "\" must be a string");
        }
        return literal(text, path);
    }

    /** A JSON value read as a boolean: a boolean, "true" or "false", a whole number other than 0; else {@code otherwise}. */
    static boolean asBoolean(Object value, boolean otherwise) {
        if (value instanceof Boolean bool) {
            return bool;
        }
        if (value instanceof String text && (text.trim().equals("true") || text.trim().equals("false"))) {
            return text.trim().equals("true");
        }
        if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
            return ((Number) value).doubleValue() != 0;
        }
        return otherwise;
    }

    static StepFailed reject(String reason) {
        return StepFailed.permanent(ResumableStage.VERIFY_MERGED_CONTENT, reason,
                "the merged files must be the ones terraform-generator wrote for the request: an engineer corrects the pull request or opens a new request");
    }
}
