package uk.gov.gds.awsam.pr.domain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.UnaryOperator;

import uk.gov.gds.awsam.pr.domain.TrackedRequest.Conclusion;

/**
 * Every request pr-service acted on, rebuilt at start from the topics (TerraformGenerated, PrOpened,
 * PrMerged, PrClosed) and kept current from them and from what this instance publishes. It answers the
 * webhook ("is this a pull request I opened, for which request, with which files?") and the reconciler
 * ("which pull requests have I opened and not yet seen concluded?"). Events may arrive in any order across
 * topics; each fills in its part.
 */
public final class RequestLedger {

    private final ConcurrentMap<String, TrackedRequest> requests = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Object> locks = new ConcurrentHashMap<>();
    private volatile boolean loaded;

    public void generated(ChangeRequest change) {
        generated(change, null);
    }

    /** A TerraformGenerated, and where its record is on the topic (null: not known here). */
    public void generated(ChangeRequest change, TrackedRequest.RecordLocation location) {
        update(change.requestId(), r -> r.withGenerated(change, location));
    }

    /** A PrOpened: the pull request in hand is this one (the latest opened wins, as on its partition). */
    public void opened(String requestId, int number, String openedEventId) {
        update(requestId, r -> r.withOpened(number, openedEventId));
    }

    /** An engineer's retry opened the request's pull request again: it is open until that one concludes. */
    public void reopened(String requestId, int number, String openedEventId) {
        update(requestId, r -> r.withOpened(number, openedEventId).withConclusion(Conclusion.OPEN));
    }

    public void concluded(String requestId, Conclusion conclusion) {
        update(requestId, r -> r.withConclusion(conclusion));
    }

    private void update(String requestId, UnaryOperator<TrackedRequest> change) {
        requests.compute(requestId, (id, current) -> change.apply(current == null ? TrackedRequest.empty(id) : current));
    }

    public Optional<TrackedRequest> get(String requestId) {
        return Optional.ofNullable(requests.get(requestId));
    }

    /** The request whose pull request this is, if pr-service opened it (same repository and head branch). */
    public Optional<TrackedRequest> forPullRequest(String repository, String requestId, String branch) {
        return get(requestId).filter(TrackedRequest::generated)
                .filter(r -> r.repository().equalsIgnoreCase(repository) && r.branch().equals(branch));
    }

    /** Requests whose pull request is open as far as pr-service knows: opened, not yet concluded. */
    public List<TrackedRequest> openPullRequests() {
        return requests.values().stream().filter(TrackedRequest::generated)
                .filter(r -> r.number() != null && !r.concluded()).toList();
    }

    public int size() {
        return requests.size();
    }

    /** A lock per request, so a webhook and the reconciler do not conclude one request at the same time. */
    public Object lock(String requestId) {
        return locks.computeIfAbsent(Objects.requireNonNull(requestId), id -> new Object());
    }

    public boolean loaded() {
        return loaded;
    }

    public void markLoaded() {
        loaded = true;
    }
}
