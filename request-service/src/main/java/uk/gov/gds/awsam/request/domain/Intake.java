package uk.gov.gds.awsam.request.domain;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Accepting a request (DESIGN.md §4, §5): validate it, recognise a repeated submission by its idempotency
 * key, keep account names unique, and answer "accepted" only once the broker has acknowledged its
 * RequestSubmitted.
 *
 * <p>Two submissions racing on the same idempotency key or account name are told apart by a reservation
 * taken before the index is consulted and released only after the index has recorded the outcome, so
 * that one of them always sees the other: a repeat joins the first attempt's outcome, a second request
 * for the same name is refused.
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
    private final Organisation organisation;
    private final Duration publishTimeout;
    private final Clock clock;
    private final Supplier<String> ids;
    private final Map<String, InFlight> keysInFlight = new ConcurrentHashMap<>();
    private final Map<String, String> namesInFlight = new ConcurrentHashMap<>();

    private record InFlight(String payloadSha256, CompletableFuture<Outcome> outcome) {
    }

    public Intake(RequestRules rules, RequestIndex index, SubmissionPublisher publisher, Organisation organisation,
            Duration publishTimeout, Clock clock, Supplier<String> ids) {
        this.rules = rules;
        this.index = index;
        this.publisher = publisher;
        this.organisation = organisation;
        this.publishTimeout = publishTimeout;
        this.clock = clock;
        this.ids = ids;
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
        if (attempt.idempotencyKey() == null) {
            return accept(attempt, requesterEmail, body.value());
        }
        String key = requesterEmail + '\n' + attempt.idempotencyKey();
        InFlight mine = new InFlight(attempt.payloadSha256(), new CompletableFuture<>());
        InFlight earlier = keysInFlight.putIfAbsent(key, mine);
        if (earlier != null) {
            return joinEarlier(earlier, attempt);
        }
        Optional<Submission> known = index.findByIdempotencyKey(requesterEmail, attempt.idempotencyKey());
        if (known.isPresent()) {
            keysInFlight.remove(key, mine);
            Submission prior = known.get();
            Outcome outcome = prior.payloadSha256() != null && prior.payloadSha256().equals(attempt.payloadSha256())
                    ? new Outcome.Existing(prior.requestId(), prior.kind())
                    : new Outcome.KeyReused(prior.requestId());
            mine.outcome().complete(outcome);
            return done(outcome);
        }
        return accept(attempt, requesterEmail, body.value()).whenComplete((outcome, failure) -> {
            keysInFlight.remove(key, mine);
            mine.outcome().complete(outcome);
        });
    }

    /** A repeat of an attempt still being published: the same outcome, seen as a repeat. */
    private static CompletionStage<Outcome> joinEarlier(InFlight earlier, Attempt attempt) {
        if (!earlier.payloadSha256().equals(attempt.payloadSha256())) {
            return earlier.outcome().thenApply(outcome -> outcome instanceof Outcome.Accepted accepted
                    ? new Outcome.KeyReused(accepted.submission().requestId())
                    : outcome instanceof Outcome.Existing existing ? new Outcome.KeyReused(existing.requestId()) : outcome);
        }
        return earlier.outcome().thenApply(outcome -> outcome instanceof Outcome.Accepted accepted
                ? new Outcome.Existing(accepted.submission().requestId(), accepted.submission().kind())
                : outcome);
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
        if (account != null && !reserve(account.name(), requestId)) {
            return done(new Outcome.Invalid(List.of(new FieldError("name", "is already taken by another account or request"))));
        }
        return publish(new Submission(requestId, ids.get(), clock.instant(), attempt.kind(), requesterEmail, attempt.idempotencyKey(),
                attempt.payloadSha256(), account, account == null ? (List<String>) body : List.of(), null), account == null ? null : account.name());
    }

    /** Takes the name (an account's, or a closure's mark) for this request while it is published; false when it is taken. */
    private boolean reserve(String name, String requestId) {
        String holder = namesInFlight.putIfAbsent(name, requestId);
        boolean taken = name.startsWith(CLOSURE_MARK) ? index.isClosureAsked(name.substring(CLOSURE_MARK.length()))
                : index.isAccountNameTaken(name);
        if (holder == null && taken) {
            namesInFlight.remove(name, requestId);
        }
        return holder == null && !taken;
    }

    private static final String CLOSURE_MARK = "closure:";

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
        String requestId = ids.get();
        String mark = CLOSURE_MARK + account.id();
        if (!reserve(mark, requestId)) {
            return done(new Outcome.Conflict(new FieldError("account", "already has a closure request")));
        }
        Submission.Closure closure = new Submission.Closure(account.id(), account.name(), ask.reason(),
                creator.map(created -> created.account().adminUserEmails()).orElse(List.of()));
        return publish(new Submission(requestId, ids.get(), clock.instant(), attempt.kind(), requesterEmail, attempt.idempotencyKey(),
                attempt.payloadSha256(), null, List.of(), closure), mark);
    }

    private static Outcome closureInvalid(String problem) {
        return new Outcome.Invalid(List.of(new FieldError("account", problem)));
    }

    /** Publishes, and releases the name reserved for it (if any) once the broker has answered. */
    private CompletionStage<Outcome> publish(Submission submission, String reserved) {
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
            }
            if (reserved != null) {
                namesInFlight.remove(reserved, submission.requestId());
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
