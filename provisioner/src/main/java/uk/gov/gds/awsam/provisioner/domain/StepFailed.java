package uk.gov.gds.awsam.provisioner.domain;

import java.util.function.Supplier;

/**
 * A step of a request failed for good, or kept failing for a reason that may pass (then {@code retryable}).
 * Becomes a RequestFailed; the reason is for an engineer to act on and never carries a secret.
 */
public final class StepFailed extends RuntimeException {

    private final Stage stage;
    private final String reason;
    private final boolean retryable;
    private final int attempt;

    public StepFailed(Stage stage, String reason, boolean retryable, int attempt, Throwable cause) {
        super(stage + ": " + reason, cause);
        this.stage = stage;
        this.reason = reason;
        this.retryable = retryable;
        this.attempt = Math.max(1, attempt);
    }

    /** A failure that needs a change (content, configuration, AWS state) before trying again would help. */
    public static StepFailed permanent(Stage stage, String reason) {
        return new StepFailed(stage, reason, false, 1, null);
    }

    public static StepFailed permanent(Stage stage, AwsCallFailed cause) {
        return new StepFailed(stage, cause.getMessage(), false, 1, cause);
    }

    /** Runs a step; an AWS failure that retrying will not get over becomes a permanent failure of that stage. */
    public static <T> T during(Stage stage, Supplier<T> step) {
        try {
            return step.get();
        } catch (AwsCallFailed failed) {
            throw permanent(stage, failed);
        }
    }

    public Stage stage() {
        return stage;
    }

    public String reason() {
        return reason;
    }

    public boolean retryable() {
        return retryable;
    }

    /** Which attempt failed, from 1. */
    public int attempt() {
        return attempt;
    }
}
