package uk.gov.gds.awsam.agent.cli;

/** The agent's exit statuses. */
final class ExitCodes {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    /** As a shell reports a command stopped by Ctrl-C (128 + SIGINT). */
    static final int INTERRUPTED = 130;

    private ExitCodes() {
    }
}
