package uk.gov.gds.awsam.provisioner.domain;

import java.util.function.Supplier;

import uk.gov.gds.awsam.events.ResumableStage;

/**
 * A step of a request failed for good, or kept failing for a reason that may pass (then {@code retryable}).
 * Becomes a RequestFailed; the reason is for an engineer to act on, {@code whatNext} what a person does to move
 * the request on; neither carries a secret.
 */
public final class StepFailed extends RuntimeException {

    /** What to do after a failure that may pass by itself. */
    public static final String RETRY_LATER = "this may pass by itself (AWS was unavailable, throttling or slow):"
            + " an engineer replays the dead-lettered event or retries the request from its page once AWS answers again";

    private final ResumableStage stage;
    private final String reason;
    private final boolean retryable;
    private final int attempt;
    private final String whatNext;

    public StepFailed(ResumableStage stage, String reason, boolean retryable, int attempt, String whatNext, Throwable cause) {
        super(stage + ": " + reason, cause);
        this.stage = stage;
        this.reason = reason;
        this.retryable = retryable;
        this.attempt = Math.max(1, attempt);
        this.whatNext = whatNext;
    }

    /** A failure that may pass: throttling, outages, AWS slower than the provisioner waits. */
    public static StepFailed retryable(ResumableStage stage, String reason, int attempt, Throwable cause) {
        return new StepFailed(stage, reason, true, attempt, RETRY_LATER, cause);
    }

    /** A failure that needs a change (content, configuration, AWS state) before trying again would help. */
    public static StepFailed permanent(ResumableStage stage, String reason, String whatNext) {
        return new StepFailed(stage, reason, false, 1, whatNext, null);
    }

    /** Runs a step; an AWS failure that retrying will not get over becomes a permanent failure of that stage. */
    public static <T> T during(ResumableStage stage, Supplier<T> step) {
        try {
            return step.get();
        } catch (AwsCallFailed failed) {
            throw new StepFailed(stage, failed.getMessage(), false, 1,
                    "an engineer looks at what AWS refused (above), fixes it, then retries the request from its page", failed);
        }
    }

    public ResumableStage stage() {
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

    /** What a person does next, for the requester and the engineers. */
    public String whatNext() {
        return whatNext;
    }
}
