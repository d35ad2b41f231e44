package uk.gov.gds.awsam.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The name of a new AWS account: lower-case words of the letters a to z separated by single dashes, at most
 * {@value #MAX_WORDS} words and {@value #MAX_LENGTH} characters.
 *
 * <p>AWS allows 1 to 50 printable ASCII characters (Organizations CreateAccount, {@code AccountName}). The name is
 * narrower because it is used unchanged as a file name, a branch segment, a Terraform resource key and the part of the
 * root email after {@code aws-root-accounts+}: no digit-only or dotted forms, no template sequence, nothing to escape.
 */
public record AccountName(String value) {

    public static final int MAX_LENGTH = 50;
    public static final int MAX_WORDS = 5;
    /** The rule in words, as the form's hint and the errors say it. */
    public static final String RULE = "lower-case words of the letters a to z, separated by single dashes";

    private static final Pattern FORM = Pattern.compile("[a-z]+(-[a-z]+)*");

    public AccountName {
        List<String> problems = problems(value);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("account name " + String.join(", ", problems));
        }
    }

    /** Whether a text is an account name. */
    public static boolean isValid(String name) {
        return problems(name).isEmpty();
    }

    /** What is wrong with a name, each in words that follow its field's name ("must be ..."); empty when nothing. */
    public static List<String> problems(String name) {
        if (name == null || name.isEmpty()) {
            return List.of("is required");
        }
        List<String> problems = new ArrayList<>(2);
        if (!FORM.matcher(name).matches()) {
            problems.add("must be " + RULE);
        } else if (name.split("-").length > MAX_WORDS) {
            problems.add("must be at most " + MAX_WORDS + " words");
        }
        if (name.length() > MAX_LENGTH) {
            problems.add("must be at most " + MAX_LENGTH + " characters");
        }
        return problems;
    }
}
