package uk.gov.gds.awsam.provisioner.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The bootstrap role's trust policy: each admin's gds-users IAM user, and only while signed in with MFA.
 * Never an account root, never the whole gds-users account. Written compact: IAM's length quota counts
 * characters without whitespace.
 */
public final class TrustPolicy {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TrustPolicy() {
    }

    /** The policy document trusting exactly these IAM user ARNs, in this order, with MFA. */
    public static String trusting(List<String> userArns) {
        if (userArns.isEmpty()) {
            throw new IllegalArgumentException("a trust policy needs at least one principal");
        }
        for (String arn : userArns) {
            if (!arn.startsWith("arn:") || !arn.contains(":user/")) {
                throw new IllegalArgumentException(arn + " is not an IAM user ARN");
            }
        }
        ObjectNode policy = JSON.createObjectNode();
        policy.put("Version", "2012-10-17");
        ObjectNode statement = policy.putArray("Statement").addObject();
        statement.put("Effect", "Allow");
        ArrayNode principals = statement.putObject("Principal").putArray("AWS");
        userArns.forEach(principals::add);
        statement.put("Action", "sts:AssumeRole");
        statement.putObject("Condition").putObject("Bool").put("aws:MultiFactorAuthPresent", "true");
        return policy.toString();
    }

    /** The ARN IAM gives a user named {@code userName} (path "/") in {@code accountId}. */
    public static String userArn(String accountId, String userName) {
        return "arn:aws:iam::" + accountId + ":user/" + userName;
    }

    /** Whether any Allow statement of a policy document names the IAM user {@code userName} as an AWS principal. */
    public static boolean names(String policyDocument, String userName) {
        String suffix = "/" + userName.toLowerCase(Locale.ROOT);
        return awsPrincipals(policyDocument).stream()
                .map(p -> p.toLowerCase(Locale.ROOT))
                .anyMatch(p -> p.contains(":user/") && p.endsWith(suffix));
    }

    /** Every AWS principal of a policy document (string or list form). */
    public static List<String> awsPrincipals(String policyDocument) {
        List<String> found = new ArrayList<>();
        JsonNode root;
        try {
            root = JSON.readTree(policyDocument);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON policy document: " + e.getOriginalMessage(), e);
        }
        JsonNode statements = root == null ? null : root.get("Statement");
        if (statements == null) {
            return found;
        }
        for (JsonNode statement : statements.isArray() ? statements : JSON.createArrayNode().add(statements)) {
            JsonNode principal = statement.get("Principal");
            JsonNode aws = principal == null ? null : principal.get("AWS");
            if (aws == null) {
                continue;
            }
            if (aws.isArray()) {
                aws.forEach(p -> found.add(p.asText()));
            } else {
                found.add(aws.asText());
            }
        }
        return found;
    }
}
