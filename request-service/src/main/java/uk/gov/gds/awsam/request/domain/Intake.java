package uk.gov.gds.awsam.request.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Accepting a request (DESIGN.md §4, §5): validate it, recognise a repeated submission by its idempotency
 * key, keep account names (and closures) unique, and answer "accepted" only once the broker has acknowledged its
 * RequestSubmitted.
 *
 * <p>Uniqueness holds across instances: before it publishes, the intake writes a {@link Claim} for each thing
 * that must be unique (the Idempotency-Key, the account name or the closure's mark) to the claims every instance
 * reads ({@link ClaimLedger}), waits for the broker's acknowledgement, reads the claims and the view up to at
 * least that point, and publishes only if its claims win ({@link Claims}: the first live claim of a key). A
 * claimer that cannot have its RequestSubmitted settled within its claims' hold gives up, so a dead claim never
 * becomes a request later. A loser of a name or closure race is refused as a taken name is; a loser of an
 * Idempotency-Key race waits (within the winner's hold) for the winner's request and answers with it.
 */
public final class Intake {

    /** A submission as the edge received it: the authenticated requester, the parsed body, its hash. */
    public record Attempt(RequestKind kind, String requesterEmail, Object body, String idempotencyKey, String payloadSha256,
            boolean engineer) {
    }

    /** What became of an attempt. */
    public sealed interface Outcome {
        /** Published and acknowledged: a new request. */
        record Accepted(Submission submission) implements Outcome {
        }

        /** The same key and body as an earlier request by the same requester: that request. */
        record Existing(String requestId, RequestKind kind) implements Outcome {
        }

        /** The input breaks rules; nothing was published. */
        record Invalid(List<FieldError> errors) implements Outcome {
        }

        /** The authenticated requester may not make requests. */
        record Forbidden(FieldError error) implements Outcome {
        }

        /** The request contradicts the state of what it is about (an account already closing); nothing was published. */
        record Conflict(FieldError error) implements Outcome {
        }

        /** The idempotency key was used by this requester for a different body. */
        record KeyReused(String requestId) implements Outcome {
        }

        /** Not accepted now (broker down or slow, or not caught up); nothing was published. Retry later. */
        record Unavailable(String reason) implements Outcome {
        }
    }

    public static final String IDEMPOTENCY_KEY_FIELD = "Idempotency-Key";
    public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;

    private final RequestRules rules;
    private final RequestIndex index;
    private final SubmissionPublisher publisher;
    private final ClaimLedger ledger;
    private final Organisation organisation;
    private final Duration publishTimeout;
    private final Duration hold;
    private final Clock clock;
    private final Supplier<String> ids;

    /**
     * @param publishTimeout the longest wait for the broker, for each step (a claim, reading the claims back, the
     *        RequestSubmitted); a RequestSubmitted is sent no later than this after its claims were made
     * @param hold how long a claim without a request keeps its key ({@link #holdFor})
     */
    public Intake(RequestRules rules, RequestIndex index, SubmissionPublisher publisher, ClaimLedger ledger, Organisation organisation,
            Duration publishTimeout, Duration hold, Clock clock, Supplier<String> ids) {
        if (hold.compareTo(publishTimeout.multipliedBy(2)) <= 0) {
            throw new IllegalArgumentException("the hold must outlast a claim's longest way to its request: twice the publish timeout");
        }
        this.rules = rules;
        this.index = index;
        this.publisher = publisher;
        this.ledger = ledger;
        this.organisation = organisation;
        this.publishTimeout = publishTimeout;
        this.hold = hold;
        this.clock = clock;
        this.ids = ids;
    }

    /**
     * The hold for a publish timeout: a claimer sends its RequestSubmitted within one publish timeout of its claim,
     * and the producer settles it (published or given up) within its delivery timeout, less than another; a third
     * is the margin for the instances' clocks disagreeing.
     */
    public static Duration holdFor(Duration publishTimeout) {
        return publishTimeout.multipliedBy(3);
    }

    public CompletionStage<Outcome> submit(Attempt attempt) {
        Validated<String> requester = rules.requester(attempt.requesterEmail());
        if (!requester.isValid()) {
            return done(new Outcome.Forbidden(requester.errors().get(0)));
        }
        Validated<?> body = switch (attempt.kind()) {
            case NEW_ACCOUNT -> rules.account(attempt.body());
            case ACCOUNT_CLOSURE -> rules.closure(attempt.body());
            case USER_ACCESS, USER_REMOVAL -> rules.users(attempt.body());
        };
        List<FieldError> errors = new java.util.ArrayList<>(body.errors());
        if (attempt.idempotencyKey() != null && !isIdempotencyKey(attempt.idempotencyKey())) {
            errors.add(new FieldError(IDEMPOTENCY_KEY_FIELD,
                    "must be 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH + " visible ASCII characters"));
        }
        if (!errors.isEmpty()) {
            return done(new Outcome.Invalid(errors));
        }
        if (!index.isCaughtUp()) {
            return done(new Outcome.Unavailable("still reading the requests made so far"));
        }
        String requesterEmail = requester.value();
        Optional<Submission> known = attempt.idempotencyKey() == null ? Optional.empty()
                : index.findByIdempotencyKey(requesterEmail, attempt.idempotencyKey());
        if (known.isPresent()) {
            return done(repeatOf(known.get(), attempt.payloadSha256()));
        }
        return accept(attempt, requesterEmail, body.value());
    }

    /** An earlier request with the same key: the same request when the body is the same, else the key is reused. */
    private static Outcome repeatOf(Submission prior, String payloadSha256) {
        return prior.payloadSha256() != null && prior.payloadSha256().equals(payloadSha256)
                ? new Outcome.Existing(prior.requestId(), prior.kind())
                : new Outcome.KeyReused(prior.requestId());
    }

    @SuppressWarnings("unchecked")
    private CompletionStage<Outcome> accept(Attempt attempt, String requesterEmail, Object body) {
        if (body instanceof RequestRules.ClosureAsk ask) {
            return organisation.find(ask.account())
                    .thenCompose(found -> acceptClosure(attempt, requesterEmail, ask, found))
                    .exceptionally(failure -> {
                        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                                ? failure.getCause() : failure;
                        if (cause instanceof Organisation.Unreachable) {
                            return new Outcome.Unavailable("AWS Organizations did not answer, so the account could not be checked: "
                                    + cause.getMessage());
                        }
                        throw new java.util.concurrent.CompletionException(cause);
                    });
        }
        String requestId = ids.get();
        AccountSpec account = body instanceof AccountSpec spec ? spec : null;
        Submission submission = new Submission(requestId, ids.get(), clock.instant(), attempt.kind(), requesterEmail,
                attempt.idempotencyKey(), attempt.payloadSha256(), account, account == null ? (List<String>) body : List.of(), null);
        if (account == null) {
            return claimAndPublish(submission, null);
        }
        return claimAndPublish(submission, new Unique(Claim.accountName(account.name()), () -> index.isAccountNameTaken(account.name()),
                new Outcome.Invalid(List.of(new FieldError("name", "is already taken by another account or request")))));
    }

    /** What must be unique besides the Idempotency-Key: its claim's key, whether the view says it is taken, and the refusal. */
    private record Unique(String key, java.util.function.BooleanSupplier takenInView, Outcome refusal) {
    }

    /** Refusals in the order a person would fix them: which account, whether it may be closed, by whom, whether it already is. */
    private CompletionStage<Outcome> acceptClosure(Attempt attempt, String requesterEmail, RequestRules.ClosureAsk ask,
            Organisation.Found found) {
        if (found.accounts().size() != 1) {
            return done(closureInvalid(found.accounts().isEmpty() ? "is not an account in the organisation"
                    : "names " + found.accounts().size() + " accounts in the organisation: give its 12-digit id"));
        }
        Organisation.Account account = found.accounts().get(0);
        if (account.id().equals(found.managementAccountId())) {
            return done(closureInvalid("is the organisation's management account, which is never closed"));
        }
        if (account.id().equals(found.gdsUsersAccountId())) {
            return done(closureInvalid("is the gds-users account, which holds everyone's users and is never closed"));
        }
        Optional<Submission> creator = index.creatingRequest(account.id());
        boolean allowed = attempt.engineer() || creator.filter(created -> created.requesterEmail().equalsIgnoreCase(requesterEmail)
                || created.account().adminUserEmails().stream().anyMatch(requesterEmail::equalsIgnoreCase)).isPresent();
        if (!allowed) {
            return done(new Outcome.Forbidden(new FieldError("account", creator.isPresent()
                    ? "may be closed only by the person who asked for it, its admins and engineers"
                    : "was not created by this service, so only engineers may close it")));
        }
        if (account.isClosing()) {
            return done(new Outcome.Conflict(new FieldError("account", "is already closing: AWS says it is " + account.state())));
        }
        Submission.Closure closure = new Submission.Closure(account.id(), account.name(), ask.reason(),
                creator.map(created -> created.account().adminUserEmails()).orElse(List.of()));
        Submission submission = new Submission(ids.get(), ids.get(), clock.instant(), attempt.kind(), requesterEmail,
                attempt.idempotencyKey(), attempt.payloadSha256(), null, List.of(), closure);
        return claimAndPublish(submission, new Unique(Claim.closure(account.id()), () -> index.isClosureAsked(account.id()),
                new Outcome.Conflict(new FieldError("account", "already has a closure request"))));
    }

    private static Outcome closureInvalid(String problem) {
        return new Outcome.Invalid(List.of(new FieldError("account", problem)));
    }

    /**
     * Claims what must be unique and publishes if every claim wins; nothing to claim (no key, people to add or
     * remove): publishes at once. The Idempotency-Key is claimed and decided first, and only its winner goes on to
     * claim the name or closure: the attempts that share a key are one request, so they must not also compete for
     * its name (their claims on the two keys land on different partitions, in different orders, so one attempt could
     * win the key while another won the name, and neither publish).
     */
    private CompletionStage<Outcome> claimAndPublish(Submission submission, Unique unique) {
        if (unique != null && unique.takenInView().getAsBoolean()) {
            return done(sameKeyOr(submission, unique.refusal()));
        }
        if (submission.idempotencyKey() == null) {
            return unique == null ? publish(submission, List.of()) : claimUnique(submission, unique, List.of());
        }
        Claim key = new Claim(Claim.idempotencyKey(submission.requesterEmail(), submission.idempotencyKey()), submission.requestId(),
                submission.payloadSha256(), submission.occurredAt());
        return ledger.claimAndRead(List.of(key), publishTimeout).thenCompose(read -> {
            Optional<Submission> known = index.findByIdempotencyKey(submission.requesterEmail(), submission.idempotencyKey());
            if (known.isPresent()) {
                ledger.giveUp(List.of(key));
                return done(repeatOf(known.get(), submission.payloadSha256()));
            }
            Instant now = clock.instant();
            Optional<Claim> winner = Claims.winner(read.getOrDefault(key.key(), List.of()), index::isSubmitted, now, hold);
            if (winner.isPresent() && !winner.get().requestId().equals(submission.requestId())) {
                ledger.giveUp(List.of(key));
                return awaitWinner(winner.get(), submission, now);
            }
            return unique == null ? publishInTime(submission, List.of(key)) : claimUnique(submission, unique, List.of(key));
        }).exceptionally(failure -> unavailable(List.of(key), failure));
    }

    /** Claims the name or closure (holding {@code held} already), and publishes if the claim wins. */
    private CompletionStage<Outcome> claimUnique(Submission submission, Unique unique, List<Claim> held) {
        Claim claim = new Claim(unique.key(), submission.requestId(), submission.payloadSha256(), submission.occurredAt());
        List<Claim> mine = new java.util.ArrayList<>(held);
        mine.add(claim);
        return ledger.claimAndRead(List.of(claim), publishTimeout).thenCompose(read -> {
            Optional<Claim> winner = Claims.winner(read.getOrDefault(claim.key(), List.of()), index::isSubmitted, clock.instant(), hold);
            if (unique.takenInView().getAsBoolean() || winner.isPresent() && !winner.get().requestId().equals(submission.requestId())) {
                ledger.giveUp(mine);
                return done(unique.refusal());
            }
            return publishInTime(submission, mine);
        }).exceptionally(failure -> unavailable(mine, failure));
    }

    /** An earlier request with this attempt's key, found since the attempt began: that request; else the refusal. */
    private Outcome sameKeyOr(Submission submission, Outcome refusal) {
        return submission.idempotencyKey() == null ? refusal
                : index.findByIdempotencyKey(submission.requesterEmail(), submission.idempotencyKey())
                        .map(prior -> repeatOf(prior, submission.payloadSha256())).orElse(refusal);
    }

    private Outcome unavailable(List<Claim> claims, Throwable failure) {
        ledger.giveUp(claims);
        return new Outcome.Unavailable("the broker did not acknowledge the request's claims: " + rootCause(failure));
    }

    /** Publishes, unless the claims took so long that the RequestSubmitted could land after their hold. */
    private CompletionStage<Outcome> publishInTime(Submission submission, List<Claim> mine) {
        if (Duration.between(submission.occurredAt(), clock.instant()).compareTo(publishTimeout) > 0) {
            ledger.giveUp(mine);
            return done(new Outcome.Unavailable("the broker took longer than " + publishTimeout + " to acknowledge the request's claims"));
        }
        return publish(submission, mine);
    }

    /** A repeat of a key claimed first by another attempt: that attempt's request, once it is in the view (within its hold). */
    private CompletionStage<Outcome> awaitWinner(Claim winner, Submission submission, Instant now) {
        Duration left = Duration.between(now, winner.claimedAt().plus(hold));
        return index.submitted(winner.requestId(), left).handle((seen, failure) -> index
                .findByIdempotencyKey(submission.requesterEmail(), submission.idempotencyKey())
                .map(prior -> repeatOf(prior, submission.payloadSha256()))
                .orElseGet(() -> new Outcome.Unavailable("an earlier request with this Idempotency-Key was not accepted within "
                        + hold + "; try again")));
    }

    /** Publishes; on failure gives up the claims (the producer has given the record up by then). */
    private CompletionStage<Outcome> publish(Submission submission, List<Claim> claims) {
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        CompletableFuture<Void> published;
        try {
            published = publisher.publish(submission).toCompletableFuture();
        } catch (RuntimeException refused) {
            published = CompletableFuture.failedFuture(refused);
        }
        published.orTimeout(publishTimeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((ok, failure) -> {
            if (failure == null) {
                index.accepted(submission);
            } else {
                ledger.giveUp(claims);
            }
            outcome.complete(failure == null ? new Outcome.Accepted(submission)
                    : new Outcome.Unavailable("the broker did not acknowledge the request: " + rootCause(failure)));
        });
        return outcome;
    }

    static boolean isIdempotencyKey(String key) {
        return !key.isEmpty() && key.length() <= MAX_IDEMPOTENCY_KEY_LENGTH && key.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    private static String rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    private static CompletionStage<Outcome> done(Outcome outcome) {
        return CompletableFuture.completedFuture(outcome);
    }
}
