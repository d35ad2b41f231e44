package uk.gov.gds.awsam.request.domain;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** What the intake must know of the requests already made, kept from the topics (no database). */
public interface RequestIndex {

    /** Whether every request published before start-up has been read; until then nothing can be checked. */
    boolean isCaughtUp();

    /** The request a requester made with an idempotency key, if any. */
    Optional<Submission> findByIdempotencyKey(String requesterEmail, String idempotencyKey);

    /** Whether an account of this name was asked for (and not rejected) or exists. */
    boolean isAccountNameTaken(String accountName);

    /** Every request known. */
    Collection<RequestView> all();

    /** The new-account request that created this account, when this system created it. */
    default Optional<Submission> creatingRequest(String accountId) {
        return accountRequest(accountId).flatMap(RequestView::submission);
    }

    /** The view of the new-account request that created this account, when this system created it. */
    default Optional<RequestView> accountRequest(String accountId) {
        return all().stream().filter(view -> view.kind() == RequestKind.NEW_ACCOUNT && view.accountId().filter(accountId::equals).isPresent())
                .findFirst();
    }

    /** Whether a closure of this account was asked for and not rejected (a closure is rare: a scan will do). */
    default boolean isClosureAsked(String accountId) {
        return all().stream().anyMatch(view -> view.closureAsked().filter(accountId::equals).isPresent());
    }

    /** Whether the request's RequestSubmitted is in the view. */
    boolean isSubmitted(String requestId);

    /** Completes once the request's RequestSubmitted is in the view; fails when it is not within {@code within}. */
    CompletionStage<Void> submitted(String requestId, Duration within);

    /** Records a request the broker has just acknowledged, before its event is read back. */
    void accepted(Submission submission);
}
