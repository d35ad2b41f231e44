package uk.gov.gds.awsam.request.domain;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Every request's lifecycle, rebuilt from the topics at start-up (Kafka is the system of record; there
 * is no database) and kept up to date as events arrive. Writes (the topic reader, and the intake as the
 * broker acknowledges a submission) are serialised; reads see immutable {@link RequestView}s and never
 * wait. Applying an event a second time, or events in another order, gives the same views.
 */
public final class Projection implements RequestIndex {

    /** Told of every change, under the projection's lock: must not block. */
    public interface Listener {
        void changed(RequestView view, LifecycleEvent event);
    }

    private final Map<String, RequestView> views = new ConcurrentHashMap<>();
    private final Map<String, Submission> byIdempotencyKey = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> requestsByAccountName = new ConcurrentHashMap<>();
    /** gds-users IAM users the system made or adopted: user name (lower case) to its latest UserCreated or UserRemoved. */
    private final Map<String, LifecycleEvent> gdsUsers = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, List<Listener>> requestListeners = new ConcurrentHashMap<>();
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong repeats = new AtomicLong();
    private volatile boolean caughtUp;
    private volatile Supplier<CompletionStage<Void>> barrier = () -> CompletableFuture.completedFuture(null);

    /** Applies one event; false when it changed nothing (a repeat). */
    public synchronized boolean apply(LifecycleEvent event) {
        RequestView before = views.get(event.requestId());
        RequestView after = (before == null ? RequestView.empty(event.requestId()) : before).with(event);
        if (after == before) {
            repeats.incrementAndGet();
            return false;
        }
        views.put(event.requestId(), after);
        applied.incrementAndGet();
        index(event);
        for (Listener listener : listeners) {
            listener.changed(after, event);
        }
        List<Listener> forRequest = requestListeners.get(event.requestId());
        if (forRequest != null) {
            for (Listener listener : forRequest) {
                listener.changed(after, event);
            }
        }
        return true;
    }

    /** Marks the view as holding everything published before start-up. */
    public void markCaughtUp() {
        caughtUp = true;
    }

    public Optional<RequestView> find(String requestId) {
        return Optional.ofNullable(views.get(requestId));
    }

    /** Every request, in no particular order: a live view of the map, safe to iterate while it changes. */
    public Collection<RequestView> all() {
        return views.values();
    }

    public int size() {
        return views.size();
    }

    public long applied() {
        return applied.get();
    }

    public long repeats() {
        return repeats.get();
    }

    /** Tells {@code listener} of every change to any request, from now on. */
    public void listen(Listener listener) {
        listeners.add(listener);
    }

    public void stopListening(Listener listener) {
        listeners.remove(listener);
    }

    /**
     * Subscribes to one request: hands its view now (empty when unknown) to {@code now}, then tells
     * {@code listener} of every change after it, with nothing missed, told twice or told out of turn.
     */
    public synchronized void subscribe(String requestId, java.util.function.Consumer<Optional<RequestView>> now, Listener listener) {
        now.accept(find(requestId));
        requestListeners.computeIfAbsent(requestId, id -> new CopyOnWriteArrayList<>()).add(listener);
    }

    public synchronized void unsubscribe(String requestId, Listener listener) {
        List<Listener> forRequest = requestListeners.get(requestId);
        if (forRequest != null) {
            forRequest.remove(listener);
            if (forRequest.isEmpty()) {
                requestListeners.remove(requestId);
            }
        }
    }

    /** Applies a RequestSubmitted. */
    public boolean apply(Submission submission) {
        return apply(LifecycleEvent.of(LifecycleEvent.Type.REQUEST_SUBMITTED, submission.requestId(), submission.eventId(),
                submission.occurredAt(), new LifecycleEvent.Submitted(submission)));
    }

    @Override
    public boolean isCaughtUp() {
        return caughtUp;
    }

    @Override
    public Optional<Submission> findByIdempotencyKey(String requesterEmail, String idempotencyKey) {
        return Optional.ofNullable(byIdempotencyKey.get(key(requesterEmail, idempotencyKey)));
    }

    /** Taken by any request for the name that was not rejected (a rejected request's account was never made). */
    @Override
    public boolean isAccountNameTaken(String accountName) {
        Set<String> requests = requestsByAccountName.get(accountName);
        if (requests == null) {
            return false;
        }
        for (String requestId : requests) {
            RequestView view = views.get(requestId);
            if (view == null || view.stage() != Stage.REJECTED) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean isSubmitted(String requestId) {
        RequestView view = views.get(requestId);
        return view != null && view.submission().isPresent();
    }

    @Override
    public CompletionStage<Void> submitted(String requestId, Duration within) {
        return until(requestId, view -> view.submission().isPresent(), within);
    }

    /**
     * Completes once a request's view meets {@code condition} (at once if it already does), or fails with a
     * timeout after {@code within}. The condition is tested under the projection's lock: it must not block.
     */
    public CompletionStage<Void> until(String requestId, java.util.function.Predicate<RequestView> condition, Duration within) {
        CompletableFuture<Void> seen = new CompletableFuture<>();
        Listener listener = (view, event) -> {
            if (condition.test(view)) {
                seen.complete(null);
            }
        };
        subscribe(requestId, now -> {
            if (now.filter(condition).isPresent()) {
                seen.complete(null);
            }
        }, listener);
        return seen.orTimeout(Math.max(0, within.toMillis()), TimeUnit.MILLISECONDS)
                .whenComplete((done, failure) -> unsubscribe(requestId, listener));
    }

    /**
     * A read barrier: completes once the view holds every event the topics held when it was called (a request
     * another instance accepted a moment ago among them). The topic reader provides it ({@link #readBy}).
     */
    public CompletionStage<Void> sync() {
        return barrier.get();
    }

    /**
     * Whether the request is known, after reading the topics once more (waiting at most {@code within}) when it is
     * not: a request accepted a moment ago by another instance is then known (read your writes). Blocks the caller.
     */
    public boolean knowsAfterSync(String requestId, Duration within) {
        if (views.containsKey(requestId) || !caughtUp) {
            return views.containsKey(requestId);
        }
        try {
            sync().toCompletableFuture().get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException notNow) {
            // answered from what is known
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        return views.containsKey(requestId);
    }

    /** The reader that fills the view, and so the barrier {@link #sync()} waits on. */
    public void readBy(Supplier<CompletionStage<Void>> readerBarrier) {
        this.barrier = readerBarrier;
    }

    @Override
    public void accepted(Submission submission) {
        apply(submission);
    }

    private void index(LifecycleEvent event) {
        if (event.detail() instanceof LifecycleEvent.Submitted submitted) {
            Submission submission = submitted.submission();
            if (submission.idempotencyKey() != null) {
                byIdempotencyKey.putIfAbsent(key(submission.requesterEmail(), submission.idempotencyKey()), submission);
            }
            if (submission.account() != null) {
                indexName(submission.account().name(), event.requestId());
            }
        } else if (event.detail() instanceof LifecycleEvent.AccountCreated created) {
            indexName(created.accountName(), event.requestId());
        } else if (event.detail() instanceof LifecycleEvent.UserCreated created) {
            indexUser(created.userName(), event);
        } else if (event.detail() instanceof LifecycleEvent.UserRemoved removed) {
            indexUser(removed.userName(), event);
        }
    }

    /** The latest word on a user wins, whatever the order the events are read in (time, then the journey's order). */
    private void indexUser(String userName, LifecycleEvent event) {
        gdsUsers.merge(userName.toLowerCase(java.util.Locale.ROOT), event,
                (known, next) -> RequestView.TIMELINE_ORDER.compare(next, known) > 0 ? next : known);
    }

    /**
     * Of these emails, those with no gds-users IAM user that the system knows of: never created or adopted by a
     * request, or removed since. A person given a user outside the system is among them: the answer is a
     * warning, not a refusal.
     */
    public List<String> withoutKnownUser(List<String> emails) {
        return emails.stream().filter(email -> {
            LifecycleEvent latest = gdsUsers.get(email.toLowerCase(java.util.Locale.ROOT));
            return latest == null || latest.type() != LifecycleEvent.Type.USER_CREATED;
        }).toList();
    }

    private void indexName(String accountName, String requestId) {
        requestsByAccountName.computeIfAbsent(accountName, name -> ConcurrentHashMap.newKeySet(1)).add(requestId);
    }

    private static String key(String requesterEmail, String idempotencyKey) {
        return requesterEmail + '\n' + idempotencyKey;
    }
}
