package uk.gov.gds.awsam.request.rest;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.Authenticated;
import uk.gov.gds.awsam.logging.RequestMdc;
import uk.gov.gds.awsam.request.config.RequestConfig;
import uk.gov.gds.awsam.request.domain.FieldError;
import uk.gov.gds.awsam.request.domain.Intake;
import uk.gov.gds.awsam.request.domain.Intake.Outcome;
import uk.gov.gds.awsam.request.domain.RequestKind;

/**
 * The front door: the three kinds of request. Each answers 202 with the request id and a Location only
 * once the broker has acknowledged the request's RequestSubmitted; 200 with the earlier request for a
 * repeat of the same Idempotency-Key and body; a problem+json 4xx naming every bad field, or a 503 with
 * Retry-After, when nothing was published.
 */
@Path("/api/v1")
@Authenticated
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
@SecurityRequirement(name = "bearer")
public class RequestIntakeResource {

    private static final Logger LOG = Logger.getLogger(RequestIntakeResource.class);
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final Intake intake;
    private final Caller caller;
    private final RequestConfig config;
    private final MeterRegistry metrics;
    private final uk.gov.gds.awsam.request.domain.Projection projection;

    public RequestIntakeResource(Intake intake, Caller caller, RequestConfig config, MeterRegistry metrics,
            uk.gov.gds.awsam.request.domain.Projection projection) {
        this.projection = projection;
        this.intake = intake;
        this.caller = caller;
        this.config = config;
        this.metrics = metrics;
    }

    @POST
    @Path("/account-requests")
    @Consumes(MediaType.WILDCARD)
    @Produces({ MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE })
    @Operation(summary = "Ask for a new AWS account")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "AccountRequest")))
    @APIResponse(responseCode = "202", description = "Accepted: RequestSubmitted is on the broker",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "RequestAccepted")))
    @APIResponse(responseCode = "200", description = "The request made earlier with this Idempotency-Key and body",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "RequestAccepted")))
    @APIResponse(responseCode = "400", description = "Invalid: every bad field is named",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "401", description = "No valid bearer token")
    @APIResponse(responseCode = "403", description = "The requester's email may not make requests")
    @APIResponse(responseCode = "413", description = "Body too large")
    @APIResponse(responseCode = "415", description = "Not application/json")
    @APIResponse(responseCode = "422", description = "Idempotency-Key already used with a different body")
    @APIResponse(responseCode = "503", description = "Not accepted now (broker unavailable); retry after Retry-After seconds")
    public CompletionStage<Response> accountRequest(HttpHeaders headers, byte[] body,
            @Parameter(description = "Makes a retry safe: the same key and body give the same request")
            @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        return submit(RequestKind.NEW_ACCOUNT, headers, body, idempotencyKey);
    }

    @POST
    @Path("/user-requests")
    @Consumes(MediaType.WILDCARD)
    @Produces({ MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE })
    @Operation(summary = "Ask for people to be added to gds-users")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "UserList")))
    @APIResponse(responseCode = "202", description = "Accepted: RequestSubmitted is on the broker",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "RequestAccepted")))
    @APIResponse(responseCode = "400", description = "Invalid: every bad field is named",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public CompletionStage<Response> userRequest(HttpHeaders headers, byte[] body,
            @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        return submit(RequestKind.USER_ACCESS, headers, body, idempotencyKey);
    }

    @POST
    @Path("/user-removals")
    @Consumes(MediaType.WILDCARD)
    @Produces({ MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE })
    @Operation(summary = "Ask for people to be removed from gds-users")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "UserList")))
    @APIResponse(responseCode = "202", description = "Accepted: RequestSubmitted is on the broker",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "RequestAccepted")))
    @APIResponse(responseCode = "400", description = "Invalid: every bad field is named",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public CompletionStage<Response> userRemoval(HttpHeaders headers, byte[] body,
            @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        return submit(RequestKind.USER_REMOVAL, headers, body, idempotencyKey);
    }

    @POST
    @Path("/account-closures")
    @Consumes(MediaType.WILDCARD)
    @Produces({ MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE })
    @Operation(summary = "Ask for a member account to be closed",
            description = "Allowed to the account's requester, its admins and engineers (only engineers for an account this service did not create)")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "AccountClosure")))
    @APIResponse(responseCode = "202", description = "Accepted: RequestSubmitted is on the broker",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "RequestAccepted")))
    @APIResponse(responseCode = "403", description = "The caller may not close this account",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "409", description = "The account is already closing, or a closure of it was already asked for",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "422", description = "Not an account that can be closed (not in the organisation, the management or gds-users account), or a bad reason",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "503", description = "AWS Organizations or the broker unavailable; nothing published; retry after Retry-After seconds")
    public CompletionStage<Response> accountClosure(HttpHeaders headers, byte[] body,
            @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        return submit(RequestKind.ACCOUNT_CLOSURE, headers, body, idempotencyKey);
    }

    private CompletionStage<Response> submit(RequestKind kind, HttpHeaders headers, byte[] body, String idempotencyKey) {
        MediaType type = headers.getMediaType();
        if (type == null || !type.isCompatible(MediaType.APPLICATION_JSON_TYPE) || type.isWildcardType() || type.isWildcardSubtype()
                || !isUtf8(type)) {
            return answer(kind, "unsupported-media-type", Problems.about(415, "unsupported-media-type", "Unsupported media type",
                    new FieldError("Content-Type", "must be application/json (UTF-8)")));
        }
        if (body != null && body.length > config.maxBodyBytes()) {
            return answer(kind, "too-large", BodyLimitFilter.tooLarge(config));
        }
        JsonBodies.Parsed parsed = JsonBodies.parse(body);
        if (parsed.error() != null) {
            return answer(kind, "invalid", Problems.invalid(List.of(parsed.error())));
        }
        String sha256 = JsonBodies.canonicalSha256(kind, parsed.tree());
        // The broker's acknowledgement arrives on the Kafka producer's own thread: answer back on this
        // request's event loop, so that thread only hands acknowledgements over.
        io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
        java.util.concurrent.Executor here = context == null ? Runnable::run : task -> context.runOnContext(ignored -> task.run());
        return intake.submit(new Intake.Attempt(kind, caller.email(), parsed.tree(), idempotencyKey, sha256, caller.isEngineer()))
                .thenApplyAsync(outcome -> respond(kind, outcome), here)
                .exceptionally(failure -> {
                    LOG.error("Submission failed unexpectedly", failure);
                    return count(kind, "error", Problems.of(500, null, "Internal error", "the request was not accepted"));
                });
    }

    private Response respond(RequestKind kind, Outcome outcome) {
        if (outcome instanceof Outcome.Accepted accepted) {
            String requestId = accepted.submission().requestId();
            RequestMdc.log(requestId, () -> LOG.infof("Accepted %s request %s", kind, requestId));
            Map<String, Object> body = accepted(requestId, kind);
            if (accepted.submission().account() != null) {
                ForwardPanel.unknownAdminsWarning(projection.withoutKnownUser(accepted.submission().account().adminUserEmails()))
                        .ifPresent(warning -> body.put("warnings", List.of(warning)));
            }
            return count(kind, "accepted", Response.accepted(body).location(statusUri(requestId))
                    .type(MediaType.APPLICATION_JSON).build());
        }
        if (outcome instanceof Outcome.Existing existing) {
            return count(kind, "repeated", Response.ok(accepted(existing.requestId(), existing.kind()))
                    .header("Content-Location", statusUri(existing.requestId())).type(MediaType.APPLICATION_JSON).build());
        }
        if (outcome instanceof Outcome.Invalid invalid) {
            return count(kind, "invalid", Problems.invalid(invalid.errors(), kind == RequestKind.ACCOUNT_CLOSURE ? 422 : 400));
        }
        if (outcome instanceof Outcome.Forbidden forbidden) {
            return count(kind, "forbidden", "requester".equals(forbidden.error().field())
                    ? Problems.about(403, "forbidden-requester", "You may not make requests", forbidden.error())
                    : Problems.about(403, "forbidden", "You may not make this request", forbidden.error()));
        }
        if (outcome instanceof Outcome.Conflict conflict) {
            return count(kind, "conflict", Problems.about(409, "conflict", "Already asked for", conflict.error()));
        }
        if (outcome instanceof Outcome.KeyReused reused) {
            return count(kind, "key-reused", Problems.about(422, "idempotency-key-reused", "Idempotency-Key already used",
                    new FieldError(Intake.IDEMPOTENCY_KEY_FIELD, "was used for request " + reused.requestId()
                            + " with a different body; use a new key")));
        }
        Outcome.Unavailable unavailable = (Outcome.Unavailable) outcome;
        LOG.warnf("Not accepted (%s): %s", kind, unavailable.reason());
        return count(kind, "unavailable", Problems.unavailable("the request was not accepted and nothing was published: "
                + unavailable.reason(), config.retryAfter()));
    }

    static Map<String, Object> accepted(String requestId, RequestKind kind) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requestId", requestId);
        body.put("kind", kind.name());
        body.put("links", Map.of("status", statusPath(requestId), "page", "/requests/" + requestId));
        return body;
    }

    static String statusPath(String requestId) {
        return "/api/v1/requests/" + requestId;
    }

    private static URI statusUri(String requestId) {
        return URI.create(statusPath(requestId));
    }

    private CompletionStage<Response> answer(RequestKind kind, String outcome, Response response) {
        return CompletableFuture.completedFuture(count(kind, outcome, response));
    }

    private Response count(RequestKind kind, String outcome, Response response) {
        count(metrics, kind, outcome);
        return response;
    }

    /** One submission, through the API or the form, by its outcome (awsam_requests_submitted_total). */
    static void count(MeterRegistry metrics, RequestKind kind, String outcome) {
        metrics.counter("awsam.requests.submitted", "kind", kind.name(), "outcome", outcome).increment();
    }

    private static boolean isUtf8(MediaType type) {
        String charset = type.getParameters().get(MediaType.CHARSET_PARAMETER);
        return charset == null || charset.equalsIgnoreCase("utf-8");
    }
}
