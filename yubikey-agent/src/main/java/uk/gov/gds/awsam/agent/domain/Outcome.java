package uk.gov.gds.awsam.agent.domain;

/** How a runbook ended. */
public enum Outcome {
    /** Its event was published and acknowledged. */
    PUBLISHED,
    /** Its event was already on the topic: nothing to do. */
    ALREADY_DONE,
    /** A check failed; the runbook said why and what state it left. */
    FAILED,
    /** Ctrl-C or the input closed; the runbook said where it stopped. */
    INTERRUPTED
}
