package uk.gov.gds.awsam.request.rest;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.security.Authenticated;
import uk.gov.gds.awsam.request.domain.DeadLetter;
import uk.gov.gds.awsam.request.domain.DeadLetterIndex;
import uk.gov.gds.awsam.request.domain.DeadLetterReplays;
import uk.gov.gds.awsam.request.domain.Projection;
import uk.gov.gds.awsam.request.domain.RequestView;
import uk.gov.gds.awsam.request.domain.Retries;
import uk.gov.gds.awsam.request.messaging.DeadLetterFeed;

/**
 * The engineers' pages for a stuck request: the retry form on a FAILED request's page (posted here), and the
 * dead letters, per topic, each replayable on its own or all at once. Engineers only; like every page's form, a post
 * is accepted only from this site with the session's form token ({@link Csrf}).
 */
@Path("/")
@Authenticated
public class ForwardPagesResource {

    private final Projection projection;
    private final Retries retries;
    private final DeadLetterIndex deadLetters;
    private final DeadLetterReplays replays;
    private final Caller caller;
    private final Template page;

    public ForwardPagesResource(Projection projection, Retries retries, DeadLetterIndex deadLetters, DeadLetterReplays replays,
            Caller caller, @Location("deadLetters.html") Template page) {
        this.projection = projection;
        this.retries = retries;
        this.deadLetters = deadLetters;
        this.replays = replays;
        this.caller = caller;
        this.page = page;
    }

    @POST
    @Path("requests/{id}/retries")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public CompletionStage<Response> retry(@PathParam("id") String requestId, @FormParam("reason") String reason) {
        Response refused = refuse();
        if (refused != null) {
            return done(refused);
        }
        RequestView view = projection.find(requestId).orElse(null);
        ReasonBody why = ReasonBody.of(reason);
        if (view == null || why.error() != null) {
            return done(message(view == null ? 404 : 400, "Not retried", view == null ? "There is no request " + requestId + "."
                    : "Say what was fixed (the reason is " + why.error().message() + ").", "/requests/" + requestId));
        }
        return retries.request(view, caller.email(), why.reason()).thenApply(outcome -> outcome instanceof Retries.Outcome.Requested
                ? Response.seeOther(URI.create("/requests/" + requestId)).build()
                : message(409, "Not retried", RetryResource.refusal(outcome), "/requests/" + requestId));
    }

    @GET
    @Path("dead-letters")
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response list() {
        if (!caller.isEngineer()) {
            return message(403, "Engineers only", "Only members of the engineers' group see dead letters.", "/");
        }
        List<Map<String, Object>> topics = new ArrayList<>();
        for (String topic : DeadLetterFeed.topics()) {
            List<DeadLetter> letters = deadLetters.of(topic);
            if (letters.isEmpty()) {
                continue;
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            long pending = 0;
            for (DeadLetter letter : letters) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("position", letter.position());
                row.put("partition", letter.partition());
                row.put("offset", letter.offset());
                row.put("requestId", letter.requestId() == null ? "" : letter.requestId());
                row.put("error", letter.error() == null ? "" : letter.error());
                row.put("when", Formats.time(letter.deadLetteredAt()));
                String replayed = replays.replayed(letter).map(by -> "replayed by " + by.by() + " at " + Formats.time(by.at())).orElse("");
                row.put("replayed", replayed);
                if (replayed.isEmpty() && letter.requestId() != null) {
                    pending++;
                }
                rows.add(row);
            }
            topics.add(Map.of("deadLetterTopic", topic, "topic", letters.get(0).topic(), "letters", rows, "pending", pending));
        }
        return Pages.page(page.data("caughtUp", deadLetters.isCaughtUp()).data("topics", topics).render());
    }

    @POST
    @Path("dead-letters/replays")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public CompletionStage<Response> replay(@FormParam("deadLetterTopic") String topic, @FormParam("partition") Integer partition,
            @FormParam("offset") Long offset, @FormParam("reason") String reason) {
        Response refused = refuse();
        if (refused != null) {
            return done(refused);
        }
        ReasonBody why = ReasonBody.of(reason);
        if (why.error() != null || topic == null || !DeadLetterFeed.topics().contains(topic)) {
            return done(message(400, "Not replayed", why.error() != null ? "Say what was fixed (the reason is " + why.error().message() + ")."
                    : "There is no dead-letter topic " + topic + ".", "/dead-letters"));
        }
        if (partition == null || offset == null) {
            return replays.replayAll(topic, caller.email(), why.reason()).thenApply(outcomes -> outcomes.stream()
                    .filter(DeadLetterReplays.Outcome.Failed.class::isInstance).findFirst()
                    .map(failed -> message(503, "Not every dead letter was replayed", ((DeadLetterReplays.Outcome.Failed) failed).why(),
                            "/dead-letters"))
                    .orElseGet(() -> Response.seeOther(URI.create("/dead-letters")).build()));
        }
        DeadLetter letter = deadLetters.find(topic, partition, offset).orElse(null);
        if (letter == null) {
            return done(message(404, "Not replayed", "There is no dead letter at " + topic + "/" + partition + "/" + offset + ".", "/dead-letters"));
        }
        return replays.replay(letter, caller.email(), why.reason()).thenApply(outcome -> outcome instanceof DeadLetterReplays.Outcome.Failed failed
                ? message(503, "Not replayed", failed.why(), "/dead-letters")
                : outcome instanceof DeadLetterReplays.Outcome.NoRequest
                        ? message(422, "Not replayed", "The record has no request id, so its replay could not be recorded.", "/dead-letters")
                        : Response.seeOther(URI.create("/dead-letters")).build());
    }

    /** Engineers only (the form's origin and session token are checked for every page post by {@link Csrf}). */
    private Response refuse() {
        return caller.isEngineer() ? null
                : message(403, "Engineers only", "Only members of the engineers' group may retry requests or replay dead letters.", "/");
    }

    private static Response message(int status, String title, String text, String back) {
        return Pages.error(status, title, text, back, back.equals("/") ? "Go to the list of requests" : "Go back").build();
    }

    private static CompletionStage<Response> done(Response response) {
        return CompletableFuture.completedFuture(response);
    }
}
