package uk.gov.gds.awsam.provisioner.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import uk.gov.gds.awsam.events.RequestWaiting;
import uk.gov.gds.awsam.events.ResumableStage;
import uk.gov.gds.awsam.provisioner.domain.AccountClosure;
import uk.gov.gds.awsam.provisioner.domain.Waiting;

/**
 * The closure queue as the provisioner's own events tell it (Kafka is the system of record, so it survives a restart):
 * a request whose latest queued closure wait (a RequestWaiting of stage CLOSE_ACCOUNT for the quota or the closures in
 * flight, recognised by its id, {@link ProvisionerEvents#waitingId}) has no AccountClosing, AccountClosed or
 * RequestFailed at or after it is still queued; a request whose latest AccountClosing has no AccountClosed or
 * RequestFailed at or after it is still being followed to SUSPENDED. {@link #due} says which of them to take up again
 * now: {@link ClosureQueueJob} resumes them from their PrMerged.
 */
final class QueuedClosures {

    /**
     * A queued closure: the event its handling was handling when it was put down (the PrMerged, or an engineer's
     * RetryRequested), when the wait was announced and until when it waits (null: not known). A followed one
     * ({@code following}): the AccountClosing itself as the cause (so a failure the job sees, e.g. the account ACTIVE
     * again, has an id of its own, never one an earlier failure of the PrMerged took) and when it was published, until
     * not known.
     */
    record Queued(String requestId, String causeId, Instant announcedAt, Instant until, boolean following) {

        Instant dueAt(Duration unknownAfter) {
            return until != null ? until : announcedAt.plus(unknownAfter);
        }
    }

    private final Map<String, Queued> waits = new ConcurrentHashMap<>();
    private final Map<String, Instant> ended = new ConcurrentHashMap<>();
    private final Map<String, Queued> follows = new ConcurrentHashMap<>();
    private final Map<String, Instant> settled = new ConcurrentHashMap<>();

    /**
     * Whether a handling that must wait puts the request down instead of waiting in place, its PrMerged acknowledged: a
     * closure queued for longer than {@code hold} (its {@code until} further away, or not known), or that has already
     * waited in place that long. Shorter waits (a few minutes of closures in flight) keep their timer. An accepted
     * closure followed to SUSPENDED (its AccountClosing published) is put down once it has been followed in place for
     * {@code followHold}.
     */
    static boolean putsDown(Waiting waiting, Duration waited, Instant now, Duration hold, Duration followHold) {
        if (AccountClosure.followsClosure(waiting)) {
            return waited.compareTo(followHold) >= 0;
        }
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
        Queued queued = new Queued(waiting.getRequestId(), cause, waiting.getOccurredAt(), waiting.getUntil(), false);
        waits.merge(queued.requestId(), queued, QueuedClosures::latest);
    }

    /** The AccountClosing {@code closingId} of the request, at {@code at}: the closure is followed until settled. */
    void closing(String requestId, String closingId, Instant at) {
        ended(requestId, at);
        follows.merge(requestId, new Queued(requestId, closingId, at, null, true), QueuedClosures::latest);
    }

    /** An AccountClosed or RequestFailed of the request at {@code at}: a closure queued or followed before it is no longer. */
    void settled(String requestId, Instant at) {
        ended(requestId, at);
        settled.merge(requestId, at, QueuedClosures::later);
    }

    private void ended(String requestId, Instant at) {
        ended.merge(requestId, at, QueuedClosures::later);
    }

    private static Instant later(Instant known, Instant other) {
        return other.isAfter(known) ? other : known;
    }

    private static Queued latest(Queued known, Queued other) {
        return other.announcedAt().isBefore(known.announcedAt()) ? known : other;
    }

    /**
     * The closures still queued whose wait is over at {@code now} ({@code until} passed; not known: announced at
     * least {@code unknownAfter} ago), and the closures still followed whose AccountClosing is at least
     * {@code unknownAfter} old (so AWS is asked again every {@code unknownAfter}), the longest waiting first. Closures
     * no longer queued or followed are forgotten.
     */
    List<Queued> due(Instant now, Duration unknownAfter) {
        waits.values().removeIf(queued -> !before(queued, ended));
        follows.values().removeIf(followed -> !before(followed, settled));
        return Stream.concat(waits.values().stream(), follows.values().stream()).filter(queued -> !queued.dueAt(unknownAfter).isAfter(now))
                .sorted(Comparator.comparing((Queued queued) -> queued.dueAt(unknownAfter))).toList();
    }

    /** Whether nothing in {@code ends} came for the request at or after {@code queued} was announced. */
    private static boolean before(Queued queued, Map<String, Instant> ends) {
        Instant end = ends.get(queued.requestId());
        return end == null || end.isBefore(queued.announcedAt());
    }
}
