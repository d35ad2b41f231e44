package uk.gov.gds.awsam.agent.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;

import uk.gov.gds.awsam.agent.domain.Terminal;

/**
 * Standard input and output when they are not a terminal (a pipe, a script): enough for {@code tasks},
 * {@code keys} and the confirmations of {@code returned}, but never for reading a secret or showing one.
 */
public final class StreamTerminal implements Terminal {

    private final BufferedReader in;
    private final PrintStream out;

    public StreamTerminal(BufferedReader in, PrintStream out) {
        this.in = in;
        this.out = out;
    }

    @Override
    public void say(String text) {
        out.println(text);
        out.flush();
    }

    @Override
    public void progress(String text) {
        // no transient status without a terminal
    }

    @Override
    public String ask(String prompt) {
        out.print(prompt + ": ");
        out.flush();
        try {
            String line = in.readLine();
            if (line == null) {
                throw new EndOfInput();
            }
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }


    @Override
    public char[] askHidden(String prompt) {
        throw new IllegalStateException("a secret can only be read from an interactive terminal");
    }

    @Override
    public void showOnce(String label, char[] secret, String prompt) {
        throw new IllegalStateException("a secret can only be shown on an interactive terminal");
    }
}
