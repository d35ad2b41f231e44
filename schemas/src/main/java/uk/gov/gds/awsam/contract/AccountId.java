package uk.gov.gds.awsam.contract;

import java.util.regex.Pattern;

/** The id of an AWS account: twelve digits. */
public record AccountId(String value) {

    /** The rule in words, as refusals say it after the value. */
    public static final String RULE = "a 12-digit AWS account id";

    private static final Pattern FORM = Pattern.compile("[0-9]{12}");

    public AccountId {
        if (!isValid(value)) {
            throw new IllegalArgumentException("account id \"" + value + "\" is not " + RULE);
        }
    }

    public static boolean isValid(String text) {
        return text != null && FORM.matcher(text).matches();
    }
}
