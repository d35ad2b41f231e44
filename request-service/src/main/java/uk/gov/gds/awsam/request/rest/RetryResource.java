package uk.gov.gds.awsam.request.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import io.quarkus.security.Authenticated;
import uk.gov.gds.awsam.request.domain.Projection;
import uk.gov.gds.awsam.request.domain.RequestView;
import uk.gov.gds.awsam.request.domain.Retries;

/**
 * Engineers resume a FAILED request from its failed stage, once the cause is fixed: RetryRequested for the stage
 * of its latest failure, only when a service owns that stage. Engineers only (403 for anyone else); every refusal
 * is problem+json.
 */
@Path("/api/v1/requests/{id}/retries")
@Authenticated
@SecurityRequirement(name = "bearer")
public class RetryResource {

    static final String REASON_EXAMPLE = "{\"reason\": \"the admins now have IAM users in gds-users\"}";

    private final Projection projection;
    private final Retries retries;
    private final Caller caller;

    public RetryResource(Projection projection, Retries retries, Caller caller) {
        this.projection = projection;
        this.retries = retries;
        this.caller = caller;
    }

    @POST
        @Consumes(MediaType.WILDCARD)
    @Produces({ MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE })
    @Operation(summary = "Engineers: resume a FAILED request from its failed stage, once the cause is fixed (RetryRequested)")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "retry", value = REASON_EXAMPLE)))
    @APIResponse(responseCode = "202", description = "RetryRequested is on the broker; the stage's owner resumes the request")
    @APIResponse(responseCode = "403", description = "Not an engineer")
    @APIResponse(responseCode = "404", description = "No such request")
    @APIResponse(responseCode = "409", description = "The request is not FAILED, or no service resumes its failed stage")
    public CompletionStage<Response> retry(@PathParam("id") String requestId, byte[] body) {
        Response refused = EngineersOnly.refuse(caller);
        if (refused != null) {
            return EngineersOnly.done(refused);
        }
        if (!projection.isCaughtUp()) {
            return EngineersOnly.done(Problems.unavailable("still reading the requests made so far", java.time.Duration.ofSeconds(5)));
        }
        RequestView view = projection.find(requestId).orElse(null);
        if (view == null) {
            return EngineersOnly.done(Problems.of(404, "not-found", "No such request", "there is no request " + requestId));
        }
        ReasonBody reason = ReasonBody.parse(body);
        if (reason.error() != null) {
            return EngineersOnly.done(Problems.invalid(List.of(reason.error())));
        }
        return retries.request(view, caller.email(), reason.reason()).thenApply(RetryResource::answer)
                .exceptionally(failure -> Problems.unavailable("RetryRequested was not acknowledged by the broker: " + failure,
                        java.time.Duration.ofSeconds(5)));
    }

    /** The answer to a retry, for the API and (as words) the page. */
    static Response answer(Retries.Outcome outcome) {
        if (outcome instanceof Retries.Outcome.Requested requested) {
            Retries.Retry retry = requested.retry();
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("requestId", retry.requestId());
            json.put("stage", retry.stage());
            json.put("resumedBy", retry.owner());
            json.put("engineer", retry.engineer());
            json.put("reason", retry.reason());
            json.put("failedEventId", retry.failedEventId());
            json.put("links", Map.of("status", RequestIntakeResource.statusPath(retry.requestId()), "page", "/requests/" + retry.requestId()));
            return Response.accepted(json).type(MediaType.APPLICATION_JSON).build();
        }
        return Problems.of(409, "not-retryable", "Nothing to retry", refusal(outcome));
    }

    /** Why a request cannot be retried, in words. */
    static String refusal(Retries.Outcome outcome) {
        if (outcome instanceof Retries.Outcome.NotFailed notFailed) {
            return "the request is not FAILED (it is " + notFailed.stage().name()
                    + "): there is nothing to retry; after a retry, the request is FAILED again only if the step fails again";
        }
        if (outcome instanceof Retries.Outcome.NoOwner noOwner) {
            return "no service resumes " + noOwner.stage() + ": a retry would do nothing. Ask for the request again";
        }
        return "";
    }

}
