package uk.gov.gds.awsam.contract;

import java.util.regex.Pattern;

/** Where an account sits in AWS Organizations: a root ({@code r-...}) or an organisational unit ({@code ou-...}). */
public record ParentId(String value) {

    /** The rule in words, as refusals say it after the value. */
    public static final String RULE = "an organisational unit id (ou-...) or a root id (r-...)";

    /** AWS Organizations' own pattern for a parent id. */
    private static final Pattern FORM = Pattern.compile("r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}");

    public ParentId {
        if (!isValid(value)) {
            throw new IllegalArgumentException("parent id \"" + value + "\" is not " + RULE);
        }
    }

    public static boolean isValid(String text) {
        return text != null && FORM.matcher(text).matches();
    }
}
