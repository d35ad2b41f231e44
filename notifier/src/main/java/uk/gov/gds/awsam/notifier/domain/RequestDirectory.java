package uk.gov.gds.awsam.notifier.domain;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Every request submitted so far, by id; rebuilt from the RequestSubmitted topic at start. Thread-safe. */
public final class RequestDirectory {

    private final Map<String, Request> requests = new ConcurrentHashMap<>();

    public void put(Request request) {
        requests.put(request.requestId(), request);
    }

    public Optional<Request> find(String requestId) {
        return Optional.ofNullable(requests.get(requestId));
    }

    /** The request, or {@link UnknownRequestException} naming the event that needed it. */
    public Request require(String requestId, String event) {
        return find(requestId).orElseThrow(() -> new UnknownRequestException(requestId, event));
    }

    public int size() {
        return requests.size();
    }
}
