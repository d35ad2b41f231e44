package uk.gov.gds.awsam.agent.cli;

import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * While a runbook runs, Ctrl-C (which stops the JVM through its shutdown hooks) prints the runbook's own
 * account of where it stopped, and lets it wipe its secrets, instead of dying silently.
 */
final class Interruption implements AutoCloseable {

    private final Thread hook;

    private Interruption(Thread hook) {
        this.hook = hook;
    }

    static Interruption report(Supplier<String> report) {
        PrintStream out = System.out;
        Thread hook = new Thread(() -> {
            String text = report.get();
            if (!text.isEmpty()) {
                out.println();
                out.println(text);
                out.flush();
            }
        }, "yubikey-agent-interrupted");
        Runtime.getRuntime().addShutdownHook(hook);
        return new Interruption(hook);
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }
}
