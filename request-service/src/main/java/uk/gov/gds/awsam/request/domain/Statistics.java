package uk.gov.gds.awsam.request.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the dashboard and the metrics show, computed from the views at one instant: requests by kind and
 * stage, what waits on a person and for how long, the closures queued for the closure quota (soonest to go
 * first, those with no date last), the accounts whose bootstrap role is still in place (or could not be looked
 * for), and per-stage lead times (median and 90th percentile) of the stages left within a window.
 */
public record Statistics(Instant at, Duration window, Map<RequestKind, Map<Stage, Integer>> counts, List<WaitingItem> waiting,
        List<RequestView> closureQueue, List<RequestView> bootstrapRoles, List<LeadTime> leadTimes) {

    /** Something a person must do, for a request, and how long it has waited. */
    public record WaitingItem(RequestView request, RequestView.Waiting task, Duration waited) {
    }

    /**
     * How long requests of a kind spent in a stage before moving on ({@code stage} null: from submission
     * to completion), over the stages left within the window.
     */
    public record LeadTime(RequestKind kind, Stage stage, int count, Duration median, Duration p90) {
        public String label() {
            return stage == null ? "End to end" : stage.title();
        }
    }

    public static Statistics of(Iterable<RequestView> views, Predicate<RequestView> visible, Instant now, Duration window) {
        Map<RequestKind, Map<Stage, Integer>> counts = new EnumMap<>(RequestKind.class);
        for (RequestKind kind : RequestKind.values()) {
            Map<Stage, Integer> byStage = new LinkedHashMap<>();
            for (Stage stage : Stage.journey(kind)) {
                byStage.put(stage, 0);
            }
            byStage.put(Stage.REJECTED, 0);
            byStage.put(Stage.FAILED, 0);
            counts.put(kind, byStage);
        }
        List<WaitingItem> waiting = new ArrayList<>();
        List<RequestView> closureQueue = new ArrayList<>();
        List<RequestView> bootstrapRoles = new ArrayList<>();
        Set<String> closuresAsked = new HashSet<>();
        Map<RequestKind, Map<Stage, List<Long>>> durations = new EnumMap<>(RequestKind.class);
        Instant windowStart = now.minus(window);
        for (RequestView view : views) {
            // whoever asked for it: a closure takes the account off its requesters' list of bootstrap roles too
            view.closureAsked().ifPresent(closuresAsked::add);
            if (!visible.test(view) || view.kind() == null) {
                continue;
            }
            counts.get(view.kind()).merge(view.stage(), 1, Integer::sum);
            if (view.stage() == Stage.CLOSURE_QUEUED) {
                closureQueue.add(view);
            }
            if (view.bootstrapRole().filter(role -> role.state() != LifecycleEvent.BootstrapRoleChecked.State.REMOVED).isPresent()) {
                bootstrapRoles.add(view);
            }
            for (RequestView.Waiting task : view.waitingOn(now)) {
                waiting.add(new WaitingItem(view, task, positive(Duration.between(task.since(), now))));
            }
            collectLeadTimes(view, windowStart, now, durations.computeIfAbsent(view.kind(), kind -> new LinkedHashMap<>()));
        }
        waiting.sort(Comparator.comparing((WaitingItem item) -> item.task().since()).thenComparing(item -> item.request().requestId()));
        closureQueue.sort(Comparator.comparing((RequestView view) -> view.queuedUntil().orElse(Instant.MAX))
                .thenComparing(RequestView::createdAt).thenComparing(RequestView::requestId));
        bootstrapRoles.removeIf(view -> closuresAsked.contains(view.bootstrapRole().orElseThrow().accountId()));
        bootstrapRoles.sort(Comparator.comparing((RequestView view) -> view.bootstrapRole().orElseThrow().handedOverAt())
                .thenComparing(RequestView::requestId));
        List<LeadTime> leadTimes = new ArrayList<>();
        for (RequestKind kind : RequestKind.values()) {
            Map<Stage, List<Long>> byStage = durations.getOrDefault(kind, new LinkedHashMap<>());
            List<Stage> journey = Stage.journey(kind);
            for (Stage stage : journey.subList(0, journey.size() - 1)) {
                leadTimes.add(leadTime(kind, stage, byStage.getOrDefault(stage, List.of())));
            }
            leadTimes.add(leadTime(kind, null, byStage.getOrDefault(null, List.of())));
        }
        return new Statistics(now, window, counts, waiting, closureQueue, bootstrapRoles, leadTimes);
    }

    /** The lead time of one kind and stage (null: end to end). */
    public LeadTime leadTime(RequestKind kind, Stage stage) {
        return leadTimes.stream().filter(time -> time.kind() == kind && time.stage() == stage).findFirst()
                .orElse(new LeadTime(kind, stage, 0, null, null));
    }

    /** How many requests wait on a person for each task. */
    public Map<RequestView.Waiting.Task, Integer> waitingCounts() {
        Map<RequestView.Waiting.Task, Integer> byTask = new EnumMap<>(RequestView.Waiting.Task.class);
        for (RequestView.Waiting.Task task : RequestView.Waiting.Task.values()) {
            byTask.put(task, 0);
        }
        waiting.forEach(item -> byTask.merge(item.task().task(), 1, Integer::sum));
        return byTask;
    }

    private static void collectLeadTimes(RequestView view, Instant windowStart, Instant now, Map<Stage, List<Long>> durations) {
        List<Map.Entry<Stage, Instant>> entered = new ArrayList<>(view.stageEntries().entrySet());
        for (int i = 0; i + 1 < entered.size(); i++) {
            Instant left = entered.get(i + 1).getValue();
            if (!left.isBefore(windowStart) && !left.isAfter(now)) {
                durations.computeIfAbsent(entered.get(i).getKey(), stage -> new ArrayList<>())
                        .add(Math.max(0, left.toEpochMilli() - entered.get(i).getValue().toEpochMilli()));
            }
        }
        if (!entered.isEmpty() && entered.get(0).getKey() == Stage.SUBMITTED && view.stage().isTerminal()
                && entered.get(entered.size() - 1).getKey() == view.stage()) {
            Instant done = entered.get(entered.size() - 1).getValue();
            if (!done.isBefore(windowStart) && !done.isAfter(now)) {
                durations.computeIfAbsent(null, stage -> new ArrayList<>())
                        .add(Math.max(0, done.toEpochMilli() - entered.get(0).getValue().toEpochMilli()));
            }
        }
    }

    private static LeadTime leadTime(RequestKind kind, Stage stage, List<Long> millis) {
        if (millis.isEmpty()) {
            return new LeadTime(kind, stage, 0, null, null);
        }
        long[] sorted = millis.stream().mapToLong(Long::longValue).sorted().toArray();
        return new LeadTime(kind, stage, sorted.length, Duration.ofMillis(percentile(sorted, 50)), Duration.ofMillis(percentile(sorted, 90)));
    }

    /** Nearest-rank percentile. */
    static long percentile(long[] sorted, double percentile) {
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static Duration positive(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }
}
