package uk.gov.gds.awsam.provisioner.domain;

import java.time.Instant;
import java.util.List;

import uk.gov.gds.awsam.events.Envelope;
import uk.gov.gds.awsam.events.EventType;

/**
 * What the provisioner publishes, in domain terms, each with the id derived from the event it follows (published
 * once however often a handler runs); messaging's {@code ProvisionerEvents} turns each into its Avro event.
 */
public final class Facts {

    private Facts() {
    }

    public sealed interface Fact permits AccountCreated, RootMfaRequested, UserCreated, UserRemoved, RootSecured, AccountClosing, AccountClosed,
            BootstrapRoleChecked, Failed {
        String eventId();
    }

    /** {@code started}: when this handling began to provision the account. */
    public record AccountCreated(String eventId, String requestId, String causationId, ProvisionedAccount account,
            List<String> adminUserEmails, Instant started) implements Fact { }

    public record RootMfaRequested(String eventId, String requestId, String causationId, ProvisionedAccount account) implements Fact { }

    public record UserCreated(String eventId, String requestId, String causationId, CreatedUser user) implements Fact { }

    public record UserRemoved(String eventId, String requestId, String causationId, RemovedUser user) implements Fact { }

    public record RootSecured(String eventId, String requestId, String causationId, SecuredRoot root) implements Fact { }

    /** Moved to the suspended unit and CloseAccount accepted (PENDING_CLOSURE): counts against the closure quota from {@code requestedAt}. */
    public record AccountClosing(String eventId, String requestId, String causationId, String accountId, String accountName,
            String suspendedParentId, Instant requestedAt) implements Fact { }

    /** AWS shows the account SUSPENDED since {@code closedAt}: it can be reinstated for 90 days. */
    public record AccountClosed(String eventId, String requestId, String causationId, String accountId, String accountName,
            Instant closedAt) implements Fact { }

    /**
     * The provisioner looked for the bootstrap role of a handed-over account ({@code detail}: why it could not, for
     * NOT_VISIBLE; {@code nextCheckAt}: null when it will not look again).
     */
    public record BootstrapRoleChecked(String eventId, String requestId, String causationId, String accountId, String accountName,
            String roleName, BootstrapRoleSchedule.RoleState state, String detail, Instant handedOverAt, Instant checkedAt,
            Instant nextCheckAt) implements Fact { }

    /** A stage failed for {@code subject}: once per cause (the run's event), stage and subject. */
    public record Failed(String eventId, String requestId, String causationId, String subject, StepFailed failure) implements Fact {

        public static Failed of(Run run, String subject, StepFailed failure) {
            return new Failed(Envelope.derivedEventId(run.causeId(), EventType.REQUEST_FAILED, failure.stage().name(), subject),
                    run.requestId(), run.causeId(), subject, failure);
        }
    }
}
