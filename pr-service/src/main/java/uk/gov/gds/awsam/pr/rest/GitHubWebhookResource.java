package uk.gov.gds.awsam.pr.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import uk.gov.gds.awsam.pr.domain.WebhookProcessing;
import uk.gov.gds.awsam.pr.domain.WebhookProcessing.Delivery;
import uk.gov.gds.awsam.pr.domain.WebhookProcessing.Result;

/**
 * {@code POST /webhooks/github}: GitHub's deliveries. Answered once what they cause is published and
 * acknowledged, within GitHub's 10 seconds; errors are {@code application/problem+json}.
 */
@Path("/webhooks/github")
public class GitHubWebhookResource {

    private static final Logger LOG = Logger.getLogger(GitHubWebhookResource.class);
    static final String PROBLEM = "application/problem+json";

    private final WebhookProcessing webhooks;
    private final MeterRegistry metrics;

    public GitHubWebhookResource(WebhookProcessing webhooks, MeterRegistry metrics) {
        this.webhooks = webhooks;
        this.metrics = metrics;
    }

    @POST
    @Blocking
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, PROBLEM})
    public Response deliver(@HeaderParam("X-GitHub-Delivery") String deliveryId, @HeaderParam("X-GitHub-Event") String event,
            @HeaderParam("X-Hub-Signature-256") String signature, @HeaderParam("Content-Type") String contentType, byte[] body) {
        Result result = webhooks.handle(new Delivery(deliveryId, event, signature, contentType, body == null ? new byte[0] : body));
        metrics.counter("pr_service_webhook_deliveries_total", "status", result.status().name().toLowerCase(java.util.Locale.ROOT)).increment();
        int status = switch (result.status()) {
            case UNAUTHORIZED -> 401;
            case MALFORMED -> 400;
            case NOT_READY, UNAVAILABLE -> 503;
            case IGNORED -> 202;
            case DUPLICATE, PROCESSED, PONG -> 200;
        };
        if (status >= 400) {
            LOG.infof("webhook delivery %s (%s) answered %d: %s", safe(deliveryId), safe(event), status, result.detail());
            Response.ResponseBuilder problem = Response.status(status).type(PROBLEM).entity(new Problem("about:blank",
                    title(result.status()), status, result.detail()));
            return status == 503 ? problem.header("Retry-After", "30").build() : problem.build();
        }
        if (result.status() == WebhookProcessing.Status.PONG) {
            LOG.infof("webhook delivery %s: %s", safe(deliveryId), result.detail());
        } else {
            LOG.debugf("webhook delivery %s (%s): %s %s", safe(deliveryId), safe(event), result.status(), result.detail());
        }
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new Answer(result.status().name(), result.detail())).build();
    }

    private static String title(WebhookProcessing.Status status) {
        return switch (status) {
            case UNAUTHORIZED -> "The delivery is not signed with the webhook secret";
            case MALFORMED -> "The delivery cannot be read";
            default -> "Not processed now; the reconciler will catch up";
        };
    }

    /** Header values go to the log only as short, plain tokens. */
    private static String safe(String value) {
        if (value == null) {
            return "-";
        }
        String cleaned = value.replaceAll("[^A-Za-z0-9_.-]", "?");
        return cleaned.length() > 64 ? cleaned.substring(0, 64) : cleaned;
    }

    public record Problem(String type, String title, int status, String detail) {
    }

    public record Answer(String status, String detail) {
    }
}
