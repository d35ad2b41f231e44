package uk.gov.gds.awsam.agent.domain;

import java.time.Instant;
import java.util.List;

/** The facts of a root-MFA task, as read from the topics (one record per event the agent cares about). */
public sealed interface TaskEvent {

    String requestId();

    String eventId();

    Instant occurredAt();

    /** RootMfaRequested: an engineer must seed root MFA on the keys. */
    record MfaRequested(String requestId, String eventId, Instant occurredAt, String accountId, String accountName,
            String rootEmail, String credentialName, int keysRequired, String consoleSignInUrl) implements TaskEvent {
    }

    /** RootMfaSeeded: it was done. */
    record MfaSeeded(String requestId, String eventId, Instant occurredAt, String accountId, List<String> serials,
            String engineer, boolean signInTested) implements TaskEvent {
        public MfaSeeded {
            serials = List.copyOf(serials);
        }
    }

    /** RootSecured: the provisioner secured the account; the keys can go back to the safe. */
    record Secured(String requestId, String eventId, Instant occurredAt, String accountId) implements TaskEvent {
    }

    /** YubikeysReturned: the keys are back in the safe; the task is complete. */
    record KeysReturned(String requestId, String eventId, Instant occurredAt, String accountId, List<String> serials,
            String engineer) implements TaskEvent {
        public KeysReturned {
            serials = List.copyOf(serials);
        }
    }

    /** RequestFailed: a step of the request failed; a person must fix the cause, then retry it. */
    record Failed(String requestId, String eventId, Instant occurredAt, String stage, String reason, boolean retryable,
            String whatNext) implements TaskEvent {
    }

    /** RetryRequested: an engineer asked for a failed stage to be resumed ({@code failedEventId}: the failure retried). */
    record RetryAsked(String requestId, String eventId, Instant occurredAt, String stage, String failedEventId, String engineer,
            String reason) implements TaskEvent {
    }

    /** AccountClosed: AWS closed the account; its root MFA credential is still on the keys in the safe. */
    record AccountClosed(String requestId, String eventId, Instant occurredAt, String accountId, String accountName,
            String credentialName) implements TaskEvent {
    }

    /** RootMfaRemoved: the credential was deleted from both keys and the keys returned; the closure is complete. */
    record MfaRemoved(String requestId, String eventId, Instant occurredAt, String accountId, List<String> serials,
            String engineer) implements TaskEvent {
        public MfaRemoved {
            serials = List.copyOf(serials);
        }
    }
}
