package uk.gov.gds.awsam.request.domain;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the service knows of every request, rebuilt from the topics at start-up (Kafka is the system of
 * record). Events are applied by one reader and by the intake as the broker acknowledges them; applying
 * an event twice changes nothing.
 */
public final class Projection implements RequestIndex {

    private final Map<String, Submission> requests = new ConcurrentHashMap<>();
    private final Map<String, Submission> byIdempotencyKey = new ConcurrentHashMap<>();
    private final Map<String, String> accountNames = new ConcurrentHashMap<>();
    private volatile boolean caughtUp;

    /** Applies a RequestSubmitted; a repeat (same request) is ignored. */
    public synchronized void apply(Submission submission) {
        if (requests.putIfAbsent(submission.requestId(), submission) != null) {
            return;
        }
        if (submission.idempotencyKey() != null) {
            byIdempotencyKey.putIfAbsent(key(submission.requesterEmail(), submission.idempotencyKey()), submission);
        }
        if (submission.account() != null) {
            accountNames.putIfAbsent(submission.account().name(), submission.requestId());
        }
    }

    /** Marks the view as holding everything published before start-up. */
    public void markCaughtUp() {
        caughtUp = true;
    }

    public Optional<Submission> find(String requestId) {
        return Optional.ofNullable(requests.get(requestId));
    }

    public int size() {
        return requests.size();
    }

    @Override
    public boolean isCaughtUp() {
        return caughtUp;
    }

    @Override
    public Optional<Submission> findByIdempotencyKey(String requesterEmail, String idempotencyKey) {
        return Optional.ofNullable(byIdempotencyKey.get(key(requesterEmail, idempotencyKey)));
    }

    @Override
    public boolean isAccountNameTaken(String accountName) {
        return accountNames.containsKey(accountName);
    }

    @Override
    public void accepted(Submission submission) {
        apply(submission);
    }

    private static String key(String requesterEmail, String idempotencyKey) {
        return requesterEmail + '\n' + idempotencyKey;
    }
}
