package uk.gov.gds.awsam.provisioner.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import uk.gov.gds.awsam.events.RequestWaiting;
import uk.gov.gds.awsam.events.ResumableStage;
import uk.gov.gds.awsam.provisioner.domain.AccountClosure;
import uk.gov.gds.awsam.provisioner.domain.Waiting;

/**
 * The closure queue as the provisioner's own events tell it (Kafka is the system of record, so it survives a restart):
 * a request whose latest queued closure wait (a RequestWaiting of stage CLOSE_ACCOUNT for the quota or the closures in
 * flight, recognised by its id, {@link ProvisionerEvents#waitingId}) has no AccountClosing, AccountClosed or
 * RequestFailed at or after it is still queued. {@link #due} says which of them to take up again now:
 * {@link ClosureQueueJob} resumes them from their PrMerged.
 */
final class QueuedClosures {

    /**
     * A queued closure: the event its handling was handling when it was put down (the PrMerged, or an engineer's
     * RetryRequested), when the wait was announced and until when it waits (null: not known).
     */
    record Queued(String requestId, String causeId, Instant announcedAt, Instant until) {

        Instant dueAt(Duration unknownAfter) {
            return until != null ? until : announcedAt.plus(unknownAfter);
        }
    }

    private final Map<String, Queued> waits = new ConcurrentHashMap<>();
    private final Map<String, Instant> ended = new ConcurrentHashMap<>();

    /**
     * Whether a handling that must wait puts the request down instead of waiting in place, its PrMerged acknowledged: a
     * closure queued for longer than {@code hold} (its {@code until} further away, or not known), or that has already
     * waited in place that long. Shorter waits (a few minutes of closures in flight) keep their timer.
     */
    static boolean putsDown(Waiting waiting, Duration waited, Instant now, Duration hold) {
        if (!waiting.queued() || waiting.stage() != ResumableStage.CLOSE_ACCOUNT || !AccountClosure.QUEUED_WAITS.contains(waiting.key())) {
            return false;
        }
        return waiting.until() == null || waiting.until().isAfter(now.plus(hold)) || waited.compareTo(hold) >= 0;
    }

    /** A RequestWaiting the provisioner published: kept when it is a closure's queued wait, the latest of the request's. */
    void waiting(RequestWaiting waiting) {
        String cause = waiting.getCausationId();
        if (cause == null || !ResumableStage.CLOSE_ACCOUNT.name().equals(waiting.getStage()) || AccountClosure.QUEUED_WAITS.stream()
                .noneMatch(key -> ProvisionerEvents.waitingId(cause, waiting.getStage(), key, waiting.getUntil()).equals(waiting.getEventId()))) {
            return;
        }
        Queued queued = new Queued(waiting.getRequestId(), cause, waiting.getOccurredAt(), waiting.getUntil());
        waits.merge(queued.requestId(), queued, (known, later) -> later.announcedAt().isBefore(known.announcedAt()) ? known : later);
    }

    /** An AccountClosing, AccountClosed or RequestFailed of the request at {@code at}: a closure queued before it is no longer waiting. */
    void ended(String requestId, Instant at) {
        ended.merge(requestId, at, (known, later) -> later.isAfter(known) ? later : known);
    }

    /**
     * The closures still queued whose wait is over at {@code now} ({@code until} passed; not known: announced at
     * least {@code unknownAfter} ago), the longest waiting first. Closures no longer queued are forgotten.
     */
    List<Queued> due(Instant now, Duration unknownAfter) {
        waits.values().removeIf(queued -> !stillQueued(queued));
        return waits.values().stream().filter(queued -> !queued.dueAt(unknownAfter).isAfter(now))
                .sorted(Comparator.comparing((Queued queued) -> queued.dueAt(unknownAfter))).toList();
    }

    private boolean stillQueued(Queued queued) {
        Instant end = ended.get(queued.requestId());
        return end == null || end.isBefore(queued.announcedAt());
    }
}
