package uk.gov.gds.awsam.agent.domain;

import java.util.Optional;

import uk.gov.gds.awsam.events.ResumableStage;

/**
 * One request's root-MFA task: what was asked and how far it got, the failure that stops it (if one stands: not
 * retried since), and the latest retry an engineer asked for.
 */
public record RootMfaTask(TaskEvent.MfaRequested request, Optional<TaskEvent.MfaSeeded> seeded,
        Optional<TaskEvent.Secured> secured, Optional<TaskEvent.KeysReturned> returned, Optional<TaskEvent.Failed> failure,
        Optional<TaskEvent.RetryAsked> lastRetry) {

    /** The stage in which the provisioner secures the account from RootMfaSeeded; the one the agent can retry. */
    public static final String SECURE_ROOT = ResumableStage.SECURE_ROOT.name();

    public enum Stage {
        /** RootMfaRequested, nothing since: an engineer runs {@code seed}. */
        AWAITING_SEED("awaiting seed"),
        /** RootMfaSeeded: the provisioner has to secure the account. */
        AWAITING_PROVISIONER("seeded, awaiting RootSecured"),
        /** RequestFailed, not retried since: a person fixes the cause, then retries. */
        FAILED("failed"),
        /** RootSecured: the keys go back to the safe ({@code returned}). */
        KEYS_TO_RETURN("secured, keys to return"),
        /** YubikeysReturned: nothing left to do. */
        COMPLETE("complete");

        private final String words;

        Stage(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    public String requestId() {
        return request.requestId();
    }

    public String accountId() {
        return request.accountId();
    }

    public Stage stage() {
        if (returned.isPresent()) {
            return Stage.COMPLETE;
        }
        if (secured.isPresent()) {
            return Stage.KEYS_TO_RETURN;
        }
        if (failure.isPresent()) {
            return Stage.FAILED;
        }
        if (seeded.isPresent()) {
            return Stage.AWAITING_PROVISIONER;
        }
        return Stage.AWAITING_SEED;
    }

    /** Whether {@code verify} can resume it: seeded, then failed at SECURE_ROOT, not retried since. */
    public boolean canVerifyAgain() {
        return stage() == Stage.FAILED && seeded.isPresent() && SECURE_ROOT.equals(failure.get().stage());
    }

    /** The command that moves the task on, or what it waits for. */
    public String nextStep() {
        return switch (stage()) {
            case AWAITING_SEED -> "yubikey-agent seed " + requestId();
            case AWAITING_PROVISIONER -> lastRetry.map(retry -> "wait for the provisioner (RootSecured): " + retry.engineer()
                    + " asked for " + retry.stage() + " to be retried").orElse("wait for the provisioner (RootSecured)");
            case FAILED -> canVerifyAgain()
                    ? "fix the cause, then: yubikey-agent verify " + requestId() + " --reason \"<what you fixed>\" (no second seeding)"
                    : "fix the cause, then retry the request from its page (engineers)"
                            + (seeded.isEmpty() ? "; seed only once it has moved on" : "");
            case KEYS_TO_RETURN -> "keys back in the safe, then: yubikey-agent returned " + requestId();
            case COMPLETE -> "nothing";
        };
    }
}
