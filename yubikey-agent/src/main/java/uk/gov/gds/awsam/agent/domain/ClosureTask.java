package uk.gov.gds.awsam.agent.domain;

import java.util.Optional;

/** A closed account's root MFA credential, to delete from both keys ({@code remove}): pending until RootMfaRemoved. */
public record ClosureTask(TaskEvent.AccountClosed closed, Optional<TaskEvent.MfaRemoved> removed) {

    /** How many keys hold a root MFA credential, as seeding stores it. */
    public static final int KEYS = 2;

    public String requestId() {
        return closed.requestId();
    }

    public String accountId() {
        return closed.accountId();
    }

    public String credentialName() {
        return closed.credentialName();
    }

    public boolean done() {
        return removed.isPresent();
    }

    public String nextStep() {
        return done() ? "nothing" : "yubikey-agent remove " + requestId();
    }
}
