package uk.gov.gds.awsam.agent.domain;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The words the engineer reads (prompts, explanations, outcomes), kept in {@code runbooks.properties} (UTF-8) as
 * {@link MessageFormat} patterns; the runbooks hold only the keys. The secrets are only ever {@code char[]} and
 * {@code byte[]}, and no array is taken as an argument, so none can reach the words.
 */
public final class Wording {

    private static final ResourceBundle TEXTS = ResourceBundle.getBundle("runbooks", Locale.ROOT);

    private Wording() {
    }

    public static String text(String key, Object... args) {
        for (Object arg : args) {
            if (arg != null && arg.getClass().isArray()) {
                throw new IllegalArgumentException("an array (a secret?) for the words of " + key);
            }
        }
        return new MessageFormat(TEXTS.getString(key), Locale.ROOT).format(args);
    }
}
