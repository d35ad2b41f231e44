package uk.gov.gds.awsam.request.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import uk.gov.gds.awsam.request.domain.LifecycleEvent.Type;

/**
 * One request as the events so far describe it: what was asked, its timeline, and its stage. Immutable;
 * {@link #with(LifecycleEvent)} gives the view after one more event.
 *
 * <p>Everything here is a function of the <em>set</em> of events seen, never of the order they arrived
 * in: the timeline is kept sorted by when events happened (an event never before its cause), a repeat of an event (same id) changes
 * nothing, and the stage is computed from the whole timeline. So duplicates and reordering across topics
 * (each event type has its own topic) cannot change the view.
 *
 * <p>Every event is kept; the {@linkplain #timeline() timeline} people read shows a bootstrap-role check only when it
 * saw another state than the check before it, so the provisioner's repeated looks at a role still in place do not
 * flood it ({@link #bootstrapRole()} has the latest look).
 */
public final class RequestView {

    /** See {@link #compare(LifecycleEvent, LifecycleEvent)}. */
    static final Comparator<LifecycleEvent> TIMELINE_ORDER = RequestView::compare;

    private static final LifecycleEvent[] EMPTY = new LifecycleEvent[0];

    private final String requestId;
    private final Submission submission;
    private final LifecycleEvent[] timeline;
    private final RequestKind kind;
    private final Stage stage;

    private RequestView(String requestId, Submission submission, LifecycleEvent[] timeline) {
        this.requestId = requestId;
        this.submission = submission;
        this.timeline = timeline;
        this.kind = kindOf(submission, timeline);
        this.stage = stageOf(kind, timeline, kind != null && kind.isUserRequest() ? expectedUsers(submission, timeline) : Set.of());
    }

    public static RequestView empty(String requestId) {
        return new RequestView(requestId, null, EMPTY);
    }

    /**
     * The view with one more event; this same view when the event was already seen. An event seen again
     * with another time keeps the earliest, so the outcome does not depend on which copy came first.
     */
    public RequestView with(LifecycleEvent event) {
        if (!event.requestId().equals(requestId)) {
            throw new IllegalArgumentException("event of request " + event.requestId() + " applied to " + requestId);
        }
        int seen = -1;
        for (int i = 0; i < timeline.length; i++) {
            if (timeline[i].sameEvent(event)) {
                seen = i;
                break;
            }
        }
        if (seen >= 0 && compare(event, timeline[seen]) >= 0) {
            return this;
        }
        LifecycleEvent kept = canonical(event);
        LifecycleEvent[] next;
        if (seen >= 0) {
            next = timeline.clone();
            next[seen] = kept;
            Arrays.sort(next, TIMELINE_ORDER);
        } else {
            // events mostly arrive in order: find the place from the end
            int at = timeline.length;
            while (at > 0 && compare(timeline[at - 1], kept) > 0) {
                at--;
            }
            next = new LifecycleEvent[timeline.length + 1];
            System.arraycopy(timeline, 0, next, 0, at);
            next[at] = kept;
            System.arraycopy(timeline, at, next, at + 1, timeline.length - at);
        }
        causalOrder(next);
        Submission submitted = submission;
        if (kept.detail() instanceof LifecycleEvent.Submitted s && (submitted == null || seen >= 0)) {
            submitted = s.submission();
        }
        return new RequestView(requestId, submitted, next);
    }

    /** The event naming its request by this view's String, so that a view holds its id once, not once per event. */
    private LifecycleEvent canonical(LifecycleEvent event) {
        LifecycleEvent.Detail detail = event.detail() instanceof LifecycleEvent.Submitted s
                ? new LifecycleEvent.Submitted(s.submission().withRequestId(requestId))
                : event.detail();
        return event.requestId() == requestId && detail == event.detail() ? event
                : new LifecycleEvent(event.type(), requestId, event.idHigh(), event.idLow(), event.causeHigh(),
                        event.causeLow(), event.occurredAtMillis(), detail);
    }

    /**
     * Moves any event that the order by time puts before the event that caused it to just after its cause.
     * Services' clocks differ, and some times come from outside with less precision (GitHub's are whole
     * seconds: a pull request opened in the same second as the request would otherwise show first). A
     * timeline is a handful of events, so a few passes are cheap; the bound keeps a cycle (impossible in the
     * catalogue's events) from looping.
     */
    static void causalOrder(LifecycleEvent[] timeline) {
        for (int pass = 0; pass < timeline.length * timeline.length; pass++) {
            int early = -1;
            int cause = -1;
            for (int i = 0; i < timeline.length && early < 0; i++) {
                for (int j = i + 1; j < timeline.length; j++) {
                    if (timeline[i].causedBy(timeline[j])) {
                        early = i;
                        cause = j;
                        break;
                    }
                }
            }
            if (early < 0) {
                return;
            }
            LifecycleEvent moved = timeline[early];
            System.arraycopy(timeline, early + 1, timeline, early, cause - early);
            timeline[cause] = moved;
        }
    }

    /** The timeline's order: when it happened, then the journey's order of types, then the id. */
    static int compare(LifecycleEvent a, LifecycleEvent b) {
        int order = Long.compare(a.occurredAtMillis(), b.occurredAtMillis());
        if (order == 0) {
            order = a.type().compareTo(b.type());
        }
        if (order == 0) {
            order = Long.compare(a.idHigh(), b.idHigh());
        }
        return order != 0 ? order : Long.compare(a.idLow(), b.idLow());
    }

    public String requestId() {
        return requestId;
    }

    /** What was asked; empty while RequestSubmitted has not been read (a later event may arrive first). */
    public Optional<Submission> submission() {
        return Optional.ofNullable(submission);
    }

    /** The kind, from RequestSubmitted or inferred from later events; null when nothing tells. */
    public RequestKind kind() {
        return kind;
    }

    public Stage stage() {
        return stage;
    }

    /**
     * The events in the order they happened, each bootstrap-role check only when its state differs from the check
     * before it (one entry per change of state).
     */
    public List<LifecycleEvent> timeline() {
        List<LifecycleEvent> entries = new ArrayList<>(timeline.length);
        for (int i = 0; i < timeline.length; i++) {
            if (isEntry(i)) {
                entries.add(timeline[i]);
            }
        }
        return entries;
    }

    /** Whether the event at {@code i} is a timeline entry: anything but a bootstrap-role check that saw what the one before it saw. */
    private boolean isEntry(int i) {
        if (!(timeline[i].detail() instanceof LifecycleEvent.BootstrapRoleChecked checked)) {
            return true;
        }
        for (int before = i - 1; before >= 0; before--) {
            if (timeline[before].detail() instanceof LifecycleEvent.BootstrapRoleChecked earlier) {
                return earlier.state() != checked.state();
            }
        }
        return true;
    }

    /**
     * The timeline's entries that happened after the event {@code eventId} (any event of the request, on the timeline or
     * a repeated check folded into it); the whole timeline when no event has that id.
     */
    public List<LifecycleEvent> timelineAfter(String eventId) {
        int at = -1;
        for (int i = 0; i < timeline.length && eventId != null; i++) {
            if (timeline[i].eventId().equals(eventId)) {
                at = i;
            }
        }
        if (at < 0) {
            return timeline();
        }
        List<LifecycleEvent> after = new ArrayList<>(timeline());
        after.retainAll(Arrays.asList(timeline).subList(at + 1, timeline.length));
        return after;
    }

    public Optional<String> requesterEmail() {
        return submission().map(Submission::requesterEmail);
    }

    /** When the request was made (or, before RequestSubmitted is read, its earliest event). */
    public Instant createdAt() {
        if (submission != null) {
            return submission.occurredAt();
        }
        return timeline.length == 0 ? Instant.EPOCH : timeline[0].occurredAt();
    }

    /** When its latest timeline entry happened (a repeated bootstrap-role check is not news). */
    public Instant updatedAt() {
        for (int i = timeline.length - 1; i >= 0; i--) {
            if (isEntry(i)) {
                return timeline[i].occurredAt();
            }
        }
        return createdAt();
    }

    /** The account name, or the people to add or remove. */
    public List<String> subjects() {
        if (submission != null) {
            return submission.subjects();
        }
        for (LifecycleEvent event : timeline) {
            if (event.detail() instanceof LifecycleEvent.PrMerged merged && !merged.subjects().isEmpty()) {
                return merged.subjects();
            }
            if (event.detail() instanceof LifecycleEvent.TerraformGenerated generated && !generated.subjects().isEmpty()) {
                return generated.subjects();
            }
            if (event.detail() instanceof LifecycleEvent.AccountCreated created) {
                return List.of(created.accountName());
            }
            if (event.detail() instanceof LifecycleEvent.AccountClosing closing) {
                return List.of(closing.accountName());
            }
            if (event.detail() instanceof LifecycleEvent.AccountClosed closed) {
                return List.of(closed.accountName());
            }
        }
        return List.of();
    }

    /** The account name of an account request, from whichever event says it. */
    public Optional<String> accountName() {
        if (submission != null && submission.account() != null) {
            return Optional.of(submission.account().name());
        }
        return first(LifecycleEvent.AccountCreated.class).map(LifecycleEvent.AccountCreated::accountName)
                .or(() -> kind == RequestKind.NEW_ACCOUNT && !subjects().isEmpty() ? Optional.of(subjects().get(0)) : Optional.empty());
    }

    public Optional<LifecycleEvent.PrOpened> pullRequest() {
        return first(LifecycleEvent.PrOpened.class);
    }

    /** The account made, adopted or closed. */
    public Optional<String> accountId() {
        return first(LifecycleEvent.AccountCreated.class).map(LifecycleEvent.AccountCreated::accountId)
                .or(() -> closure().map(Submission.Closure::accountId))
                .or(() -> first(LifecycleEvent.AccountClosing.class).map(LifecycleEvent.AccountClosing::accountId))
                .or(() -> first(LifecycleEvent.AccountClosed.class).map(LifecycleEvent.AccountClosed::accountId));
    }

    /** What a closure asks for; empty for the other kinds, and while its RequestSubmitted has not been read. */
    public Optional<Submission.Closure> closure() {
        return submission().map(Submission::closure);
    }

    /** When a queued closure will go (the latest word of the queue), while it is queued; empty when not known. */
    public Optional<Instant> queuedUntil() {
        for (int i = timeline.length - 1; i >= 0 && stage == Stage.CLOSURE_QUEUED; i--) {
            if (timeline[i].detail() instanceof LifecycleEvent.Waiting waiting && waiting.isClosureQueue()) {
                return Optional.ofNullable(waiting.until());
            }
        }
        return Optional.empty();
    }

    /** Until when AWS can reinstate a closed account. */
    public Optional<Instant> reinstatableUntil() {
        return first(LifecycleEvent.AccountClosed.class).map(LifecycleEvent.AccountClosed::reinstatableUntil);
    }

    /** The account a closure asks to close, unless the closure was rejected; empty for the other kinds. */
    public Optional<String> closureAsked() {
        return stage == Stage.REJECTED ? Optional.empty() : closure().map(Submission.Closure::accountId);
    }

    /** The latest look at the account's bootstrap role, once the provisioner has looked. */
    public Optional<LifecycleEvent.BootstrapRoleChecked> bootstrapRole() {
        return last(LifecycleEvent.BootstrapRoleChecked.class);
    }

    public Optional<LifecycleEvent.RootSecured> rootSecured() {
        return last(LifecycleEvent.RootSecured.class);
    }

    public List<LifecycleEvent.Failed> failures() {
        List<LifecycleEvent.Failed> failures = new ArrayList<>();
        for (LifecycleEvent event : timeline) {
            if (event.detail() instanceof LifecycleEvent.Failed failed) {
                failures.add(failed);
            }
        }
        return failures;
    }

    /** The people done so far (created or removed), for a user request. */
    public Set<String> usersDone() {
        Set<String> done = new HashSet<>();
        for (LifecycleEvent event : timeline) {
            if (event.detail() instanceof LifecycleEvent.UserCreated created) {
                done.add(created.userName().toLowerCase(java.util.Locale.ROOT));
            } else if (event.detail() instanceof LifecycleEvent.UserRemoved removed) {
                done.add(removed.userName().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return done;
    }

    /**
     * When the request entered each stage of its journey it has reached, in the journey's order (the
     * earliest event that put it there; completion when its last condition was met).
     */
    public Map<Stage, Instant> stageEntries() {
        Map<Stage, Long> entered = new EnumMap<>(Stage.class);
        Map<String, Long> userDone = new HashMap<>();
        long secured = Long.MIN_VALUE;
        long returned = Long.MIN_VALUE;
        for (LifecycleEvent event : timeline) {
            Stage reached = progressStage(event);
            if (reached != null) {
                entered.putIfAbsent(reached, event.occurredAtMillis());
            }
            if (event.type() == Type.ROOT_SECURED && secured == Long.MIN_VALUE) {
                secured = event.occurredAtMillis();
            } else if (event.type() == Type.YUBIKEYS_RETURNED && returned == Long.MIN_VALUE) {
                returned = event.occurredAtMillis();
            } else if (event.detail() instanceof LifecycleEvent.UserCreated created) {
                userDone.putIfAbsent(created.userName().toLowerCase(java.util.Locale.ROOT), event.occurredAtMillis());
            } else if (event.detail() instanceof LifecycleEvent.UserRemoved removed) {
                userDone.putIfAbsent(removed.userName().toLowerCase(java.util.Locale.ROOT), event.occurredAtMillis());
            }
        }
        if (stage == Stage.COMPLETE && kind == RequestKind.NEW_ACCOUNT) {
            entered.put(Stage.COMPLETE, Math.max(secured, returned));
        }
        if (stage == Stage.USER_CREATED || stage == Stage.USER_REMOVED) {
            entered.put(stage, userDone.values().stream().mapToLong(Long::longValue).max().orElse(0));
        }
        Map<Stage, Instant> inOrder = new LinkedHashMap<>();
        if (kind != null) {
            for (Stage journeyStage : Stage.journey(kind)) {
                Long at = entered.get(journeyStage);
                if (at != null) {
                    inOrder.put(journeyStage, Instant.ofEpochMilli(at));
                }
            }
        }
        return inOrder;
    }

    /**
     * What the request waits on at {@code now}: what a person must do ({@link #waitingOn()}), and the outside world
     * when its latest word is a RequestWaiting (GitHub's rate limit, AWS still creating the account, ...) whose
     * {@code until} has not passed (or is not known), with no progress since.
     */
    public List<Waiting> waitingOn(Instant now) {
        List<Waiting> waiting = waitingOn();
        if (timeline.length > 0 && timeline[timeline.length - 1].detail() instanceof LifecycleEvent.Waiting outside
                && (outside.until() == null || outside.until().isAfter(now))) {
            waiting = new ArrayList<>(waiting);
            waiting.add(new Waiting(Waiting.Task.OUTSIDE_WORLD, timeline[timeline.length - 1].occurredAt(), outside));
        }
        return waiting;
    }

    /** What a person must do for this request now, and since when. */
    public List<Waiting> waitingOn() {
        List<Waiting> waiting = new ArrayList<>();
        if (stage == Stage.PR_OPEN) {
            firstOf(Type.PR_OPENED).ifPresent(opened -> waiting.add(new Waiting(Waiting.Task.PR_REVIEW, opened.occurredAt())));
        }
        Optional<LifecycleEvent> seeded = firstOf(Type.ROOT_MFA_SEEDED);
        if (stage == Stage.AWAITING_ROOT_MFA && seeded.isEmpty()) {
            firstOf(Type.ROOT_MFA_REQUESTED).ifPresent(requested -> waiting.add(new Waiting(Waiting.Task.ROOT_MFA, requested.occurredAt())));
        }
        if (seeded.isPresent() && firstOf(Type.YUBIKEYS_RETURNED).isEmpty()) {
            waiting.add(new Waiting(Waiting.Task.KEYS_RETURN, seeded.get().occurredAt()));
        }
        if (stage == Stage.CLOSED) {
            firstOf(Type.ACCOUNT_CLOSED).ifPresent(closed -> waiting.add(new Waiting(Waiting.Task.ROOT_MFA_REMOVAL, closed.occurredAt())));
        }
        if (stage == Stage.FAILED) {
            lastOf(Type.REQUEST_FAILED).ifPresent(failed -> waiting.add(new Waiting(Waiting.Task.FAILURE, failed.occurredAt())));
        }
        return waiting;
    }

    /**
     * Something a request waits on: a person's task, or ({@code outside} not null) the outside world, which will let it
     * resume by itself.
     */
    public record Waiting(Task task, Instant since, LifecycleEvent.Waiting outside) {

        public Waiting(Task task, Instant since) {
            this(task, since, null);
        }

        /** In words: the task, or e.g. "Waiting for GitHub until 2026-12-05 10:40 UTC: its secondary rate limit". */
        public String describe(java.util.function.Function<Instant, String> time) {
            if (outside == null) {
                return task.title();
            }
            return "Waiting for " + outside.waitingFor() + (outside.until() == null ? "" : " until " + time.apply(outside.until()))
                    + ": " + outside.reason();
        }

        public enum Task {
            PR_REVIEW("Review and merge the pull request"),
            ROOT_MFA("Seed root MFA on two YubiKeys"),
            KEYS_RETURN("Return the YubiKeys to the safe"),
            ROOT_MFA_REMOVAL("Delete the closed account's root MFA from both YubiKeys"),
            FAILURE("Look into the failure"),
            /** Not a person: GitHub, AWS, a quota; the step resumes by itself. */
            OUTSIDE_WORLD("Waiting for the outside world");

            private final String title;

            Task(String title) {
                this.title = title;
            }

            public String title() {
                return title;
            }
        }
    }

    private <T extends LifecycleEvent.Detail> Optional<T> first(Class<T> type) {
        for (LifecycleEvent event : timeline) {
            if (type.isInstance(event.detail())) {
                return Optional.of(type.cast(event.detail()));
            }
        }
        return Optional.empty();
    }

    private <T extends LifecycleEvent.Detail> Optional<T> last(Class<T> type) {
        for (int i = timeline.length - 1; i >= 0; i--) {
            if (type.isInstance(timeline[i].detail())) {
                return Optional.of(type.cast(timeline[i].detail()));
            }
        }
        return Optional.empty();
    }

    private Optional<LifecycleEvent> firstOf(Type type) {
        return Arrays.stream(timeline).filter(event -> event.type() == type).findFirst();
    }

    private Optional<LifecycleEvent> lastOf(Type type) {
        for (int i = timeline.length - 1; i >= 0; i--) {
            if (timeline[i].type() == type) {
                return Optional.of(timeline[i]);
            }
        }
        return Optional.empty();
    }

    /** The stage an event moves a request to, on the way to completion; null for the others. */
    static Stage progressStage(LifecycleEvent event) {
        return switch (event.type()) {
            case REQUEST_SUBMITTED -> Stage.SUBMITTED;
            case TERRAFORM_GENERATED -> Stage.TERRAFORM_GENERATED;
            case PR_OPENED -> Stage.PR_OPEN;
            case PR_MERGED, USER_CREATED, USER_REMOVED -> Stage.PR_MERGED;
            case ACCOUNT_CREATED -> Stage.ACCOUNT_CREATED;
            case ROOT_MFA_REQUESTED, ROOT_MFA_SEEDED, YUBIKEYS_RETURNED -> Stage.AWAITING_ROOT_MFA;
            case ROOT_SECURED -> Stage.ROOT_SECURED;
            case ACCOUNT_CLOSING -> Stage.CLOSING;
            case ACCOUNT_CLOSED -> Stage.CLOSED;
            case ROOT_MFA_REMOVED -> Stage.COMPLETE;
            case REQUEST_WAITING -> event.detail() instanceof LifecycleEvent.Waiting waiting && waiting.isClosureQueue()
                    ? Stage.CLOSURE_QUEUED : null;
            case PR_CLOSED, REQUEST_FAILED, RETRY_REQUESTED, DEAD_LETTER_REPLAYED, BOOTSTRAP_ROLE_CHECKED -> null;
        };
    }

    private static RequestKind kindOf(Submission submission, LifecycleEvent[] timeline) {
        if (submission != null) {
            return submission.kind();
        }
        for (LifecycleEvent event : timeline) {
            if (event.detail() instanceof LifecycleEvent.TerraformGenerated generated) {
                return generated.kind();
            }
            if (event.detail() instanceof LifecycleEvent.PrMerged merged) {
                return merged.kind();
            }
        }
        for (LifecycleEvent event : timeline) {
            switch (event.type()) {
                case ACCOUNT_CREATED, ROOT_MFA_REQUESTED, ROOT_MFA_SEEDED, ROOT_SECURED, YUBIKEYS_RETURNED, BOOTSTRAP_ROLE_CHECKED -> {
                    return RequestKind.NEW_ACCOUNT;
                }
                case USER_CREATED -> {
                    return RequestKind.USER_ACCESS;
                }
                case USER_REMOVED -> {
                    return RequestKind.USER_REMOVAL;
                }
                case ACCOUNT_CLOSING, ACCOUNT_CLOSED, ROOT_MFA_REMOVED -> {
                    return RequestKind.ACCOUNT_CLOSURE;
                }
                default -> {
                    // says nothing of the kind
                }
            }
        }
        return null;
    }

    /** The people a user request names, from whichever event says; empty when none has yet. */
    private static Set<String> expectedUsers(Submission submission, LifecycleEvent[] timeline) {
        if (submission != null) {
            return lowerCase(submission.userEmails());
        }
        for (LifecycleEvent event : timeline) {
            if (event.detail() instanceof LifecycleEvent.PrMerged merged) {
                return lowerCase(merged.subjects());
            }
            if (event.detail() instanceof LifecycleEvent.TerraformGenerated generated) {
                return lowerCase(generated.subjects());
            }
        }
        return Set.of();
    }

    private static Set<String> lowerCase(List<String> emails) {
        Set<String> lower = new HashSet<>();
        emails.forEach(email -> lower.add(email.toLowerCase(java.util.Locale.ROOT)));
        return lower;
    }

    /**
     * The stage, from the whole timeline: the furthest stage any event reached; complete once every
     * condition of completion is met; rejected or failed when the latest word (by time) is a closed pull
     * request or a failure, unless progress was made after it (a retry that worked, or one an engineer asked for).
     */
    private static Stage stageOf(RequestKind kind, LifecycleEvent[] timeline, Set<String> expectedUsers) {
        Stage progress = null;
        long progressAt = Long.MIN_VALUE;
        Stage setback = null;
        long setbackAt = Long.MIN_VALUE;
        boolean secured = false;
        boolean returned = false;
        Set<String> usersDone = kind != null && kind.isUserRequest() ? new HashSet<>() : null;
        for (LifecycleEvent event : timeline) {
            Stage reached = progressStage(event);
            if (reached != null) {
                if (progress == null || reached.ordinal() > progress.ordinal()) {
                    progress = reached;
                }
                progressAt = Math.max(progressAt, event.occurredAtMillis());
            }
            switch (event.type()) {
                case ROOT_SECURED -> secured = true;
                case YUBIKEYS_RETURNED -> returned = true;
                case USER_CREATED -> {
                    if (usersDone != null) {
                        usersDone.add(((LifecycleEvent.UserCreated) event.detail()).userName().toLowerCase(java.util.Locale.ROOT));
                    }
                }
                case USER_REMOVED -> {
                    if (usersDone != null) {
                        usersDone.add(((LifecycleEvent.UserRemoved) event.detail()).userName().toLowerCase(java.util.Locale.ROOT));
                    }
                }
                case REQUEST_WAITING, RETRY_REQUESTED, DEAD_LETTER_REPLAYED ->
                    // the request moves again after a failure: a retry, a replay, or a step that waits and will resume
                    progressAt = Math.max(progressAt, event.occurredAtMillis());
                case PR_CLOSED, REQUEST_FAILED -> {
                    if (event.occurredAtMillis() >= setbackAt) {
                        setback = event.type() == Type.PR_CLOSED ? Stage.REJECTED : Stage.FAILED;
                        setbackAt = event.occurredAtMillis();
                    }
                }
                default -> {
                    // progress only
                }
            }
        }
        if (kind == RequestKind.NEW_ACCOUNT && secured && returned) {
            progress = Stage.COMPLETE;
        } else if (usersDone != null && !usersDone.isEmpty() && usersDone.containsAll(expectedUsers)) {
            progress = kind == RequestKind.USER_ACCESS ? Stage.USER_CREATED : Stage.USER_REMOVED;
        }
        if (setback != null && setbackAt >= progressAt) {
            return setback;
        }
        return progress == null ? Stage.SUBMITTED : progress;
    }
}
