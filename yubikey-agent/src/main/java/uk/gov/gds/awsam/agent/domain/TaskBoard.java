package uk.gov.gds.awsam.agent.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /** Takes in one fact; returns the task it belongs to when it changed that task's stage or content. */
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
        Optional<RootMfaTask> byRequest = task(reference);
        if (byRequest.isPresent()) {
            return byRequest;
        }
        List<RootMfaTask> forAccount = all().stream().filter(t -> t.accountId().equals(reference)).toList();
        List<RootMfaTask> open = forAccount.stream().filter(t -> t.stage() != RootMfaTask.Stage.COMPLETE).toList();
        List<RootMfaTask> candidates = open.isEmpty() ? forAccount : open;
        if (candidates.size() > 1) {
            throw new AmbiguousReference(reference, candidates.stream().map(RootMfaTask::requestId).toList());
        }
        return candidates.stream().findFirst();
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
