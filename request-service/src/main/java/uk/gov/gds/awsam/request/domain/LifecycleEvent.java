package uk.gov.gds.awsam.request.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import uk.gov.gds.awsam.events.ResumableStage;

/**
 * One event of a request's lifecycle as the view keeps it: its type, its id and the id of the event that
 * caused it (UUIDs held as two longs each, which is all a duplicate check and the causal order need; a cause
 * of 0/0 is none), when it happened, and what people want to see of it.
 */
public record LifecycleEvent(Type type, String requestId, long idHigh, long idLow, long causeHigh, long causeLow,
        long occurredAtMillis, Detail detail) {

    public LifecycleEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(detail, "detail");
    }

    public static LifecycleEvent of(Type type, String requestId, String eventId, Instant occurredAt, Detail detail) {
        return of(type, requestId, eventId, null, occurredAt, detail);
    }

    /** An event with the id of the event that caused it (null for none). */
    public static LifecycleEvent of(Type type, String requestId, String eventId, String causationId, Instant occurredAt,
            Detail detail) {
        UUID id = uuid(eventId);
        UUID cause = causationId == null ? new UUID(0, 0) : uuid(causationId);
        return new LifecycleEvent(type, requestId, id.getMostSignificantBits(), id.getLeastSignificantBits(),
                cause.getMostSignificantBits(), cause.getLeastSignificantBits(), occurredAt.toEpochMilli(), detail);
    }

    /** Whether this event was caused by that one. */
    boolean causedBy(LifecycleEvent other) {
        return (causeHigh != 0 || causeLow != 0) && causeHigh == other.idHigh && causeLow == other.idLow;
    }

    public Instant occurredAt() {
        return Instant.ofEpochMilli(occurredAtMillis);
    }

    public String eventId() {
        return new UUID(idHigh, idLow).toString();
    }

    boolean sameEvent(LifecycleEvent other) {
        return idHigh == other.idHigh && idLow == other.idLow && type == other.type;
    }

    /** Event ids are UUID strings; anything else is mapped to a name-based UUID, so it still identifies the event. */
    static UUID uuid(String eventId) {
        try {
            return UUID.fromString(eventId);
        } catch (IllegalArgumentException notAUuid) {
            return UUID.nameUUIDFromBytes(eventId.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The event types of the catalogue, as the lifecycle sees them. */
    public enum Type {
        REQUEST_SUBMITTED("Request submitted"),
        TERRAFORM_GENERATED("Terraform generated"),
        PR_OPENED("Pull request opened"),
        PR_MERGED("Pull request merged"),
        PR_CLOSED("Pull request closed without merging"),
        ACCOUNT_CREATED("Account created"),
        ROOT_MFA_REQUESTED("Root MFA requested"),
        ROOT_MFA_SEEDED("Root MFA seeded on YubiKeys"),
        ROOT_SECURED("Root secured"),
        YUBIKEYS_RETURNED("YubiKeys returned to the safe"),
        USER_CREATED("User created"),
        USER_REMOVED("User removed"),
        ACCOUNT_CLOSING("Account closing"),
        ACCOUNT_CLOSED("Account closed"),
        ROOT_MFA_REMOVED("Root MFA removed from YubiKeys"),
        BOOTSTRAP_ROLE_CHECKED("Bootstrap role checked"),
        REQUEST_FAILED("Failed"),
        REQUEST_WAITING("Waiting"),
        RETRY_REQUESTED("Retry requested"),
        DEAD_LETTER_REPLAYED("Dead letter replayed");

        private final String title;

        Type(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    /** What an event says, beyond its type and time. */
    public sealed interface Detail {
        /** In words, for a timeline. */
        String describe();
    }

    public record Submitted(Submission submission) implements Detail {
        @Override
        public String describe() {
            Submission.Closure closure = submission.closure();
            return submission.kind() == RequestKind.NEW_ACCOUNT
                    ? "New account " + submission.account().name() + " asked for by " + submission.requesterEmail()
                    : closure != null ? "Closure of account " + closure.accountName() + " (" + closure.accountId() + ") asked for by "
                            + submission.requesterEmail() + ": " + closure.reason()
                    : (submission.kind() == RequestKind.USER_ACCESS ? "Access for " : "Removal of ")
                            + String.join(", ", submission.userEmails()) + " asked for by " + submission.requesterEmail();
        }
    }

    public record TerraformGenerated(RequestKind kind, String repository, String branch, List<String> subjects) implements Detail {
        @Override
        public String describe() {
            return "Changes for " + repository + " on branch " + branch;
        }
    }

    /** {@code warnings}: what pr-service could not add to the open pull request (labels, assignees, reviewers) and what to change. */
    public record PrOpened(String repository, int number, String url, List<String> warnings) implements Detail {
        public PrOpened {
            warnings = warnings == null ? List.of() : List.copyOf(warnings);
        }

        public PrOpened(String repository, int number, String url) {
            this(repository, number, url, List.of());
        }

        @Override
        public String describe() {
            return "Pull request " + repository + "#" + number + " waits for review"
                    + (warnings.isEmpty() ? "" : " (warning: " + String.join(" ", warnings) + ")");
        }
    }

    public record PrMerged(String repository, int number, String mergedBy, RequestKind kind, List<String> subjects) implements Detail {
        @Override
        public String describe() {
            return "Pull request " + repository + "#" + number + " merged by " + mergedBy;
        }
    }

    public record PrClosed(String repository, int number, String closedBy) implements Detail {
        @Override
        public String describe() {
            return "Pull request " + repository + "#" + number + " closed by " + closedBy + ": the request is rejected";
        }
    }

    /** @param adopted an existing account of the organisation was taken on: none was created */
    public record AccountCreated(String accountId, String accountName, boolean adopted) implements Detail {
        @Override
        public String describe() {
            return adopted ? "Existing account " + accountName + " (" + accountId + ") adopted: no new account was created"
                    : "Account " + accountName + " created: " + accountId;
        }
    }

    public record RootMfaRequested(String accountId, int keysRequired) implements Detail {
        @Override
        public String describe() {
            return "An engineer must seed root MFA of " + accountId + " on " + keysRequired + " YubiKeys";
        }
    }

    public record RootMfaSeeded(List<String> yubikeySerials, String engineer, boolean rootSignInTested) implements Detail {
        @Override
        public String describe() {
            return "Root MFA seeded by " + engineer + " on YubiKeys " + String.join(", ", yubikeySerials)
                    + (rootSignInTested ? "; root sign-in tested" : "; root sign-in NOT tested");
        }
    }

    public record RootSecured(String bootstrapRoleArn, List<String> trustedPrincipalArns, List<String> missingAdminUserEmails,
            boolean rootMfaVerified) implements Detail {
        @Override
        public String describe() {
            return "Root secured" + (rootMfaVerified ? "" : " (root MFA not verified with AWS)") + "; " + bootstrapRoleArn + " trusts "
                    + trustedPrincipalArns.size() + " admin(s)"
                    + (missingAdminUserEmails.isEmpty() ? "" : "; not trusted (no IAM user): " + String.join(", ", missingAdminUserEmails));
        }
    }

    public record YubikeysReturned(List<String> yubikeySerials, String engineer) implements Detail {
        @Override
        public String describe() {
            return "YubiKeys " + String.join(", ", yubikeySerials) + " returned to the safe by " + engineer;
        }
    }

    /**
     * @param adopted      an IAM user of that name already existed and was kept
     * @param passwordSent an initial password was set and sent to the user (false: their login profile was kept)
     */
    public record UserCreated(String userName, String arn, boolean adopted, boolean passwordSent) implements Detail {
        @Override
        public String describe() {
            return (adopted ? "Existing IAM user " + userName + " adopted" : "IAM user " + userName + " created")
                    + (passwordSent ? "; an initial password was sent to them" : "; no password sent: their existing one is unchanged");
        }
    }

    /**
     * @param unreadableAccounts accounts whose trust policies could not be read, as "id (why)"
     * @param userExisted        false when gds-users had no such IAM user: there was nothing to remove
     */
    public record UserRemoved(String userName, List<String> trustPoliciesStillNamingUser, List<String> unreadableAccounts,
            boolean userExisted) implements Detail {
        @Override
        public String describe() {
            return (userExisted ? "IAM user " + userName + " removed" : userName + " had no IAM user in gds-users: nothing to remove")
                    + (trustPoliciesStillNamingUser.isEmpty() ? "" : "; still named in the trust policies of " + String.join(", ", trustPoliciesStillNamingUser))
                    + (unreadableAccounts.isEmpty() ? "" : "; trust policies not read (unknown whether they name them): "
                            + String.join(", ", unreadableAccounts));
        }
    }

    /** @param whatNext what a person does next, in the failing service's words; null when it could not say */
    public record Failed(String stage, String reason, boolean retryable, int attempt, String whatNext) implements Detail {
        @Override
        public String describe() {
            return stage + " failed (attempt " + attempt + (retryable ? ", may succeed if retried" : "") + "): " + reason
                    + (whatNext == null || whatNext.isBlank() ? "" : ". Next: " + whatNext);
        }
    }

    /** {@code stage} CLOSE_ACCOUNT: a closure queued for the closure quota (or closures in flight) until it will go. */
    public record Waiting(String stage, String waitingFor, String reason, Instant until) implements Detail {

        public boolean isClosureQueue() {
            return ResumableStage.CLOSE_ACCOUNT.name().equals(stage);
        }

        @Override
        public String describe() {
            if (isClosureQueue()) {
                return "Queued for " + waitingFor + ": " + reason + "; " + (until == null ? "when it will go is not known yet"
                        : "it will go on " + day(until));
            }
            return stage + " is waiting for " + waitingFor + (until == null ? "" : " until " + until) + ": " + reason;
        }
    }

    public record AccountClosing(String accountId, String accountName, String suspendedParentId) implements Detail {
        @Override
        public String describe() {
            return "Closing: " + accountName + " (" + accountId + ") moved to " + suspendedParentId
                    + " and AWS accepted CloseAccount; it counts against the closure quota for 30 days";
        }
    }

    public record AccountClosed(String accountId, String accountName, Instant reinstatableUntil, String credentialName) implements Detail {
        @Override
        public String describe() {
            return "Closed: AWS can reinstate it until " + day(reinstatableUntil) + "; " + accountName + " (" + accountId
                    + ") is suspended, and " + credentialName + " is still on the YubiKeys";
        }
    }

    public record RootMfaRemoved(String accountId, String credentialName, List<String> yubikeySerials, String engineer) implements Detail {
        @Override
        public String describe() {
            return credentialName + " deleted from YubiKeys " + String.join(", ", yubikeySerials) + " by " + engineer
                    + ": the closure is complete";
        }
    }

    /**
     * The provisioner looked, through the account's audit role, for the bootstrap role handed over to the requesters, who
     * must replace it with a properly named admin role; {@code detail} says why it could not look (NOT_VISIBLE), and
     * {@code nextCheckAt} is null when it will not look again.
     */
    public record BootstrapRoleChecked(String accountId, String accountName, String roleName, State state, String detail,
            Instant handedOverAt, Instant checkedAt, Instant nextCheckAt) implements Detail {

        /** What the provisioner saw. */
        public enum State {
            /** The requesters have not replaced it yet: the requester and the account's admins are reminded. */
            PRESENT,
            /** Gone: nothing more to remind. */
            REMOVED,
            /** The provisioner could not look (the audit role missing or refused, AWS silent): the engineers are told. */
            NOT_VISIBLE
        }

        /** Why the provisioner could not look, as it said. */
        public String reason() {
            return detail == null || detail.isBlank() ? "the provisioner did not say why" : detail;
        }

        /** Whole days from hand-over to {@code at}. */
        public long daysSinceHandOver(Instant at) {
            return Math.max(0, java.time.Duration.between(handedOverAt, at).toDays());
        }

        @Override
        public String describe() {
            String when = day(checkedAt) + ", " + days(daysSinceHandOver(checkedAt)) + " after hand-over (" + day(handedOverAt) + ")";
            return switch (state) {
                case PRESENT -> "Bootstrap role " + roleName + " still in place on " + when
                        + ": the requester and the account's admins are reminded to replace it with a properly named admin role"
                        + (nextCheckAt == null ? "" : "; next look on " + day(nextCheckAt));
                case REMOVED -> "Bootstrap role " + roleName + " removed: gone when looked for on " + when + "; no more reminders";
                case NOT_VISIBLE -> "Could not look for the bootstrap role " + roleName + " on " + when + ": "
                        + reason() + "; the engineers are told, and nobody is reminded meanwhile"
                        + (nextCheckAt == null ? "" : "; next try on " + day(nextCheckAt));
            };
        }

        private static String days(long days) {
            return days + (days == 1 ? " day" : " days");
        }
    }

    /** A day as people write it, e.g. 2027-01-05 (UTC). */
    public static String day(Instant at) {
        return at.atZone(java.time.ZoneOffset.UTC).toLocalDate().toString();
    }

    /** @param failedEventId the RequestFailed retried; null when the retry names none */
    public record RetryRequested(String stage, String engineer, String reason, String failedEventId) implements Detail {
        @Override
        public String describe() {
            return engineer + " asked for " + stage + " to be retried: " + reason;
        }
    }

    /**
     * Where the replayed record was dead-lettered ({@code deadLetterTopic}, {@code partition}, {@code offset}) and
     * why ({@code error}, null when the dead letter did not say).
     */
    public record DeadLetterReplayed(String topic, String engineer, String reason, String deadLetterTopic, int partition, long offset,
            String error) implements Detail {
        @Override
        public String describe() {
            return engineer + " replayed to " + topic + " the record dead-lettered at " + deadLetterTopic + "-" + partition + "@" + offset
                    + (error == null ? "" : " (" + error + ")") + (reason == null ? "" : ": " + reason);
        }
    }
}
