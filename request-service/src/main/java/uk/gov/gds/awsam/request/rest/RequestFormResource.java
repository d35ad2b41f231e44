package uk.gov.gds.awsam.request.rest;

import java.net.URI;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import uk.gov.gds.awsam.request.config.RequestConfig;
import uk.gov.gds.awsam.request.domain.FieldError;
import uk.gov.gds.awsam.request.domain.Intake;
import uk.gov.gds.awsam.request.domain.Intake.Outcome;
import uk.gov.gds.awsam.request.domain.RequestRules;
import uk.gov.gds.awsam.request.domain.Validated;

/**
 * The request form, GOV.UK style, for people in a browser (no JavaScript needed): a start page, a form per kind of
 * request, "check your answers", and a confirmation linking the request's live page. A form becomes the same body
 * the API takes and is checked by the same rules ({@link RequestRules}); its errors are the API's, field by field,
 * in the GOV.UK error summary and beside each field. What was checked travels in the "check your answers" page itself
 * (a hidden copy of the body and an idempotency key made for it), so no state is kept between pages, and sending it
 * twice (a double click, the back button) makes one request: the second is the first's repeat.
 */
@Path("/request")
@Authenticated
@Blocking
public class RequestFormResource {

    private static final Logger LOG = Logger.getLogger(RequestFormResource.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Intake intake;
    private final RequestRules rules;
    private final RequestForm form;
    private final Caller caller;
    private final RequestConfig config;
    private final MeterRegistry metrics;
    private final Template start;
    private final Template page;
    private final Template check;
    private final Template submitted;

    public RequestFormResource(Intake intake, RequestRules rules, Caller caller, RequestConfig config, MeterRegistry metrics,
            @Location("request-start.html") Template start, @Location("request-form.html") Template page,
            @Location("request-check.html") Template check, @Location("request-submitted.html") Template submitted) {
        this.intake = intake;
        this.rules = rules;
        this.form = new RequestForm(rules);
        this.caller = caller;
        this.config = config;
        this.metrics = metrics;
        this.start = start;
        this.page = page;
        this.check = check;
        this.submitted = submitted;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response start() {
        return Pages.page(startPage(null).render());
    }

    /** The start page's question (a GET form: choosing changes nothing). */
    @GET
    @Path("choose")
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response choose(@QueryParam("kind") String chosen) {
        RequestForm.Kind kind = RequestForm.Kind.of(chosen);
        if (kind == null) {
            return Pages.page(400, startPage("Select what you want to ask for").render()).build();
        }
        return Response.seeOther(URI.create("/request/" + kind.path)).build();
    }

    @GET
    @Path("{kind}")
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response blank(@PathParam("kind") String path) {
        RequestForm.Kind kind = kind(path);
        return Pages.page(formPage(kind, Map.of(), List.of()).render());
    }

    /** The filled-in form: back with its errors, or on to "check your answers". */
    @POST
    @Path("{kind}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response answered(@PathParam("kind") String path, MultivaluedMap<String, String> fields) {
        RequestForm.Kind kind = kind(path);
        Map<String, Object> body = RequestForm.body(kind, fields);
        Validated<?> validated = validate(kind, body);
        if (!validated.isValid()) {
            return Pages.page(400, formPage(kind, body, validated.errors()).render()).build();
        }
        return Pages.page(checkPage(kind, body, validated.value(), UUID.randomUUID().toString(), null).render());
    }

    /** "Change" on the check page: the form again, filled in with the answers. */
    @POST
    @Path("{kind}/change")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response change(@PathParam("kind") String path, @FormParam("draft") String draft) {
        RequestForm.Kind kind = kind(path);
        return Pages.page(formPage(kind, decode(draft), List.of()).render());
    }

    /** "Send the request": the body as checked, with the idempotency key made for it. */
    @POST
    @Path("{kind}/submit")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response submit(@PathParam("kind") String path, @FormParam("draft") String draft, @FormParam("key") String key) {
        RequestForm.Kind kind = kind(path);
        Map<String, Object> body = decode(draft);
        Outcome outcome;
        try {
            outcome = intake.submit(new Intake.Attempt(kind.kind, caller.email(), body, key, JsonBodies.canonicalSha256(kind.kind, body),
                    caller.isEngineer()))
                    .toCompletableFuture().get(config.publishTimeout().toMillis() + 2_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException failure) {
            LOG.error("Submission from the form failed unexpectedly", failure);
            outcome = new Outcome.Unavailable("the service did not finish accepting it");
        }
        RequestIntakeResource.count(metrics, kind.kind, outcomeName(outcome));
        if (outcome instanceof Outcome.Accepted accepted) {
            return Response.seeOther(URI.create("/request/submitted/" + accepted.submission().requestId())).build();
        }
        if (outcome instanceof Outcome.Existing existing) {
            return Response.seeOther(URI.create("/request/submitted/" + existing.requestId())).build();
        }
        if (outcome instanceof Outcome.Invalid invalid) {
            return Pages.page(400, formPage(kind, body, invalid.errors()).render()).build();
        }
        if (outcome instanceof Outcome.Conflict conflict) {
            return Pages.page(409, formPage(kind, body, List.of(conflict.error())).render()).build();
        }
        if (outcome instanceof Outcome.Forbidden forbidden && !"requester".equals(forbidden.error().field())) {
            return Pages.page(403, formPage(kind, body, List.of(forbidden.error())).render()).build();
        }
        if (outcome instanceof Outcome.Forbidden forbidden) {
            return Pages.error(403, "You cannot make requests", RequestForm.sentence(forbidden.error()) + ".").build();
        }
        if (outcome instanceof Outcome.KeyReused) {
            return Pages.page(422, checkPage(kind, body, validate(kind, body).value(), UUID.randomUUID().toString(),
                    "These answers changed after they were checked. Check them again and send them.").render()).build();
        }
        Validated<?> validated = validate(kind, body);
        return Pages.page(503, checkPage(kind, body, validated.value(), key,
                "The service could not accept the request just now, and nothing was sent. Try again in a few seconds.").render())
                .header("Retry-After", Math.max(1, config.retryAfter().toSeconds())).build();
    }

    @GET
    @Path("submitted/{id}")
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response submitted(@PathParam("id") String requestId) {
        return Pages.page(submitted.data("requestId", requestId).render());
    }

    private TemplateInstance startPage(String error) {
        return start.data("kinds", RequestForm.Kind.values()).data("error", error)
                .data("errors", error == null ? List.of() : List.of(new RequestForm.Error("#kind", error)));
    }

    private TemplateInstance formPage(RequestForm.Kind kind, Map<String, Object> body, List<FieldError> errors) {
        return page.data("kind", kind)
                .data("sections", form.sections(kind, RequestForm.values(body), RequestForm.inline(errors)))
                .data("errors", RequestForm.summary(errors));
    }

    private TemplateInstance checkPage(RequestForm.Kind kind, Map<String, Object> body, Object validated, String key, String error) {
        return check.data("kind", kind).data("answers", RequestForm.answers(validated)).data("draft", encode(body)).data("key", key)
                .data("errors", error == null ? List.of() : List.of(new RequestForm.Error("#send", error)));
    }

    private Validated<?> validate(RequestForm.Kind kind, Map<String, Object> body) {
        return switch (kind) {
            case NEW_ACCOUNT -> rules.account(body);
            case ACCOUNT_CLOSURE -> rules.closure(body);
            case USER_ACCESS, USER_REMOVAL -> rules.users(body);
        };
    }

    private static RequestForm.Kind kind(String path) {
        RequestForm.Kind kind = RequestForm.Kind.of(path);
        if (kind == null) {
            throw new jakarta.ws.rs.NotFoundException();
        }
        return kind;
    }

    private static String encode(Map<String, Object> body) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** The hidden copy of the answers; read as strictly as an API body (it came from a browser, so it is checked again). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> decode(String draft) {
        try {
            JsonBodies.Parsed parsed = JsonBodies.parse(Base64.getUrlDecoder().decode(draft == null ? "" : draft));
            if (parsed.error() == null && parsed.tree() instanceof Map<?, ?> map) {
                return new LinkedHashMap<>((Map<String, Object>) map);
            }
        } catch (IllegalArgumentException notBase64) {
            // falls through to an empty form
        }
        return new LinkedHashMap<>();
    }

    private static String outcomeName(Outcome outcome) {
        if (outcome instanceof Outcome.Accepted) {
            return "accepted";
        }
        if (outcome instanceof Outcome.Existing) {
            return "repeated";
        }
        if (outcome instanceof Outcome.Invalid) {
            return "invalid";
        }
        if (outcome instanceof Outcome.Forbidden) {
            return "forbidden";
        }
        if (outcome instanceof Outcome.Conflict) {
            return "conflict";
        }
        return outcome instanceof Outcome.KeyReused ? "key-reused" : "unavailable";
    }
}
