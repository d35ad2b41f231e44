package uk.gov.gds.awsam.agent.domain;

/** A check of the runbook failed: the runbook stops, says why and what state it leaves. */
public class StepFailed extends RuntimeException {

    public StepFailed(String message) {
        super(message);
    }
}
