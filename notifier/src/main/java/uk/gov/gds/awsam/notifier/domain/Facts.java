package uk.gov.gds.awsam.notifier.domain;

import java.time.Instant;
import java.util.List;

/**
 * The facts of the lifecycle events the notifier reacts to, as the domain sees them. Messaging decodes each event it
 * emails about into an {@link Event} and asks {@link Notifications#emailsFor} for its emails.
 */
public final class Facts {

    private Facts() {
    }

    /** An event that gives emails (the permitted records are those of this file). */
    public sealed interface Event {
    }

    public record Submitted(String eventId, Request request) implements Event {
    }

    public record PullRequestOpened(String eventId, String requestId, String repository, int number, String url) implements Event {
    }

    public record PullRequestClosed(String eventId, String requestId, String repository, int number, String closedBy)
            implements Event {
    }

    public record RootMfaNeeded(String eventId, String requestId, String accountId, String accountName, String rootEmail,
            String credentialName, int keysRequired, String consoleSignInUrl) implements Event {
    }

    /** Who seeded root MFA, on which keys. */
    public record RootMfaSeeded(String eventId, String requestId, String accountId, String engineer, List<String> serials) {

        public RootMfaSeeded {
            serials = List.copyOf(serials);
        }
    }

    public record AccountSecured(String eventId, String requestId, Instant occurredAt, String accountId,
            String bootstrapRoleArn, List<String> trustedPrincipalArns, List<String> missingAdmins) implements Event {

        public AccountSecured {
            trustedPrincipalArns = List.copyOf(trustedPrincipalArns);
            missingAdmins = List.copyOf(missingAdmins);
        }
    }

    public record KeysReturned(String eventId, String requestId, String accountId) {
    }

    /**
     * @param adopted        whether an IAM user of that name already existed and was kept (not created)
     * @param sealedPassword the initial password as it travelled, null when the user's existing password was kept
     */
    public record UserCreated(String eventId, String requestId, String userName, String arn, List<String> groups,
            boolean adopted, InitialPassword.Sealed sealedPassword) implements Event {

        public UserCreated {
            groups = List.copyOf(groups);
        }
    }

    /**
     * @param trustPoliciesStillNamingUser bootstrap roles, among the accounts that could be read, that still trust the user
     * @param unreadableAccounts           accounts whose trust policies could not be read, as "id (why)"
     * @param userExisted                  false when gds-users had no such IAM user: there was nothing to remove
     */
    public record UserRemoved(String eventId, String requestId, String userName, List<String> removed,
            List<String> trustPoliciesStillNamingUser, List<String> unreadableAccounts, boolean userExisted) implements Event {

        public UserRemoved {
            removed = List.copyOf(removed);
            trustPoliciesStillNamingUser = List.copyOf(trustPoliciesStillNamingUser);
            unreadableAccounts = List.copyOf(unreadableAccounts);
        }
    }

    /** A step waits on something outside the system; {@code until} is when it goes on, null when not known. */
    public record Waiting(String eventId, String requestId, String stage, String waitingFor, String reason, Instant until)
            implements Event {
    }

    /** AWS accepted the closure of an account moved to the suspended OU: it is closing. */
    public record Closing(String eventId, String requestId, String accountId, String accountName, String suspendedParentId,
            Instant closureRequestedAt) implements Event {
    }

    /** AWS closed the account (SUSPENDED); it can reinstate it until {@code reinstatableUntil}. */
    public record Closed(String eventId, String requestId, String accountId, String accountName, Instant closedAt,
            Instant reinstatableUntil) implements Event {
    }

    /** The closed account's root MFA credential was deleted from both YubiKeys: the closure is complete. */
    public record MfaRemoved(String eventId, String requestId, String accountId, String credentialName, List<String> serials)
            implements Event {

        public MfaRemoved {
            serials = List.copyOf(serials);
        }
    }

    /**
     * The provisioner looked, through the account's audit role, for the bootstrap role handed over to the requesters.
     *
     * @param detail      why it could not look ({@link RoleState#NOT_VISIBLE}); null otherwise
     * @param nextCheckAt when it looks again; null when it will not
     */
    public record BootstrapRoleChecked(String eventId, String requestId, String accountId, String accountName, String roleName,
            RoleState state, String detail, Instant handedOverAt, Instant checkedAt, Instant nextCheckAt) implements Event {

        /** PRESENT: still there; REMOVED: gone; NOT_VISIBLE: the provisioner could not look. */
        public enum RoleState {
            PRESENT, REMOVED, NOT_VISIBLE
        }
    }

    /** @param whatNext what a person does next, in the failing service's words; null when it could not say */
    public record Failure(String eventId, String requestId, String stage, String reason, boolean retryable, int attempt,
            String whatNext) implements Event {
    }
}
