package uk.gov.gds.awsam.request.rest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.request.config.RequestConfig;
import uk.gov.gds.awsam.request.domain.AccountSpec;
import uk.gov.gds.awsam.request.domain.AwsConfigProfile;
import uk.gov.gds.awsam.request.domain.LifecycleEvent;
import uk.gov.gds.awsam.request.domain.Projection;
import uk.gov.gds.awsam.request.domain.RequestKind;
import uk.gov.gds.awsam.request.domain.RequestView;
import uk.gov.gds.awsam.request.domain.Stage;
import uk.gov.gds.awsam.request.domain.Statistics;
import uk.gov.gds.awsam.request.domain.Submission;

/**
 * The pages people look at, rendered on the server (no front-end build): the dashboard at {@code /} and
 * one page per request. Each keeps itself up to date with one small script (/static/live.js) that listens
 * to Server-Sent Events and fetches the changed part of the page again.
 */
@Path("/")
@Authenticated
public class PagesResource {

    static final Map<String, Duration> WINDOWS = windows();
    static final String DEFAULT_WINDOW = "30d";

    private final Projection projection;
    private final Caller caller;
    private final RequestConfig config;
    private final Clock clock;
    private final Template dashboard;
    private final Template request;
    private final RequestStatusResource status;
    private final ForwardPanel forward;

    public PagesResource(Projection projection, Caller caller, RequestConfig config, Clock clock,
            @Location("dashboard.html") Template dashboard, @Location("request.html") Template request, RequestStatusResource status,
            ForwardPanel forward) {
        this.projection = projection;
        this.caller = caller;
        this.config = config;
        this.clock = clock;
        this.dashboard = dashboard;
        this.request = request;
        this.status = status;
        this.forward = forward;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response dashboard(@QueryParam("window") String window) {
        return Pages.page(dashboard.data(board(window)).render());
    }

    @GET
    @Path("dashboard/board")
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response board(@QueryParam("window") String window, @QueryParam("fragment") String ignored) {
        return Pages.page(dashboard.getFragment("board").data(board(window)).render());
    }

    /**
     * One {@code changed} event (data: request id and stage) for every change to a request the caller may see, and to the
     * account request whose bootstrap role a closure (perhaps someone else's) takes off the caller's list.
     */
    @GET
    @Path("dashboard/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(hidden = true)
    public Multi<OutboundSseEvent> dashboardEvents(@Context Sse sse) {
        Predicate<RequestView> visible = visibleToCaller();
        return Multi.createFrom().<OutboundSseEvent>emitter(emitter -> {
            Projection.Listener listener = (view, event) -> {
                // a closure is rare: finding the account's request by a scan will do
                Optional<RequestView> changed = visible.test(view) ? Optional.of(view)
                        : view.closure().flatMap(closure -> projection.accountRequest(closure.accountId())).filter(visible);
                changed.ifPresent(shown -> emitter.emit(sse.newEventBuilder().name("changed").id(event.eventId())
                        .data("{\"requestId\":\"" + shown.requestId() + "\",\"stage\":\"" + shown.stage().name() + "\"}").build()));
            };
            projection.listen(listener);
            emitter.onTermination(() -> projection.stopListening(listener));
        }, BackPressureStrategy.DROP);
    }

    @GET
    @Path("requests/{id}")
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response requestPage(@PathParam("id") String requestId) {
        projection.knowsAfterSync(requestId, config.publishTimeout());
        Map<String, Object> data = requestData(requestId);
        data.put("eventTypes", String.join(",", java.util.Arrays.stream(EventType.values()).map(EventType::slug).toList()));
        Response page = Pages.page(request.data(data).render());
        return Boolean.TRUE.equals(data.get("missing")) && Boolean.FALSE.equals(data.get("notReady"))
                ? Response.fromResponse(page).status(404).build() : page;
    }

    @GET
    @Path("requests/{id}/panel")
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response requestPanel(@PathParam("id") String requestId) {
        return Pages.page(request.getFragment("panel").data(requestData(requestId)).render());
    }

    /** The request's timeline and then every new event, for its page (the same stream as the API's, with the session). */
    @GET
    @Path("requests/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(hidden = true)
    public Multi<OutboundSseEvent> requestEvents(@PathParam("id") String requestId,
            @jakarta.ws.rs.HeaderParam("Last-Event-ID") String lastEventId, @Context Sse sse) {
        return status.events(requestId, lastEventId, sse);
    }

    private Map<String, Object> requestData(String requestId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("notReady", !projection.isCaughtUp());
        RequestView view = projection.find(requestId).filter(found -> caller.maySee(found.requesterEmail().orElse(null))).orElse(null);
        data.put("missing", view == null);
        if (!projection.isCaughtUp() || view == null) {
            data.put("r", Map.of("requestId", requestId));
            return data;
        }
        Instant now = clock.instant();
        Map<String, Object> r = row(view);
        r.put("createdAt", Formats.time(view.createdAt()));
        r.put("asked", asked(view));
        r.put("prUrl", view.pullRequest().map(LifecycleEvent.PrOpened::url).orElse(null));
        r.put("prLabel", view.pullRequest().map(pr -> pr.repository() + "#" + pr.number()).orElse(null));
        r.put("accountId", view.accountId().orElse(null));
        r.put("awsConfig", null);
        r.put("trusted", false);
        r.put("trustedAdmins", "");
        List<Map<String, Object>> waiting = new ArrayList<>();
        for (RequestView.Waiting task : view.waitingOn(now)) {
            waiting.add(Map.of("title", task.describe(Formats::time), "since", Formats.time(task.since()),
                    "waited", Formats.duration(Duration.between(task.since(), now)), "task", task.task().name()));
        }
        r.put("waiting", waiting);
        List<Map<String, Object>> timeline = new ArrayList<>();
        for (LifecycleEvent event : view.timeline()) {
            timeline.add(Map.of("time", Formats.time(event.occurredAt()), "title", event.type().title(),
                    "description", event.detail().describe(), "type", RequestViews.slug(event.type())));
        }
        r.put("timeline", timeline);
        r.put("forward", forward.of(view));
        r.put("bootstrapRole", view.bootstrapRole().map(PagesResource::bootstrapRole).orElse(null));
        String email = caller.email();
        AwsConfigProfile.of(view, email, config.awsConfig().gdsUsersAccountId(), config.awsConfig().sourceProfile()).ifPresent(profile -> {
            r.put("awsConfig", profile);
            r.put("trusted", AwsConfigProfile.trusts(view, email));
            r.put("trustedAdmins", view.rootSecured().map(secured -> String.join(", ", secured.trustedPrincipalArns())).orElse(""));
        });
        data.put("r", r);
        return data;
    }

    private Map<String, Object> board(String windowParameter) {
        String window = WINDOWS.containsKey(windowParameter) ? windowParameter : DEFAULT_WINDOW;
        Instant now = clock.instant();
        Predicate<RequestView> visible = visibleToCaller();
        Statistics statistics = Statistics.of(projection.all(), visible, now, WINDOWS.get(window));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("ready", projection.isCaughtUp());
        data.put("window", window);
        data.put("windows", WINDOWS.keySet().stream().map(key -> Map.of("value", key, "selected", key.equals(window))).toList());
        data.put("generatedAt", Formats.time(now));

        List<Map<String, Object>> counts = new ArrayList<>();
        for (Stage stage : Stage.values()) {
            int accounts = statistics.counts().get(RequestKind.NEW_ACCOUNT).getOrDefault(stage, -1);
            int access = statistics.counts().get(RequestKind.USER_ACCESS).getOrDefault(stage, -1);
            int removal = statistics.counts().get(RequestKind.USER_REMOVAL).getOrDefault(stage, -1);
            int closure = statistics.counts().get(RequestKind.ACCOUNT_CLOSURE).getOrDefault(stage, -1);
            counts.add(Map.of("stage", stage.name(), "title", stage.title(), "tag", tag(stage), "accounts", cell(accounts), "access", cell(access),
                    "removal", cell(removal), "closure", cell(closure),
                    "total", Math.max(0, accounts) + Math.max(0, access) + Math.max(0, removal) + Math.max(0, closure)));
        }
        data.put("counts", counts);

        List<Map<String, Object>> waiting = new ArrayList<>();
        for (Statistics.WaitingItem item : statistics.waiting()) {
            Map<String, Object> row = row(item.request());
            row.put("task", item.task().describe(Formats::time));
            row.put("taskName", item.task().task().name());
            row.put("since", Formats.time(item.task().since()));
            row.put("waited", Formats.duration(item.waited()));
            waiting.add(row);
        }
        data.put("waiting", waiting);

        List<Map<String, Object>> closureQueue = new ArrayList<>();
        for (RequestView queued : statistics.closureQueue()) {
            Map<String, Object> row = row(queued);
            row.put("accountId", queued.accountId().orElse("–"));
            row.put("goes", queued.queuedUntil().map(LifecycleEvent::day).orElse("not known yet"));
            closureQueue.add(row);
        }
        data.put("closureQueue", closureQueue);

        List<Map<String, Object>> bootstrapRoles = new ArrayList<>();
        for (RequestView account : statistics.bootstrapRoles()) {
            LifecycleEvent.BootstrapRoleChecked role = account.bootstrapRole().orElseThrow();
            Map<String, Object> row = row(account);
            row.put("accountName", role.accountName());
            row.put("accountId", role.accountId());
            row.put("roleName", role.roleName());
            row.put("state", role.state().name());
            row.put("visible", role.state() != LifecycleEvent.BootstrapRoleChecked.State.NOT_VISIBLE);
            row.put("detail", role.reason());
            row.put("handedOver", LifecycleEvent.day(role.handedOverAt()));
            row.put("days", role.daysSinceHandOver(now));
            row.put("checked", LifecycleEvent.day(role.checkedAt()));
            row.put("next", role.nextCheckAt() == null ? "none" : LifecycleEvent.day(role.nextCheckAt()));
            bootstrapRoles.add(row);
        }
        data.put("bootstrapRoles", bootstrapRoles);

        List<Map<String, Object>> leadTimes = new ArrayList<>();
        for (Statistics.LeadTime time : statistics.leadTimes()) {
            leadTimes.add(Map.of("kind", kindTitle(time.kind()), "stage", time.label(), "count", time.count(),
                    "median", Formats.duration(time.median()), "p90", Formats.duration(time.p90())));
        }
        data.put("leadTimes", leadTimes);

        data.put("recent", projection.all().stream().filter(visible)
                .sorted(Comparator.comparing(RequestView::updatedAt).reversed().thenComparing(RequestView::requestId))
                .limit(20).map(this::row).toList());
        return data;
    }

    private Map<String, Object> row(RequestView view) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("requestId", view.requestId());
        row.put("short", view.requestId().length() > 8 ? view.requestId().substring(0, 8) : view.requestId());
        row.put("kind", kindTitle(view.kind()));
        row.put("subject", String.join(", ", view.subjects()));
        row.put("requester", view.requesterEmail().orElse("–"));
        row.put("stage", view.stage().name());
        row.put("stageTitle", view.stage().title(view.kind()));
        row.put("tag", tag(view.stage()));
        row.put("updated", Formats.time(view.updatedAt()));
        return row;
    }

    private static List<Map<String, Object>> asked(RequestView view) {
        List<Map<String, Object>> asked = new ArrayList<>();
        Submission submission = view.submission().orElse(null);
        if (submission == null) {
            return asked;
        }
        AccountSpec account = submission.account();
        Submission.Closure closure = submission.closure();
        if (closure != null) {
            asked.add(field("Account to close", closure.accountName() + " (" + closure.accountId() + ")"));
            asked.add(field("Reason", closure.reason()));
            asked.add(field("Admins", String.join(", ", closure.adminUserEmails())));
            view.queuedUntil().ifPresent(until -> asked.add(field("Queued until", LifecycleEvent.day(until))));
            view.reinstatableUntil().ifPresent(until -> asked.add(field("AWS can reinstate it until", LifecycleEvent.day(until))));
            return asked;
        }
        if (account == null) {
            asked.add(field("People", String.join(", ", submission.userEmails())));
            return asked;
        }
        asked.add(field("Account name", account.name()));
        asked.add(field("Description", account.description()));
        asked.add(field("Organisation", account.organisation() + (account.costCentre() == null ? "" : " (cost centre " + account.costCentre() + ")")));
        asked.add(field("Team", account.team().name() + " <" + account.team().email() + ">"));
        AccountSpec.Lead lead = account.team().lead();
        asked.add(field("Team lead", lead.name() + ", " + lead.role()
                + (lead.email() == null ? "" : ", " + lead.email()) + (lead.phone() == null ? "" : ", " + lead.phone())));
        asked.add(field("Service", account.service().name() + (account.service().outOfHoursSupport()
                ? "; out of hours: " + account.service().outOfHoursPhone() : "; no out-of-hours support")));
        asked.add(field("Security", "alerts " + account.security().alertPriority() + "; PII: " + yesNo(account.security().holdsPii())
                + "; PCI data: " + yesNo(account.security().holdsPciData())
                + (account.security().criticalResources() == null ? "" : "; critical: " + account.security().criticalResources())));
        asked.add(field("Admins", String.join(", ", account.adminUserEmails())));
        return asked;
    }

    /** The latest look at the bootstrap role, in a sentence. */
    private static String bootstrapRole(LifecycleEvent.BootstrapRoleChecked role) {
        String next = role.nextCheckAt() == null ? "" : "; next look on " + LifecycleEvent.day(role.nextCheckAt());
        return switch (role.state()) {
            case PRESENT -> "Still in place when last looked for on " + LifecycleEvent.day(role.checkedAt()) + " (handed over on "
                    + LifecycleEvent.day(role.handedOverAt()) + "): replace " + role.roleName() + " with a properly named admin role" + next;
            case REMOVED -> "Removed: gone when looked for on " + LifecycleEvent.day(role.checkedAt()) + "; no more reminders";
            case NOT_VISIBLE -> "Could not be looked for on " + LifecycleEvent.day(role.checkedAt()) + ": "
                    + role.reason() + next;
        };
    }

    private Predicate<RequestView> visibleToCaller() {
        boolean engineer = caller.isEngineer();
        String email = caller.email();
        return view -> engineer || (email != null && email.equals(view.requesterEmail().orElse(null)));
    }

    /** The GOV.UK tag colour of a stage: done green, failed red, rejected grey, waiting on a person yellow, on the closure quota orange. */
    static String tag(Stage stage) {
        return switch (stage) {
            case COMPLETE, USER_CREATED, USER_REMOVED -> "govuk-tag--green";
            case FAILED -> "govuk-tag--red";
            case REJECTED -> "govuk-tag--grey";
            case PR_OPEN, AWAITING_ROOT_MFA, CLOSED -> "govuk-tag--yellow";
            case CLOSURE_QUEUED -> "govuk-tag--orange";
            default -> "govuk-tag--blue";
        };
    }

    private static String cell(int count) {
        return count < 0 ? "" : Integer.toString(count);
    }

    private static Map<String, Object> field(String label, String value) {
        return Map.of("label", label, "value", value == null ? "" : value);
    }

    private static String yesNo(boolean value) {
        return value ? "yes" : "no";
    }

    static String kindTitle(RequestKind kind) {
        if (kind == null) {
            return "–";
        }
        return switch (kind) {
            case NEW_ACCOUNT -> "New account";
            case USER_ACCESS -> "User access";
            case USER_REMOVAL -> "User removal";
            case ACCOUNT_CLOSURE -> "Account closure";
        };
    }

    private static Map<String, Duration> windows() {
        Map<String, Duration> windows = new LinkedHashMap<>();
        windows.put("1d", Duration.ofDays(1));
        windows.put("7d", Duration.ofDays(7));
        windows.put("30d", Duration.ofDays(30));
        windows.put("90d", Duration.ofDays(90));
        windows.put("365d", Duration.ofDays(365));
        return windows;
    }
}
