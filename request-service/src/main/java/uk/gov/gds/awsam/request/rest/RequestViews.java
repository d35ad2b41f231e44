package uk.gov.gds.awsam.request.rest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.request.domain.LifecycleEvent;
import uk.gov.gds.awsam.request.domain.RequestKind;
import uk.gov.gds.awsam.request.domain.RequestView;
import uk.gov.gds.awsam.request.domain.Submission;

/** A request's view as JSON (maps and lists): for the status API, its SSE stream and the pages. */
public final class RequestViews {

    private RequestViews() {
    }

    /** Everything about one request. */
    public static Map<String, Object> detail(RequestView view, Instant now) {
        Map<String, Object> json = brief(view);
        json.put("request", view.submission().map(RequestViews::asked).orElse(null));
        json.put("pullRequest", view.pullRequest().map(pr -> Map.of("repository", pr.repository(), "number", pr.number(), "url", pr.url()))
                .orElse(null));
        json.put("accountId", view.accountId().orElse(null));
        if (view.kind() == RequestKind.ACCOUNT_CLOSURE) {
            Map<String, Object> closure = new LinkedHashMap<>();
            closure.put("accountId", view.accountId().orElse(null));
            closure.put("accountName", view.subjects().isEmpty() ? null : view.subjects().get(0));
            closure.put("reason", view.closure().map(Submission.Closure::reason).orElse(null));
            closure.put("queuedUntil", view.queuedUntil().map(Instant::toString).orElse(null));
            closure.put("reinstatableUntil", view.reinstatableUntil().map(Instant::toString).orElse(null));
            json.put("closure", closure);
        }
        view.rootSecured().ifPresent(secured -> {
            json.put("bootstrapRoleArn", secured.bootstrapRoleArn());
            json.put("trustedPrincipalArns", secured.trustedPrincipalArns());
            json.put("missingAdminUserEmails", secured.missingAdminUserEmails());
        });
        view.bootstrapRole().ifPresent(role -> json.put("bootstrapRole", bootstrapRole(role)));
        if (view.kind() != null && view.kind().isUserRequest()) {
            json.put("usersDone", view.usersDone().stream().sorted().toList());
        }
        json.put("waitingOn", waiting(view, now));
        Map<String, Object> entered = new LinkedHashMap<>();
        view.stageEntries().forEach((stage, at) -> entered.put(stage.name(), at.toString()));
        json.put("stageEntries", entered);
        json.put("failures", view.failures());
        json.put("timeline", view.timeline().stream().map(RequestViews::entry).toList());
        return json;
    }

    /** The latest look at an account's bootstrap role. */
    static Map<String, Object> bootstrapRole(LifecycleEvent.BootstrapRoleChecked role) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("roleName", role.roleName());
        json.put("state", role.state().name());
        json.put("handedOverAt", role.handedOverAt().toString());
        json.put("checkedAt", role.checkedAt().toString());
        json.put("nextCheckAt", role.nextCheckAt() == null ? null : role.nextCheckAt().toString());
        json.put("detail", role.detail());
        return json;
    }

    /** One line of a list. */
    public static Map<String, Object> brief(RequestView view) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("requestId", view.requestId());
        json.put("kind", view.kind() == null ? null : view.kind().name());
        json.put("stage", view.stage().name());
        json.put("stageTitle", view.stage().title(view.kind()));
        json.put("requester", view.requesterEmail().orElse(null));
        json.put("subjects", view.subjects());
        json.put("createdAt", view.createdAt().toString());
        json.put("updatedAt", view.updatedAt().toString());
        json.put("links", Map.of("self", RequestIntakeResource.statusPath(view.requestId()),
                "page", "/requests/" + view.requestId(),
                "events", RequestIntakeResource.statusPath(view.requestId()) + "/events"));
        return json;
    }

    /** One event of a timeline. */
    public static Map<String, Object> entry(LifecycleEvent event) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("eventId", event.eventId());
        json.put("type", slug(event.type()));
        json.put("title", event.type().title());
        json.put("occurredAt", event.occurredAt().toString());
        json.put("description", event.detail().describe());
        json.put("details", event.detail() instanceof LifecycleEvent.Submitted ? Map.of() : event.detail());
        return json;
    }

    /** The catalogue's name of an event type, e.g. pr-opened. */
    public static String slug(LifecycleEvent.Type type) {
        return EventType.valueOf(type.name()).slug();
    }

    static List<Map<String, Object>> waiting(RequestView view, Instant now) {
        List<Map<String, Object>> waiting = new ArrayList<>();
        for (RequestView.Waiting task : view.waitingOn(now)) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("task", task.task().name());
            json.put("title", task.describe(Instant::toString));
            if (task.outside() != null) {
                json.put("waitingFor", task.outside().waitingFor());
                json.put("reason", task.outside().reason());
                json.put("until", task.outside().until() == null ? null : task.outside().until().toString());
            }
            json.put("since", task.since().toString());
            json.put("waitedSeconds", Math.max(0, Duration.between(task.since(), now).toSeconds()));
            waiting.add(json);
        }
        return waiting;
    }

    private static Map<String, Object> asked(Submission submission) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", submission.kind().name());
        json.put("requesterEmail", submission.requesterEmail());
        if (submission.account() != null) {
            json.put("account", submission.account());
        } else if (submission.closure() != null) {
            json.put("closure", submission.closure());
        } else {
            json.put("userEmails", submission.userEmails());
        }
        return json;
    }
}
