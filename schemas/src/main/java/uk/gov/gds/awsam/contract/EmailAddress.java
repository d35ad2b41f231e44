package uk.gov.gds.awsam.contract;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An email address as requests hold it: visible ASCII only (so a look-alike letter from another script cannot pass for
 * an allowed domain), compared and kept in lower case, a dot-atom local part of letters, digits and {@code . _ + = -}
 * (no leading, trailing or doubled dot) and a domain of at least two labels of letters, digits and inner dashes.
 * These are also the characters an IAM user name allows, less the comma, so a person's email can name their user.
 */
public record EmailAddress(String value) {

    /** The most characters of an email address (RFC 5321's path limit less the angle brackets). */
    public static final int MAX_LENGTH = 254;

    private static final Pattern FORM = Pattern.compile(
            "[a-z0-9_+=-]+(\\.[a-z0-9_+=-]+)*@[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+");

    public EmailAddress {
        problem(value, MAX_LENGTH).or(() -> value.equals(normalised(value)) ? Optional.empty() : Optional.of("must be in lower case")).ifPresent(problem -> {
            throw new IllegalArgumentException("email address " + problem);
        });
    }

    /** A contact's email address, lower-cased (checked as given, before lower-casing). */
    public static EmailAddress of(String text) {
        problem(text, MAX_LENGTH).ifPresent(problem -> {
            throw new IllegalArgumentException("email address " + problem);
        });
        return new EmailAddress(normalised(text));
    }

    /** Whether a text, once lower-cased, is an email address. */
    public static boolean isValid(String text) {
        return problem(text, MAX_LENGTH).isEmpty();
    }

    /** The form a text is checked and kept in: lower case. */
    public static String normalised(String text) {
        return text == null ? null : text.toLowerCase(Locale.ROOT);
    }

    /**
     * What is wrong with a text as an email address of at most {@code maxLength} characters, in words that follow its
     * field's name; empty when nothing. Case does not matter, but the text is checked for ASCII before it is
     * lower-cased, since lower-casing turns some look-alikes into ASCII (the Kelvin sign into {@code k}).
     */
    public static Optional<String> problem(String text, int maxLength) {
        if (text == null || text.isBlank()) {
            return Optional.of("is required");
        }
        if (!text.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            return Optional.of("must be an email address of ASCII letters, digits and . _ + = - only");
        }
        if (text.length() > maxLength) {
            return Optional.of("must be at most " + maxLength + " characters");
        }
        if (!FORM.matcher(normalised(text)).matches()) {
            return Optional.of("must be an email address (name@domain) of letters, digits and . _ + = - only");
        }
        return Optional.empty();
    }
}
