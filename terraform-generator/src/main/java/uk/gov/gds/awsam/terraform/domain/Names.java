package uk.gov.gds.awsam.terraform.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import uk.gov.gds.awsam.contract.Sha256;

/**
 * The names the generator derives from a request, each a pure function of it: branch, Terraform resource
 * keys, the requester's display name.
 */
public final class Names {

    /** The first segment of every branch the generator names. */
    public static final String BRANCH_PREFIX = "aws-accounts";
    /** The most characters of a branch's subject slug. */
    public static final int MAX_SUBJECT_SLUG_LENGTH = 40;
    /** A valid Terraform identifier. */
    public static final Pattern TERRAFORM_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    private static final Pattern NOT_SLUG = Pattern.compile("[^a-z0-9]+");
    private static final Pattern NOT_IDENTIFIER = Pattern.compile("[^a-z0-9_-]");

    private Names() {
    }

    /**
     * The branch of a request: {@code aws-accounts/<kind-slug>/<subject-slug>/<requestId>}. pr-service maps
     * a pull request back to its request by the last segment.
     */
    public static String branch(Kind kind, List<String> subjects, String requestId) {
        return BRANCH_PREFIX + "/" + kindSlug(kind) + "/" + subjectSlug(kind, subjects) + "/" + requestId;
    }

    /** {@code new-account}, {@code user-access}, {@code user-removal} or {@code account-closure}. */
    public static String kindSlug(Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * {@code [a-z0-9-]{1,40}}: the account name (the new one, or the one to close, slugged), or the first user's local part followed by
     * {@code -and-N-more} when there are several, cut to fit.
     */
    public static String subjectSlug(Kind kind, List<String> subjects) {
        if (kind == Kind.NEW_ACCOUNT || kind == Kind.ACCOUNT_CLOSURE) {
            return slug(subjects.get(0), MAX_SUBJECT_SLUG_LENGTH, "account");
        }
        String first = subjects.get(0);
        String more = subjects.size() > 1 ? "-and-" + (subjects.size() - 1) + "-more" : "";
        return slug(first.substring(0, first.indexOf('@')), MAX_SUBJECT_SLUG_LENGTH - more.length(), "user") + more;
    }

    /**
     * The Terraform resource key of a user's resources: the email with every character a Terraform
     * identifier cannot hold as {@code _} ({@code @} as {@code _at_}), after {@code user_}, and 8 hex
     * characters of the email's SHA-256 so that emails that read alike ({@code a.b@x}, {@code a_b@x}) keep
     * distinct keys in the one Terraform module of the users repository.
     */
    public static String userResourceKey(String email) {
        String readable = NOT_IDENTIFIER.matcher(email.replace("@", "_at_")).replaceAll("_");
        return "user_" + readable + "_" + Sha256.hex(email).substring(0, 8);
    }

    /**
     * A display name for an email, for a {@code Co-authored-by} trailer: the words of the local part
     * (before any {@code +}), capitalised, e.g. {@code jane.o-neil@x} gives {@code Jane O Neil}.
     */
    public static String displayName(String email) {
        String local = email.substring(0, email.lastIndexOf('@'));
        int plus = local.indexOf('+');
        if (plus > 0) {
            local = local.substring(0, plus);
        }
        List<String> words = new ArrayList<>();
        for (String word : local.split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty()) {
                words.add(word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1));
            }
        }
        return words.isEmpty() ? email : String.join(" ", words);
    }

    private static String slug(String text, int max, String fallback) {
        String slug = trimDashes(NOT_SLUG.matcher(text.toLowerCase(Locale.ROOT)).replaceAll("-"));
        if (slug.length() > max) {
            slug = trimDashes(slug.substring(0, max));
        }
        return slug.isEmpty() ? fallback : slug;
    }

    private static String trimDashes(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && text.charAt(start) == '-') {
            start++;
        }
        while (end > start && text.charAt(end - 1) == '-') {
            end--;
        }
        return text.substring(start, end);
    }
}
