package uk.gov.gds.awsam.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Every log record of the JVM while open (the agent's own at every level, down to DEBUG), formatted as a
 * log file would have it, with parameters and stack traces: for tests that prove what never reaches a log.
 */
final class LogCapture extends Handler implements AutoCloseable {

    private static final Logger AGENT = Logger.getLogger("uk.gov.gds.awsam.agent");
    private final List<String> lines = new ArrayList<>();
    private final SimpleFormatter formatter = new SimpleFormatter();
    private final Level previous;

    LogCapture() {
        setLevel(Level.ALL);
        previous = AGENT.getLevel();
        AGENT.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(this);
    }

    @Override
    public synchronized void publish(LogRecord record) {
        String message = record instanceof org.jboss.logmanager.ExtLogRecord ext ? ext.getFormattedMessage()
                : formatter.formatMessage(record);
        StringBuilder line = new StringBuilder(record.getLevel() + " " + record.getLoggerName() + " " + message + "\n");
        if (record.getThrown() != null) {
            java.io.StringWriter trace = new java.io.StringWriter();
            record.getThrown().printStackTrace(new java.io.PrintWriter(trace));
            line.append(trace);
        }
        lines.add(line.toString());
    }

    synchronized String text() {
        return String.join("", lines);
    }

    synchronized int size() {
        return lines.size();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
        AGENT.setLevel(previous);
    }
}
