package uk.gov.gds.awsam.contract;

import java.util.Optional;

/**
 * The email of a person who has (or is to have) an IAM user in gds-users, which is also that user's name: an
 * {@link EmailAddress}, lower-cased, of at most {@value #MAX_LENGTH} characters, IAM's limit for a user name (whose
 * characters are {@code A-Z a-z 0-9 + = , . @ _ -}: every email address here fits them).
 */
public record IamUserEmail(String value) {

    /** The most characters IAM accepts in a user name. */
    public static final int MAX_LENGTH = 64;

    public IamUserEmail {
        problem(value).or(() -> value.equals(EmailAddress.normalised(value)) ? Optional.empty()
                : Optional.of("must be in lower case")).ifPresent(problem -> {
            throw new IllegalArgumentException("IAM user email " + problem);
        });
    }

    /** The email a text names, lower-cased (checked as given, before lower-casing). */
    public static IamUserEmail of(String text) {
        problem(text).ifPresent(problem -> {
            throw new IllegalArgumentException("IAM user email " + problem);
        });
        return new IamUserEmail(EmailAddress.normalised(text));
    }

    /** What is wrong with a text as an IAM user's email, in words; empty when nothing. */
    public static Optional<String> problem(String text) {
        return EmailAddress.problem(text, MAX_LENGTH);
    }

    /** Whether a text, once lower-cased, is an IAM user's email. */
    public static boolean isValid(String text) {
        return problem(text).isEmpty();
    }

    /** The domain, after the {@code @}. */
    public String domain() {
        return value.substring(value.indexOf('@') + 1);
    }
}
