package uk.gov.gds.awsam.agent.messaging;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import uk.gov.gds.awsam.agent.domain.ClosureTask;
import uk.gov.gds.awsam.agent.domain.RootMfaTask;
import uk.gov.gds.awsam.agent.domain.TaskEvent;
import uk.gov.gds.awsam.events.AccountClosed;
import uk.gov.gds.awsam.events.Envelope;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.RequestFailed;
import uk.gov.gds.awsam.events.RetryRequested;
import uk.gov.gds.awsam.events.RootMfaRemoved;
import uk.gov.gds.awsam.events.RootMfaRequested;
import uk.gov.gds.awsam.events.RootMfaSeeded;
import uk.gov.gds.awsam.events.RootSecured;
import uk.gov.gds.awsam.events.YubikeysReturned;

/** Avro events ⇄ the agent's domain facts. */
final class EventMapping {

    /** The topics the agent reads to know what is pending, what failed, what was retried, and which closed accounts' credentials to remove. */
    static final List<EventType> READ = List.of(EventType.ROOT_MFA_REQUESTED, EventType.ROOT_MFA_SEEDED,
            EventType.ROOT_SECURED, EventType.YUBIKEYS_RETURNED, EventType.REQUEST_FAILED, EventType.RETRY_REQUESTED,
            EventType.ACCOUNT_CLOSED, EventType.ROOT_MFA_REMOVED);

    /** The topics the agent publishes to (KafkaEventSink): after a seeding, a return, a retry asked for, and a removal. */
    static final List<EventType> WRITE = List.of(EventType.ROOT_MFA_SEEDED, EventType.YUBIKEYS_RETURNED, EventType.RETRY_REQUESTED,
            EventType.ROOT_MFA_REMOVED);

    private EventMapping() {
    }

    static Optional<TaskEvent> toDomain(Object record) {
        if (record instanceof RootMfaRequested e) {
            return Optional.of(new TaskEvent.MfaRequested(e.getRequestId(), e.getEventId(), e.getOccurredAt(), e.getAccountId(),
                    e.getAccountName(), e.getRootEmail(), e.getCredentialName(), e.getKeysRequired(), e.getConsoleSignInUrl()));
        }
        if (record instanceof RootMfaSeeded e) {
            return Optional.of(new TaskEvent.MfaSeeded(e.getRequestId(), e.getEventId(), e.getOccurredAt(), e.getAccountId(),
                    e.getYubikeySerials(), e.getEngineer(), e.getRootSignInTested()));
        }
        if (record instanceof RootSecured e) {
            return Optional.of(new TaskEvent.Secured(e.getRequestId(), e.getEventId(), e.getOccurredAt(), e.getAccountId()));
        }
        if (record instanceof YubikeysReturned e) {
            return Optional.of(new TaskEvent.KeysReturned(e.getRequestId(), e.getEventId(), e.getOccurredAt(), e.getAccountId(),
                    e.getYubikeySerials(), e.getEngineer()));
        }
        if (record instanceof RequestFailed e) {
            return Optional.of(new TaskEvent.Failed(e.getRequestId(), e.getEventId(), e.getOccurredAt(), e.getStage(), e.getReason(),
                    e.getRetryable(), e.getWhatNext()));
        }
        if (record instanceof RetryRequested e) {
            return Optional.of(new TaskEvent.RetryAsked(e.getRequestId(), e.getEventId(), e.getOccurredAt(), e.getStage(),
                    e.getFailedEventId(), e.getEngineer(), e.getReason()));
        }
        if (record instanceof AccountClosed e) {
            return Optional.of(new TaskEvent.AccountClosed(e.getRequestId(), e.getEventId(), e.getOccurredAt(), e.getAccountId(),
                    e.getAccountName(), e.getCredentialName()));
        }
        if (record instanceof RootMfaRemoved e) {
            return Optional.of(new TaskEvent.MfaRemoved(e.getRequestId(), e.getEventId(), e.getOccurredAt(), e.getAccountId(),
                    e.getYubikeySerials(), e.getEngineer()));
        }
        return Optional.empty();
    }

    /** RootMfaRemoved of a closed account: caused by its AccountClosed, with an id derived from it (a repeat is the same event). */
    static RootMfaRemoved removed(ClosureTask task, List<String> serials, String engineer, Instant now) {
        TaskEvent.AccountClosed closed = task.closed();
        return RootMfaRemoved.newBuilder()
                .setEventId(Envelope.derivedEventId(closed.eventId(), EventType.ROOT_MFA_REMOVED))
                .setRequestId(closed.requestId())
                .setOccurredAt(now)
                .setCausationId(closed.eventId())
                .setAccountId(closed.accountId())
                .setCredentialName(closed.credentialName())
                .setYubikeySerials(List.copyOf(serials))
                .setEngineer(engineer)
                .build();
    }

    /**
     * RetryRequested of the failure that stops a task (SECURE_ROOT): its id derives from the failure, as
     * request-service derives it, so a retry asked for here and on the request's page is one retry.
     */
    static RetryRequested retry(RootMfaTask task, String engineer, String reason, Instant now) {
        TaskEvent.Failed failure = task.failure().orElseThrow(() -> new IllegalStateException("no failure to retry"));
        return RetryRequested.newBuilder()
                .setEventId(Envelope.derivedEventId(failure.eventId(), EventType.RETRY_REQUESTED))
                .setRequestId(task.requestId())
                .setOccurredAt(now)
                .setCausationId(failure.eventId())
                .setStage(failure.stage())
                .setEngineer(engineer)
                .setReason(reason)
                .setFailedEventId(failure.eventId())
                .build();
    }

    /**
     * RootMfaSeeded for a task. Its id derives from the task's RootMfaRequested, so a second publication
     * after a crash is the same event, not another one.
     */
    static RootMfaSeeded seeded(RootMfaTask task, List<String> serials, String engineer, boolean signInTested, Instant now) {
        TaskEvent.MfaRequested request = task.request();
        return RootMfaSeeded.newBuilder()
                .setEventId(Envelope.derivedEventId(request.eventId(), EventType.ROOT_MFA_SEEDED))
                .setRequestId(request.requestId())
                .setOccurredAt(now)
                .setCausationId(request.eventId())
                .setAccountId(request.accountId())
                .setCredentialName(request.credentialName())
                .setYubikeySerials(List.copyOf(serials))
                .setEngineer(engineer)
                .setRootSignInTested(signInTested)
                .build();
    }

    /** YubikeysReturned for a task: caused by its RootSecured (or RootMfaSeeded when not secured yet). */
    static YubikeysReturned returned(RootMfaTask task, List<String> serials, String engineer, Instant now) {
        TaskEvent.MfaRequested request = task.request();
        String cause = task.secured().map(TaskEvent::eventId)
                .or(() -> task.seeded().map(TaskEvent::eventId))
                .orElse(request.eventId());
        return YubikeysReturned.newBuilder()
                .setEventId(Envelope.derivedEventId(request.eventId(), EventType.YUBIKEYS_RETURNED))
                .setRequestId(request.requestId())
                .setOccurredAt(now)
                .setCausationId(cause)
                .setAccountId(request.accountId())
                .setYubikeySerials(List.copyOf(serials))
                .setEngineer(engineer)
                .build();
    }
}
