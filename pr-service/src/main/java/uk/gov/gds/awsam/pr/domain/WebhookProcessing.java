package uk.gov.gds.awsam.pr.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import uk.gov.gds.awsam.pr.domain.RepositorySettings.Repositories;

/**
 * A GitHub webhook delivery, in the order that keeps it safe and fast: the signature over the raw bytes
 * first (nothing is parsed before); then the delivery id (one already processed is dropped); then the
 * payload, strictly; then whether it is about a pull request pr-service opened, in a repository it writes
 * to; then the conclusion, published and acknowledged before the delivery is remembered and answered.
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
        /** GitHub or the broker did not answer in time: 503, nothing remembered; the reconciler catches up. */
        UNAVAILABLE
    }

    public record Result(Status status, String detail) {
    }

    public record Delivery(String id, String event, String signature, byte[] body) {
    }

    private final WebhookSignature signature;
    private final PullRequestEventParser parser = new PullRequestEventParser();
    private final Repositories repositories;
    private final RequestLedger ledger;
    private final ProcessedDeliveries deliveries;
    private final Concluding concluding;
    private final Publisher publisher;
    private final Clock clock;
    private final Duration budget;

    public WebhookProcessing(WebhookSignature signature, Repositories repositories, RequestLedger ledger, ProcessedDeliveries deliveries,
            Concluding concluding, Publisher publisher, Clock clock, Duration budget) {
        this.signature = signature;
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
        if (!ledger.loaded()) {
            return new Result(Status.NOT_READY, "still rebuilding state from the topics");
        }
        if (deliveries.seen(delivery.id())) {
            return new Result(Status.DUPLICATE, "delivery " + delivery.id() + " was already processed");
        }
        if (delivery.event().equals("ping")) {
            return new Result(Status.IGNORED, "ping");
        }
        if (!delivery.event().equals("pull_request")) {
            return new Result(Status.IGNORED, "event " + delivery.event() + " is not handled");
        }
        PullRequestEvent event;
        try {
            event = parser.parse(delivery.body());
        } catch (PullRequestEventParser.Malformed malformed) {
            return new Result(Status.MALFORMED, malformed.getMessage());
        }
        return process(delivery.id(), event);
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
        if (branch.get().isImport()) {
            return new Result(Status.IGNORED, "import pull request " + pr.number() + ": its merge publishes nothing");
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
        } catch (Retrying.Exhausted | GitHubFailure | IllegalStateException unavailable) {
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
