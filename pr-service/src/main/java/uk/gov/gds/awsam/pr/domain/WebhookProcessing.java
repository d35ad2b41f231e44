package uk.gov.gds.awsam.pr.domain;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import uk.gov.gds.awsam.pr.domain.RepositorySettings.Repositories;
import uk.gov.gds.awsam.pr.domain.WebhookPayloads.Malformed;
import uk.gov.gds.awsam.pr.domain.WebhookPayloads.Ping;

/**
 * A GitHub webhook delivery, in the order that keeps it safe and fast: the signature over the raw bytes
 * first (nothing is parsed before), whichever of GitHub's two content types the webhook was made with
 * ({@code application/json}, or {@code application/x-www-form-urlencoded} with the JSON in its {@code payload}
 * field); {@code ping} answered at once; then the delivery id (one already processed is dropped); then the
 * payload, strictly (read by {@link WebhookPayloads}: the domain holds no JSON library); then whether it is
 * about a pull request pr-service opened, in a repository it writes to; then the conclusion, published and
 * acknowledged before the delivery is remembered and answered.
 * Work that GitHub's 10 seconds cannot hold (a rate-limited read) is left to the reconciler.
 */
public final class WebhookProcessing {

    /** What the HTTP answer says. */
    public enum Status {
        /** Bad or missing signature: 401. */
        UNAUTHORIZED,
        /** A header or the payload cannot be read: 400. */
        MALFORMED,
        /** Not yet ready (still rebuilding state from the topics): 503; the reconciler catches up. */
        NOT_READY,
        /** Already processed: 200, nothing published. */
        DUPLICATE,
        /** Valid, but nothing for pr-service: 202, nothing published. */
        IGNORED,
        /** Published (or found already published): 200. */
        PROCESSED,
        /** GitHub's {@code ping} when a webhook is made or tested: 200. */
        PONG,
        /** GitHub or the broker did not answer in time: 503, nothing remembered; the reconciler catches up. */
        UNAVAILABLE
    }

    public record Result(Status status, String detail) {
    }

    /** A delivery as it arrived: the headers pr-service reads and the raw body, exactly as signed. */
    public record Delivery(String id, String event, String signature, String contentType, byte[] body) {
        public Delivery(String id, String event, String signature, byte[] body) {
            this(id, event, signature, "application/json", body);
        }
    }

    private static final String FORM = "application/x-www-form-urlencoded";

    private final WebhookSignature signature;
    private final WebhookPayloads payloads;
    private final Repositories repositories;
    private final RequestLedger ledger;
    private final ProcessedDeliveries deliveries;
    private final Concluding concluding;
    private final Publisher publisher;
    private final Clock clock;
    private final Duration budget;

    public WebhookProcessing(WebhookSignature signature, WebhookPayloads payloads, Repositories repositories, RequestLedger ledger,
            ProcessedDeliveries deliveries, Concluding concluding, Publisher publisher, Clock clock, Duration budget) {
        this.signature = signature;
        this.payloads = payloads;
        this.repositories = repositories;
        this.ledger = ledger;
        this.deliveries = deliveries;
        this.concluding = concluding;
        this.publisher = publisher;
        this.clock = clock;
        this.budget = budget;
    }

    public Result handle(Delivery delivery) {
        if (!signature.verify(delivery.body(), delivery.signature())) {
            return new Result(Status.UNAUTHORIZED, "X-Hub-Signature-256 is missing or does not match the body");
        }
        if (delivery.id() == null || !delivery.id().matches("[A-Za-z0-9-]{1,64}")) {
            return new Result(Status.MALFORMED, "X-GitHub-Delivery: missing or not a delivery id");
        }
        if (delivery.event() == null || delivery.event().isBlank()) {
            return new Result(Status.MALFORMED, "X-GitHub-Event: missing");
        }
        byte[] json;
        try {
            json = json(delivery);
        } catch (Malformed malformed) {
            return new Result(Status.MALFORMED, malformed.getMessage());
        }
        if (delivery.event().equals("ping")) {
            return new Result(Status.PONG, payloads.ping(json).map(WebhookProcessing::pong).orElse("pong"));
        }
        if (!ledger.loaded()) {
            return new Result(Status.NOT_READY, "still rebuilding state from the topics");
        }
        if (deliveries.seen(delivery.id())) {
            return new Result(Status.DUPLICATE, "delivery " + delivery.id() + " was already processed");
        }
        if (!delivery.event().equals("pull_request")) {
            return new Result(Status.IGNORED, "event " + delivery.event() + " is not handled");
        }
        PullRequestEvent event;
        try {
            event = payloads.pullRequest(json);
        } catch (Malformed malformed) {
            return new Result(Status.MALFORMED, malformed.getMessage());
        }
        return process(delivery.id(), event);
    }

    /**
     * The JSON document of a delivery: the body itself ({@code application/json}), or the one {@code payload}
     * field of a form ({@code application/x-www-form-urlencoded}), decoded as UTF-8.
     */
    static byte[] json(Delivery delivery) {
        String type = delivery.contentType() == null ? "application/json"
                : delivery.contentType().split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (type.equals("application/json")) {
            return delivery.body();
        }
        if (!type.equals(FORM)) {
            throw new Malformed("Content-Type", "neither application/json nor " + FORM + " (what GitHub sends)");
        }
        String form = new String(delivery.body(), StandardCharsets.US_ASCII);
        String payload = null;
        for (String field : form.split("&", -1)) {
            int equals = field.indexOf('=');
            String name = equals < 0 ? field : field.substring(0, equals);
            if (name.equals("payload")) {
                if (payload != null) {
                    throw new Malformed("payload", "more than once in the form");
                }
                try {
                    payload = URLDecoder.decode(equals < 0 ? "" : field.substring(equals + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException badEscape) {
                    throw new Malformed("payload", "not URL-encoded");
                }
            }
        }
        if (payload == null || payload.isEmpty()) {
            throw new Malformed("payload", "missing from the form");
        }
        return payload.getBytes(StandardCharsets.UTF_8);
    }

    /** What GitHub's ping says of the webhook; a webhook that does not send pull_request events is named as useless. */
    private static String pong(Ping ping) {
        List<String> events = ping.events() == null ? List.of() : ping.events();
        String listed = String.join(", ", events);
        String sent = "webhook " + ping.hookId() + " sends " + (listed.isEmpty() ? "no events" : listed);
        return ping.events() == null || events.contains("pull_request") || events.contains("*") ? "pong: " + sent
                : "pong, but " + sent + ": pr-service needs the pull_request event (\"Pull requests\") to see merges";
    }

    private Result process(String deliveryId, PullRequestEvent event) {
        PullRequestState pr = event.pullRequest();
        if (repositories.find(event.repository()).isEmpty()) {
            return new Result(Status.IGNORED, "repository " + event.repository() + " is not one pr-service writes to");
        }
        if (!event.closed()) {
            return new Result(Status.IGNORED, "action " + event.action() + " needs nothing");
        }
        Optional<RequestBranch> branch = RequestBranch.parse(pr.headRef());
        if (branch.isEmpty()) {
            return new Result(Status.IGNORED, "branch " + pr.headRef() + " is not one pr-service made");
        }
        if (branch.get().isFollowUp()) {
            return new Result(Status.IGNORED, branch.get().kindSlug() + " pull request " + pr.number() + ": its merge publishes nothing");
        }
        Optional<TrackedRequest> tracked = ledger.forPullRequest(event.repository(), branch.get().requestId(), pr.headRef())
                .filter(r -> r.number() == null || r.number() == pr.number());
        if (tracked.isEmpty()) {
            return new Result(Status.IGNORED, "pull request " + pr.number() + " is not one pr-service opened");
        }
        Instant deadline = clock.instant().plus(budget);
        Concluding.Outcome outcome;
        try {
            outcome = concluding.conclude(tracked.get(), pr, pr.merged() ? pr.mergedBy() : event.sender(), deadline);
        } catch (GitHubFailure | IllegalStateException unavailable) {
            return new Result(Status.UNAVAILABLE, "could not conclude request " + tracked.get().requestId() + " now ("
                    + unavailable.getMessage() + "); the reconciler will");
        }
        if (outcome == Concluding.Outcome.ALREADY_CONCLUDED) {
            return new Result(Status.DUPLICATE, "request " + tracked.get().requestId() + " was already concluded");
        }
        try {
            Publisher.await(publisher.deliveryProcessed(deliveryId, outcome + " " + event.repository() + "#" + pr.number()),
                    Duration.between(clock.instant(), deadline).isNegative() ? Duration.ofSeconds(1) : Duration.between(clock.instant(), deadline));
        } catch (IllegalStateException notRemembered) {
            // Published, but not remembered: a replay finds the request concluded in the ledger and publishes nothing.
            return new Result(Status.PROCESSED, outcome + " (delivery not remembered: " + notRemembered.getMessage() + ")");
        }
        deliveries.add(deliveryId);
        return new Result(Status.PROCESSED, outcome + " request " + tracked.get().requestId());
    }
}
