package uk.gov.gds.awsam.agent.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Every root-MFA task, rebuilt from the events (DESIGN §4: state after a restart is rebuilt from the
 * topics). The topics are read one after another, so the facts of a request may arrive in any order; a
 * repeated event (same request) changes nothing.
 */
public final class TaskBoard {

    private final Map<String, TaskEvent.MfaRequested> requested = new HashMap<>();
    private final Map<String, TaskEvent.MfaSeeded> seeded = new HashMap<>();
    private final Map<String, TaskEvent.Secured> secured = new HashMap<>();
    private final Map<String, TaskEvent.KeysReturned> returned = new HashMap<>();
    private final Map<String, Map<String, TaskEvent.Failed>> failures = new HashMap<>();
    private final Map<String, Map<String, TaskEvent.RetryAsked>> retries = new HashMap<>();
    private final Map<String, TaskEvent.AccountClosed> closed = new HashMap<>();
    private final Map<String, TaskEvent.MfaRemoved> removed = new HashMap<>();

    /**
     * Takes in one fact; returns the root-MFA task it belongs to when it changed that task's stage or content (a
     * closure's facts change no root-MFA task).
     */
    public Optional<RootMfaTask> apply(TaskEvent event) {
        Optional<RootMfaTask> before = task(event.requestId());
        if (event instanceof TaskEvent.MfaRequested e) {
            requested.merge(e.requestId(), e, TaskBoard::later);
        } else if (event instanceof TaskEvent.MfaSeeded e) {
            seeded.merge(e.requestId(), e, TaskBoard::earlier);
        } else if (event instanceof TaskEvent.Secured e) {
            secured.merge(e.requestId(), e, TaskBoard::earlier);
        } else if (event instanceof TaskEvent.KeysReturned e) {
            returned.merge(e.requestId(), e, TaskBoard::earlier);
        } else if (event instanceof TaskEvent.Failed e) {
            failures.computeIfAbsent(e.requestId(), id -> new HashMap<>()).putIfAbsent(e.eventId(), e);
        } else if (event instanceof TaskEvent.RetryAsked e) {
            retries.computeIfAbsent(e.requestId(), id -> new HashMap<>()).putIfAbsent(e.eventId(), e);
        } else if (event instanceof TaskEvent.AccountClosed e) {
            closed.merge(e.requestId(), e, TaskBoard::earlier);
        } else if (event instanceof TaskEvent.MfaRemoved e) {
            removed.merge(e.requestId(), e, TaskBoard::earlier);
        }
        Optional<RootMfaTask> after = task(event.requestId());
        return after.equals(before) ? Optional.empty() : after;
    }

    /** The task of a request, if it was ever requested. */
    public Optional<RootMfaTask> task(String requestId) {
        TaskEvent.MfaRequested request = requested.get(requestId);
        if (request == null) {
            return Optional.empty();
        }
        return Optional.of(new RootMfaTask(request, Optional.ofNullable(seeded.get(requestId)),
                Optional.ofNullable(secured.get(requestId)), Optional.ofNullable(returned.get(requestId)),
                openFailure(request), lastRetry(requestId)));
    }

    /**
     * The failure of a task that still stands: not answered by a retry naming it, and of the root step (SECURE_ROOT)
     * or later than the task itself. The latest, when several do.
     */
    private Optional<TaskEvent.Failed> openFailure(TaskEvent.MfaRequested request) {
        Map<String, TaskEvent.RetryAsked> asked = retries.getOrDefault(request.requestId(), Map.of());
        return failures.getOrDefault(request.requestId(), Map.of()).values().stream()
                .filter(failure -> RootMfaTask.SECURE_ROOT.equals(failure.stage()) || failure.occurredAt().isAfter(request.occurredAt()))
                .filter(failure -> asked.values().stream().noneMatch(retry -> failure.eventId().equals(retry.failedEventId())))
                .max(Comparator.comparing(TaskEvent.Failed::occurredAt).thenComparing(TaskEvent.Failed::eventId));
    }

    private Optional<TaskEvent.RetryAsked> lastRetry(String requestId) {
        return retries.getOrDefault(requestId, Map.of()).values().stream()
                .max(Comparator.comparing(TaskEvent.RetryAsked::occurredAt).thenComparing(TaskEvent.RetryAsked::eventId));
    }

    /** Every task, oldest request first. */
    public List<RootMfaTask> all() {
        List<RootMfaTask> tasks = new ArrayList<>();
        for (String requestId : requested.keySet()) {
            task(requestId).ifPresent(tasks::add);
        }
        tasks.sort(Comparator.comparing((RootMfaTask t) -> t.request().occurredAt()).thenComparing(RootMfaTask::requestId));
        return tasks;
    }

    /** The tasks that still need the engineer or the provisioner. */
    public List<RootMfaTask> pending() {
        return all().stream().filter(t -> t.stage() != RootMfaTask.Stage.COMPLETE).toList();
    }

    /**
     * The task named by a request id, or by an account id when exactly one open task (or, failing that,
     * exactly one task) is for that account.
     */
    public Optional<RootMfaTask> find(String reference) throws AmbiguousReference {
        return find(reference, task(reference), all(), RootMfaTask::accountId, t -> t.stage() != RootMfaTask.Stage.COMPLETE,
                RootMfaTask::requestId);
    }

    /** A closed account's credential to remove: by its closure's request id, or by the account id, as {@link #find}. */
    public Optional<ClosureTask> findClosure(String reference) throws AmbiguousReference {
        return find(reference, closure(reference), closures(), ClosureTask::accountId, t -> !t.done(), ClosureTask::requestId);
    }

    private static <T> Optional<T> find(String reference, Optional<T> byRequest, List<T> all, Function<T, String> accountId,
            Predicate<T> open, Function<T, String> requestId) {
        if (byRequest.isPresent()) {
            return byRequest;
        }
        List<T> forAccount = all.stream().filter(t -> accountId.apply(t).equals(reference)).toList();
        List<T> stillOpen = forAccount.stream().filter(open).toList();
        List<T> candidates = stillOpen.isEmpty() ? forAccount : stillOpen;
        if (candidates.size() > 1) {
            throw new AmbiguousReference(reference, candidates.stream().map(requestId).toList());
        }
        return candidates.stream().findFirst();
    }

    /** The closure of a request, if AccountClosed was seen for it. */
    public Optional<ClosureTask> closure(String requestId) {
        return Optional.ofNullable(closed.get(requestId)).map(c -> new ClosureTask(c, Optional.ofNullable(removed.get(requestId))));
    }

    /** Every closed account's credential task, oldest closure first. */
    public List<ClosureTask> closures() {
        return closed.keySet().stream().map(this::closure).flatMap(Optional::stream)
                .sorted(Comparator.comparing((ClosureTask t) -> t.closed().occurredAt()).thenComparing(ClosureTask::requestId)).toList();
    }

    /** The closed accounts whose credential is still on the keys (no RootMfaRemoved yet). */
    public List<ClosureTask> pendingClosures() {
        return closures().stream().filter(t -> !t.done()).toList();
    }

    /** An account id that names several tasks: the request id must be given. */
    public static final class AmbiguousReference extends RuntimeException {
        public AmbiguousReference(String reference, List<String> requestIds) {
            super("account " + reference + " has several root-MFA tasks; name one by its request id: " + String.join(", ", requestIds));
        }
    }

    private static <E extends TaskEvent> E later(E a, E b) {
        return b.occurredAt().isBefore(a.occurredAt()) ? a : b;
    }

    private static <E extends TaskEvent> E earlier(E a, E b) {
        return b.occurredAt().isBefore(a.occurredAt()) ? b : a;
    }
}
