package uk.gov.gds.awsam.request.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import io.quarkus.security.Authenticated;
import uk.gov.gds.awsam.request.domain.DeadLetter;
import uk.gov.gds.awsam.request.domain.DeadLetterIndex;
import uk.gov.gds.awsam.request.domain.DeadLetterReplays;
import uk.gov.gds.awsam.request.domain.FieldError;
import uk.gov.gds.awsam.request.messaging.DeadLetterFeed;

/**
 * Engineers list the dead-lettered records (request id, error, when, whether replayed) per dead-letter topic, and
 * replay one or every one not replayed yet to the topic it came from, each replay recorded on its request's
 * timeline and made once. Engineers only (403 for anyone else); every refusal is problem+json.
 */
@Path("/api/v1/dead-letters")
@Authenticated
@SecurityRequirement(name = "bearer")
public class DeadLetterResource {

    private final DeadLetterIndex deadLetters;
    private final DeadLetterReplays replays;
    private final Caller caller;

    public DeadLetterResource(DeadLetterIndex deadLetters, DeadLetterReplays replays, Caller caller) {
        this.deadLetters = deadLetters;
        this.replays = replays;
        this.caller = caller;
    }

    @GET
    @Produces({ MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE })
    @Operation(summary = "Engineers: the dead-lettered records (request id, error, when, whether replayed), per dead-letter topic")
    public Response deadLetters(@QueryParam("topic") String topic) {
        Response refused = EngineersOnly.refuse(caller);
        if (refused != null) {
            return refused;
        }
        if (topic != null && !DeadLetterFeed.topics().contains(topic)) {
            return Problems.about(400, "invalid-request", "Unknown dead-letter topic",
                    new FieldError("topic", "must be one of the dead-letter topics: <event topic>.dlq"));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("caughtUp", deadLetters.isCaughtUp());
        json.put("deadLetters", deadLetters.of(topic).stream().map(this::json).toList());
        return Response.ok(json).build();
    }

    @POST
    @Path("/{topic}/{partition}/{offset}/replays")
    @Consumes(MediaType.WILDCARD)
    @Produces({ MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE })
    @Operation(summary = "Engineers: send one dead letter back to its topic, once its cause is fixed (recorded on its request's timeline)")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "replay", value = "{\"reason\": \"AWS answers again\"}")))
    @APIResponse(responseCode = "200", description = "Replayed now, or already, before or by a replay made at the same moment on any instance"
            + " (nothing sent again): see outcome")
    @APIResponse(responseCode = "404", description = "No such dead letter")
    @APIResponse(responseCode = "422", description = "The record has no request id (no key): not replayed from here")
    @APIResponse(responseCode = "503", description = "Not replayed: the broker did not take the claim, the record or its DeadLetterReplayed,"
            + " or a replay of it made at the same moment did not finish")
    public CompletionStage<Response> replay(@PathParam("topic") String topic, @PathParam("partition") int partition,
            @PathParam("offset") long offset, byte[] body) {
        return withReason(body, reason -> {
            DeadLetter letter = deadLetters.find(topic, partition, offset).orElse(null);
            if (letter == null) {
                return EngineersOnly.done(Problems.of(404, "not-found", "No such dead letter", "there is no dead letter at " + topic + "/"
                        + partition + "/" + offset + (deadLetters.isCaughtUp() ? "" : " yet (still reading the dead-letter topics)")));
            }
            return replays.replay(letter, caller.email(), reason).thenApply(DeadLetterResource::answer);
        });
    }

    private static Response answer(DeadLetterReplays.Outcome outcome) {
        if (outcome instanceof DeadLetterReplays.Outcome.NoRequest) {
            return Problems.about(422, "no-request", "Not replayed", new FieldError("key",
                    "the record has no request id (key), so its replay could not be recorded on a timeline"));
        }
        if (outcome instanceof DeadLetterReplays.Outcome.Failed failed) {
            return Problems.unavailable("not replayed: " + failed.why(), java.time.Duration.ofSeconds(5));
        }
        return Response.ok(outcome(outcome)).build();
    }

    @POST
    @Path("/{topic}/replays")
    @Consumes(MediaType.WILDCARD)
    @Produces({ MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE })
    @Operation(summary = "Engineers: send every dead letter of a topic not replayed yet back to its topic, oldest first")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "replay all", value = "{\"reason\": \"GitHub answers again\"}")))
    public CompletionStage<Response> replayAll(@PathParam("topic") String topic, byte[] body) {
        return withReason(body, reason -> !DeadLetterFeed.topics().contains(topic)
                ? EngineersOnly.done(Problems.of(404, "not-found", "No such dead-letter topic", "there is no dead-letter topic " + topic))
                : replays.replayAll(topic, caller.email(), reason).thenApply(outcomes -> Response.ok(
                        Map.of("outcomes", outcomes.stream().map(DeadLetterResource::outcome).toList())).build()));
    }

    /** Engineers only, with a reason: {@code action} runs with it; anything else is refused. */
    private CompletionStage<Response> withReason(byte[] body, java.util.function.Function<String, CompletionStage<Response>> action) {
        Response refused = EngineersOnly.refuse(caller);
        if (refused != null) {
            return EngineersOnly.done(refused);
        }
        ReasonBody reason = ReasonBody.parse(body);
        return reason.error() != null ? EngineersOnly.done(Problems.invalid(List.of(reason.error()))) : action.apply(reason.reason());
    }

    private Map<String, Object> json(DeadLetter letter) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("deadLetterTopic", letter.deadLetterTopic());
        json.put("partition", letter.partition());
        json.put("offset", letter.offset());
        json.put("topic", letter.topic());
        json.put("requestId", letter.requestId());
        json.put("eventId", letter.eventId());
        json.put("error", letter.error());
        json.put("deadLetteredAt", letter.deadLetteredAt().toString());
        json.put("replayed", replays.replayed(letter).map(by -> Map.of("by", by.by(), "at", by.at().toString())).orElse(null));
        json.put("links", Map.of("replay", "/api/v1/dead-letters/" + letter.position() + "/replays"));
        return json;
    }

    static Map<String, Object> outcome(DeadLetterReplays.Outcome outcome) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("deadLetter", outcome.letter().position());
        json.put("requestId", outcome.letter().requestId());
        json.put("topic", outcome.letter().topic());
        json.put("outcome", outcome instanceof DeadLetterReplays.Outcome.Replayed ? "REPLAYED"
                : outcome instanceof DeadLetterReplays.Outcome.AlreadyReplayed ? "ALREADY_REPLAYED"
                : outcome instanceof DeadLetterReplays.Outcome.NoRequest ? "NO_REQUEST_ID" : "FAILED");
        if (outcome instanceof DeadLetterReplays.Outcome.AlreadyReplayed already) {
            json.put("replayedBy", already.by());
            json.put("replayedAt", already.at().toString());
        } else if (outcome instanceof DeadLetterReplays.Outcome.Failed failed) {
            json.put("error", failed.why());
        }
        return json;
    }

}
