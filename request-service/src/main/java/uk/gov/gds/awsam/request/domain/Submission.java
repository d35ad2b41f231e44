package uk.gov.gds.awsam.request.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An accepted request, as RequestSubmitted carries it: who asked (the authenticated email), what, and the
 * idempotency key and body hash that recognise a repeated submission.
 */
public record Submission(String requestId, String eventId, Instant occurredAt, RequestKind kind, String requesterEmail,
        String idempotencyKey, String payloadSha256, AccountSpec account, List<String> userEmails) {

    public Submission {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(requesterEmail, "requesterEmail");
        userEmails = List.copyOf(userEmails);
        if ((kind == RequestKind.NEW_ACCOUNT) != (account != null)) {
            throw new IllegalArgumentException("an account request, and only an account request, carries an account");
        }
    }

    /** The same submission naming its request by another (equal) String: lets a view hold one copy of the id. */
    Submission withRequestId(String sameRequestId) {
        if (!sameRequestId.equals(requestId)) {
            throw new IllegalArgumentException("not the same request");
        }
        return sameRequestId == requestId ? this : new Submission(sameRequestId, eventId, occurredAt, kind, requesterEmail,
                idempotencyKey, payloadSha256, account, userEmails);
    }

    /** What the request is about: the account name, or the people to add or remove. */
    public List<String> subjects() {
        return account != null ? List.of(account.name()) : userEmails;
    }
}
