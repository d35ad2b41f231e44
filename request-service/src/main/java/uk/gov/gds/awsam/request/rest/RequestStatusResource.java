package uk.gov.gds.awsam.request.rest;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import uk.gov.gds.awsam.request.config.RequestConfig;
import uk.gov.gds.awsam.request.domain.FieldError;
import uk.gov.gds.awsam.request.domain.LifecycleEvent;
import uk.gov.gds.awsam.request.domain.Projection;
import uk.gov.gds.awsam.request.domain.RequestKind;
import uk.gov.gds.awsam.request.domain.RequestView;
import uk.gov.gds.awsam.request.domain.Stage;

/**
 * Where requests are: one request (its requester's own, or any for an engineer), a filtered, paged
 * list, and one request's timeline as Server-Sent Events followed by live updates. Served only once the
 * view has caught up with the topics (503 with Retry-After until then).
 */
@Path("/api/v1/requests")
@Authenticated
@SecurityRequirement(name = "bearer")
public class RequestStatusResource {

    static final int MAX_PAGE_SIZE = 200;

    private final Projection projection;
    private final Caller caller;
    private final RequestConfig config;
    private final Clock clock;
    private final ObjectMapper json;

    public RequestStatusResource(Projection projection, Caller caller, RequestConfig config, Clock clock, ObjectMapper json) {
        this.projection = projection;
        this.caller = caller;
        this.config = config;
        this.clock = clock;
        this.json = json;
    }

    @GET
    @Path("/{id}")
    @Produces({ MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE })
    @Operation(summary = "One request: what was asked, its stage, what waits on a person, its timeline", description = "For a "
            + "closure also closure: the account's id and name, the reason, queuedUntil (when a queued closure will go) and reinstatableUntil; for a "
            + "new account once the provisioner has looked for its bootstrap role, bootstrapRole: roleName, state (PRESENT: still in "
            + "place, the requester and the account's admins are reminded; REMOVED; NOT_VISIBLE: the provisioner could not look, detail says why), "
            + "handedOverAt, checkedAt (the latest look), nextCheckAt (null: no more looks) and detail (schema BootstrapRole). The "
            + "timeline shows a look at the bootstrap role only when its state changed")
    public Response one(@PathParam("id") String requestId) {
        projection.knowsAfterSync(requestId, config.publishTimeout());
        return Response.ok(RequestViews.detail(visible(requestId), clock.instant())).build();
    }

    @GET
    @Produces({ MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE })
    @Operation(summary = "Requests, newest first: yours, or anyone's for an engineer")
    public Response list(@Parameter(description = "e.g. PR_OPEN") @QueryParam("stage") String stage,
            @Parameter(description = "NEW_ACCOUNT, USER_ACCESS, USER_REMOVAL or ACCOUNT_CLOSURE") @QueryParam("kind") String kind,
            @Parameter(description = "requester email (engineers only, or your own)") @QueryParam("requester") String requester,
            @Parameter(description = "created at or after: 2026-11-01 or 2026-11-01T09:00:00Z") @QueryParam("since") String since,
            @QueryParam("page") String page, @QueryParam("size") String size) {
        ready();
        List<FieldError> errors = new ArrayList<>();
        Stage wantedStage = parse(errors, "stage", stage, value -> Stage.valueOf(value.toUpperCase(Locale.ROOT)),
                "must be one of " + List.of(Stage.values()));
        RequestKind wantedKind = parse(errors, "kind", kind, value -> RequestKind.valueOf(value.toUpperCase(Locale.ROOT)),
                "must be one of " + List.of(RequestKind.values()));
        Instant createdSince = parse(errors, "since", since, RequestStatusResource::instant,
                "must be a date (2026-11-01) or an instant (2026-11-01T09:00:00Z)");
        Integer pageNumber = parse(errors, "page", page, Integer::valueOf, "must be a whole number from 0");
        Integer pageSize = parse(errors, "size", size, Integer::valueOf, "must be a whole number from 1 to " + MAX_PAGE_SIZE);
        if (pageNumber != null && pageNumber < 0) {
            errors.add(new FieldError("page", "must be a whole number from 0"));
        }
        if (pageSize != null && (pageSize < 1 || pageSize > MAX_PAGE_SIZE)) {
            errors.add(new FieldError("size", "must be a whole number from 1 to " + MAX_PAGE_SIZE));
        }
        String wantedRequester = requester == null || requester.isBlank() ? null : requester.trim().toLowerCase(Locale.ROOT);
        if (!caller.isEngineer()) {
            if (wantedRequester != null && !wantedRequester.equals(caller.email())) {
                return Problems.about(403, "forbidden", "Only engineers see other people's requests",
                        new FieldError("requester", "must be your own email unless you are an engineer"));
            }
            wantedRequester = caller.email();
        }
        if (!errors.isEmpty()) {
            return Problems.invalid(errors);
        }
        int from = (pageNumber == null ? 0 : pageNumber) * (pageSize == null ? 50 : pageSize);
        int count = pageSize == null ? 50 : pageSize;
        String who = wantedRequester;
        List<RequestView> matching = projection.all().stream()
                .filter(view -> wantedStage == null || view.stage() == wantedStage)
                .filter(view -> wantedKind == null || view.kind() == wantedKind)
                .filter(view -> who == null || who.equals(view.requesterEmail().orElse(null)))
                .filter(view -> createdSince == null || !view.createdAt().isBefore(createdSince))
                .sorted(Comparator.comparing(RequestView::createdAt).reversed().thenComparing(RequestView::requestId))
                .toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", matching.stream().skip(from).limit(count).map(RequestViews::brief).toList());
        body.put("page", pageNumber == null ? 0 : pageNumber);
        body.put("size", count);
        body.put("total", matching.size());
        return Response.ok(body).build();
    }

    @GET
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "The request's timeline, then every new event, as Server-Sent Events (event: the event type; "
            + "id: the event id; data: the event and the request's stage). Every new look at the bootstrap role is sent, though "
            + "the timeline keeps only those that changed its state; Last-Event-ID may name either")
    public Multi<OutboundSseEvent> events(@PathParam("id") String requestId, @HeaderParam("Last-Event-ID") String lastEventId,
            @Context Sse sse) {
        visible(requestId);
        return Multi.createFrom().<OutboundSseEvent>emitter(emitter -> {
            Projection.Listener listener = (view, event) -> emitter.emit(sse(sse, view, event));
            projection.subscribe(requestId, now -> now.ifPresent(view -> {
                for (LifecycleEvent event : view.timelineAfter(lastEventId)) {
                    emitter.emit(sse(sse, view, event));
                }
            }), listener);
            emitter.onTermination(() -> projection.unsubscribe(requestId, listener));
        }, BackPressureStrategy.BUFFER);
    }

    private OutboundSseEvent sse(Sse sse, RequestView view, LifecycleEvent event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("requestId", view.requestId());
        data.put("stage", view.stage().name());
        data.put("stageTitle", view.stage().title(view.kind()));
        data.put("event", RequestViews.entry(event));
        try {
            return sse.newEventBuilder().id(event.eventId()).name(RequestViews.slug(event.type()))
                    .data(json.writeValueAsString(data)).build();
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** The request if the caller may see it; 404 otherwise (whether it exists is not told to strangers). */
    RequestView visible(String requestId) {
        ready();
        Optional<RequestView> view = projection.find(requestId);
        if (view.isEmpty() || !caller.maySee(view.get().requesterEmail().orElse(null))) {
            throw new WebApplicationException(Problems.of(404, "not-found", "No such request", "there is no request " + requestId
                    + " that you may see"));
        }
        return view.get();
    }

    private void ready() {
        if (!projection.isCaughtUp()) {
            throw new WebApplicationException(Problems.unavailable("still reading the requests made so far", config.retryAfter()));
        }
    }

    private static Instant instant(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notAnInstant) {
            return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
        }
    }

    private static <T> T parse(List<FieldError> errors, String name, String value, java.util.function.Function<String, T> parser,
            String expected) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return parser.apply(value.trim());
        } catch (RuntimeException bad) {
            errors.add(new FieldError(name, expected));
            return null;
        }
    }
}
