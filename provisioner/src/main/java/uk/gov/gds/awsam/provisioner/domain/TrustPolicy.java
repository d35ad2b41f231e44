package uk.gov.gds.awsam.provisioner.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The bootstrap role's trust policy: each admin's gds-users IAM user, and only while signed in with MFA.
 * Never an account root, never the whole gds-users account. Written compact: IAM's length quota counts
 * characters without whitespace. Documents are read and written through the {@link Json} port.
 */
public final class TrustPolicy {

    private final Json json;

    public TrustPolicy(Json json) {
        this.json = json;
    }

    /** The policy document trusting exactly these IAM user ARNs, in this order, with MFA. */
    public String trusting(List<String> userArns) {
        if (userArns.isEmpty()) {
            throw new IllegalArgumentException("a trust policy needs at least one principal");
        }
        for (String arn : userArns) {
            if (!arn.startsWith("arn:") || !arn.contains(":user/")) {
                throw new IllegalArgumentException(arn + " is not an IAM user ARN");
            }
        }
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Effect", "Allow");
        statement.put("Principal", Map.of("AWS", List.copyOf(userArns)));
        statement.put("Action", "sts:AssumeRole");
        statement.put("Condition", Map.of("Bool", Map.of("aws:MultiFactorAuthPresent", "true")));
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("Version", "2012-10-17");
        policy.put("Statement", List.of(statement));
        return json.write(policy);
    }

    /** Whether any Allow statement of a policy document names the IAM user {@code userName} as an AWS principal. */
    public boolean names(String policyDocument, String userName) {
        String suffix = "/" + userName.toLowerCase(Locale.ROOT);
        return awsPrincipals(policyDocument).stream()
                .map(p -> p.toLowerCase(Locale.ROOT))
                .anyMatch(p -> p.contains(":user/") && p.endsWith(suffix));
    }

    /** Every AWS principal of a policy document (string or list form). */
    public List<String> awsPrincipals(String policyDocument) {
        List<String> found = new ArrayList<>();
        Object root;
        try {
            root = json.read(policyDocument);
        } catch (Json.Invalid e) {
            throw new IllegalArgumentException("not a JSON policy document: " + e.getMessage(), e);
        }
        Object statements = root instanceof Map<?, ?> policy ? policy.get("Statement") : null;
        for (Object statement : statements instanceof List<?> list ? list : statements == null ? List.of() : List.of(statements)) {
            Object principal = statement instanceof Map<?, ?> map ? map.get("Principal") : null;
            Object aws = principal instanceof Map<?, ?> map ? map.get("AWS") : null;
            if (aws instanceof List<?> list) {
                list.forEach(p -> found.add(Json.asText(p)));
            } else if (aws != null) {
                found.add(Json.asText(aws));
            }
        }
        return found;
    }

    /** Whether two policy documents are the same JSON (key order and whitespace aside); not when either is not JSON. */
    public boolean sameDocument(String one, String other) {
        try {
            return Objects.equals(json.read(one), json.read(other));
        } catch (Json.Invalid e) {
            return false;
        }
    }
}
