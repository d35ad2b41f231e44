package uk.gov.gds.awsam.contract;

import java.text.Normalizer;
import java.util.Optional;

/**
 * A text that may become an AWS tag value on an account: at most {@value #MAX_LENGTH} characters (code points) of
 * letters, digits, plain spaces and {@code _ . : / = + - @}.
 *
 * <p>AWS's rule for tag values is {@code [\p{L}\p{Z}\p{N}_.:/=+\-@]*}, at most 256. Of the separators {@code \p{Z}}
 * only the plain space is kept: the others (no-break, thin, line and paragraph separators) are invisible look-alikes.
 * request-service refuses a text that breaks the rule ({@link #problem}); terraform-generator, which must write files
 * for whatever reaches it, reduces any text to it ({@link #fitted}). So the rule is one, held here.
 */
public record TagText(String value) {

    /** The most characters (Unicode code points) AWS accepts in a tag value. */
    public static final int MAX_LENGTH = 256;
    /** The characters a tag value may hold, in words. */
    public static final String CHARACTERS = "letters, digits, spaces and _ . : / = + - @";

    private static final String SYMBOLS = "_.:/=+-@";

    public TagText {
        problem(value).ifPresent(problem -> {
            throw new IllegalArgumentException("tag text " + problem);
        });
    }

    /** What is wrong with a text as a tag value, in words that follow its field's name; empty when nothing. */
    public static Optional<String> problem(String text) {
        if (text == null) {
            return Optional.of("is required");
        }
        if (text.codePointCount(0, text.length()) > MAX_LENGTH) {
            return Optional.of("must be at most " + MAX_LENGTH + " characters");
        }
        if (!text.codePoints().allMatch(TagText::isAllowed)) {
            return Optional.of("may contain only " + CHARACTERS + " (what AWS allows in a tag value)");
        }
        return Optional.empty();
    }

    /** Whether AWS accepts a character in a tag value (and this contract keeps it). */
    public static boolean isAllowed(int codePoint) {
        return Character.isLetter(codePoint) || isNumber(codePoint) || codePoint == ' ' || SYMBOLS.indexOf(codePoint) >= 0;
    }

    /**
     * Any text reduced to a valid tag value: in Unicode NFC; each run of characters AWS refuses becomes one space; runs
     * of spaces become one; trimmed and cut to {@value #MAX_LENGTH} characters. Empty when nothing usable is left.
     */
    public static String fitted(String raw) {
        if (raw == null) {
            return "";
        }
        String normalised = Normalizer.normalize(raw, Normalizer.Form.NFC);
        StringBuilder out = new StringBuilder(normalised.length());
        normalised.codePoints().forEach(c -> {
            boolean space = c == ' ' || !isAllowed(c);
            if (!space) {
                out.appendCodePoint(c);
            } else if (out.length() > 0 && out.charAt(out.length() - 1) != ' ') {
                out.append(' ');
            }
        });
        String kept = out.toString().strip();
        if (kept.codePointCount(0, kept.length()) > MAX_LENGTH) {
            kept = kept.substring(0, kept.offsetByCodePoints(0, MAX_LENGTH)).strip();
        }
        return kept;
    }

    private static boolean isNumber(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER || type == Character.OTHER_NUMBER;
    }
}
