package uk.gov.gds.awsam.agent.domain;

import java.util.Optional;

/** One request's root-MFA task: what was asked and how far it got. */
public record RootMfaTask(TaskEvent.MfaRequested request, Optional<TaskEvent.MfaSeeded> seeded,
        Optional<TaskEvent.Secured> secured, Optional<TaskEvent.KeysReturned> returned) {

    public enum Stage {
        /** RootMfaRequested, nothing since: an engineer runs {@code seed}. */
        AWAITING_SEED("awaiting seed"),
        /** RootMfaSeeded: the provisioner has to secure the account. */
        AWAITING_PROVISIONER("seeded, awaiting RootSecured"),
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
        if (seeded.isPresent()) {
            return Stage.AWAITING_PROVISIONER;
        }
        return Stage.AWAITING_SEED;
    }

    /** The command that moves the task on, or what it waits for. */
    public String nextStep() {
        return switch (stage()) {
            case AWAITING_SEED -> "yubikey-agent seed " + requestId();
            case AWAITING_PROVISIONER -> "wait for the provisioner (RootSecured)";
            case KEYS_TO_RETURN -> "keys back in the safe, then: yubikey-agent returned " + requestId();
            case COMPLETE -> "nothing";
        };
    }
}
