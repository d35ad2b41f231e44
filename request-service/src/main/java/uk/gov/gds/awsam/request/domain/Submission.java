package uk.gov.gds.awsam.request.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An accepted request, as RequestSubmitted carries it: who asked (the authenticated email), what, and the
 * idempotency key and body hash that recognise a repeated submission.
 */
public record Submission(String requestId, String eventId, Instant occurredAt, RequestKind kind, String requesterEmail,
        String idempotencyKey, String payloadSha256, AccountSpec account, List<String> userEmails, Closure closure) {

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
        if ((kind == RequestKind.ACCOUNT_CLOSURE) != (closure != null)) {
            throw new IllegalArgumentException("a closure request, and only a closure request, carries a closure");
        }
    }

    /** The same submission naming its request by another (equal) String: lets a view hold one copy of the id. */
    Submission withRequestId(String sameRequestId) {
        if (!sameRequestId.equals(requestId)) {
            throw new IllegalArgumentException("not the same request");
        }
        return sameRequestId == requestId ? this : new Submission(sameRequestId, eventId, occurredAt, kind, requesterEmail,
                idempotencyKey, payloadSha256, account, userEmails, closure);
    }

    /** What the request is about: the account name (to create or close), or the people to add or remove. */
    public List<String> subjects() {
        return account != null ? List.of(account.name()) : closure != null ? List.of(closure.accountName()) : userEmails;
    }

    /**
     * The account to close, as AWS Organizations records it, why, and its admins as the request that created it named
     * them (none when this system did not create it).
     */
    public record Closure(String accountId, String accountName, String reason, List<String> adminUserEmails) {
        public Closure {
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(accountName, "accountName");
            Objects.requireNonNull(reason, "reason");
            adminUserEmails = List.copyOf(adminUserEmails);
        }
    }
}
