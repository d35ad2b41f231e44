package uk.gov.gds.awsam.agent.cli;

import java.io.Console;
import java.io.PrintWriter;

import uk.gov.gds.awsam.agent.domain.Terminal;

/**
 * The engineer's real terminal: lines in and out through the {@link Console}, the secret key read without
 * echo, and the root password shown on the terminal's alternate screen (as {@code less} does) so that it
 * never enters the normal screen or its scrollback, and is gone once the engineer presses Enter.
 */
public final class ConsoleTerminal implements Terminal {

    private static final String ALTERNATE_SCREEN = "\u001b[?1049h\u001b[H\u001b[2J";
    private static final String NORMAL_SCREEN = "\u001b[2J\u001b[?1049l";
    private static final String CLEAR_LINE = "\r\u001b[2K";

    private final Console console;
    private final PrintWriter out;
    private boolean progressShown;

    public ConsoleTerminal(Console console) {
        this.console = console;
        this.out = console.writer();
    }

    @Override
    public synchronized void say(String text) {
        endProgress();
        out.println(text);
        out.flush();
    }

    @Override
    public synchronized void progress(String text) {
        out.print(CLEAR_LINE + text);
        out.flush();
        progressShown = !text.isEmpty();
    }

    @Override
    public String ask(String prompt) {
        endProgress();
        String line = console.readLine("%s", prompt + ": ");
        if (line == null) {
            throw new EndOfInput();
        }
        return line;
    }


    @Override
    public char[] askHidden(String prompt) {
        endProgress();
        char[] secret = console.readPassword("%s", prompt + ": ");
        if (secret == null) {
            throw new EndOfInput();
        }
        return secret;
    }

    @Override
    public void showOnce(String label, char[] secret, String prompt) {
        endProgress();
        out.print(ALTERNATE_SCREEN);
        out.println(label);
        out.println();
        out.print("    ");
        out.print(secret);
        out.println();
        out.println();
        out.flush();
        try {
            if (console.readLine("%s", prompt + ": ") == null) {
                throw new EndOfInput();
            }
        } finally {
            out.print(NORMAL_SCREEN);
            out.flush();
        }
    }

    private void endProgress() {
        if (progressShown) {
            out.print(CLEAR_LINE);
            out.flush();
            progressShown = false;
        }
    }
}
