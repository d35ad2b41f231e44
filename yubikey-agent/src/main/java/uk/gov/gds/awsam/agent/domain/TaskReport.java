package uk.gov.gds.awsam.agent.domain;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** How tasks are shown to the engineer, by {@code tasks} and {@code watch}. */
public final class TaskReport {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private TaskReport() {
    }

    /** The pending tasks, oldest first, then the closed accounts' credentials to remove; or a line saying there are none. */
    public static List<String> pending(TaskBoard board) {
        List<RootMfaTask> pending = board.pending();
        List<ClosureTask> closures = board.pendingClosures();
        List<String> lines = new ArrayList<>();
        if (pending.isEmpty() && closures.isEmpty()) {
            lines.add("No pending root-MFA tasks.");
            return lines;
        }
        if (!pending.isEmpty()) {
            lines.add(pending.size() + " pending root-MFA task" + (pending.size() == 1 ? "" : "s") + ":");
            for (RootMfaTask task : pending) {
                lines.add("");
                lines.addAll(describe(task));
            }
        }
        if (!closures.isEmpty()) {
            lines.add((pending.isEmpty() ? "" : "\n") + closures.size() + " closed account" + (closures.size() == 1 ? "" : "s")
                    + ": remove the root MFA credential from both keys:");
            for (ClosureTask task : closures) {
                lines.add("");
                lines.addAll(describe(task));
            }
        }
        return lines;
    }

    /** One closed account's credential to remove: account, request, when it closed, the credential and the next step. */
    public static List<String> describe(ClosureTask task) {
        TaskEvent.AccountClosed closed = task.closed();
        return List.of(
                "  account " + closed.accountId() + "  " + closed.accountName(),
                "    request   " + task.requestId(),
                "    stage     closed " + WHEN.format(closed.occurredAt()) + ", remove root MFA credential",
                "    to remove " + closed.credentialName(),
                "    next      " + task.nextStep());
    }

    /** One task: account, request, stage and the next step. */
    public static List<String> describe(RootMfaTask task) {
        TaskEvent.MfaRequested request = task.request();
        List<String> lines = new ArrayList<>(List.of(
                "  account " + request.accountId() + "  " + request.accountName(),
                "    request   " + task.requestId(),
                "    root user " + request.rootEmail() + ", " + request.keysRequired() + " keys, requested " + WHEN.format(request.occurredAt()),
                "    stage     " + task.stage().words()));
        task.failure().ifPresent(failure -> {
            lines.add("    failed    at " + failure.stage() + ", " + WHEN.format(failure.occurredAt()) + ": " + failure.reason());
            if (failure.whatNext() != null && !failure.whatNext().isBlank()) {
                lines.add("    to do     " + failure.whatNext());
            }
        });
        lines.add("    next      " + task.nextStep());
        return lines;
    }

    /** What {@code watch} says when a task appears or moves on. */
    public static String announce(RootMfaTask task) {
        String what = switch (task.stage()) {
            case AWAITING_SEED -> "New root-MFA task";
            case AWAITING_PROVISIONER -> task.lastRetry().isPresent() ? "Retry asked for" : "Root MFA seeded";
            case FAILED -> "Failed at " + task.failure().get().stage() + ": " + task.failure().get().reason();
            case KEYS_TO_RETURN -> "Account secured: the keys can go back to the safe";
            case COMPLETE -> "Keys returned: task complete";
        };
        return what + " for account " + task.accountId() + " (" + task.request().accountName() + "), request " + task.requestId()
                + ". Next: " + task.nextStep();
    }
}
