package uk.gov.gds.awsam.agent.cli;

import uk.gov.gds.awsam.agent.domain.Outcome;

/** The agent's exit statuses, and the one place a runbook's outcome becomes one. */
final class ExitCodes {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    /** As a shell reports a command stopped by Ctrl-C (128 + SIGINT). */
    static final int INTERRUPTED = 130;

    private ExitCodes() {
    }

    static int of(Outcome outcome) {
        return switch (outcome) {
            case PUBLISHED, ALREADY_DONE -> OK;
            case INTERRUPTED -> INTERRUPTED;
            case FAILED -> FAILED;
        };
    }
}
