package uk.gov.gds.awsam.agent.domain;

/**
 * The engineer's terminal, as the runbooks see it. The real one is the console (hidden input, the
 * password erased from the screen once used); tests drive the runbooks through a scripted one.
 */
public interface Terminal {

    /** Prints a line. */
    void say(String text);

    /** Shows a transient status (a countdown) in place of the previous one; the next line replaces it. */
    void progress(String text);

    /** Reads a visible line. Throws {@link EndOfInput} when the input is closed (Ctrl-D). */
    String ask(String prompt);

    /** Asks a yes/no question; anything but y or yes is no. */
    default boolean confirm(String question) {
        String answer = ask(question + " [y/N]").strip().toLowerCase(java.util.Locale.ROOT);
        return answer.equals("y") || answer.equals("yes");
    }

    /** Reads a line without echoing it; the caller wipes the result. */
    char[] askHidden(String prompt);

    /**
     * Shows a secret once: {@code label}, the secret on a line of its own, then {@code prompt}; when the
     * engineer presses Enter the secret is erased from the screen.
     */
    void showOnce(String label, char[] secret, String prompt);

    /** The input was closed (Ctrl-D) or the terminal went away: the runbook stops as for Ctrl-C. */
    final class EndOfInput extends RuntimeException {
        public EndOfInput() {
            super("the input was closed");
        }
    }
}
