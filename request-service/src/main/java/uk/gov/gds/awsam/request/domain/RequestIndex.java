package uk.gov.gds.awsam.request.domain;

import java.util.Optional;

/** What the intake must know of the requests already made, kept from the topics (no database). */
public interface RequestIndex {

    /** Whether every request published before start-up has been read; until then nothing can be checked. */
    boolean isCaughtUp();

    /** The request a requester made with an idempotency key, if any. */
    Optional<Submission> findByIdempotencyKey(String requesterEmail, String idempotencyKey);

    /** Whether an account of this name was asked for (and not rejected) or exists. */
    boolean isAccountNameTaken(String accountName);

    /** Records a request the broker has just acknowledged, before its event is read back. */
    void accepted(Submission submission);
}
