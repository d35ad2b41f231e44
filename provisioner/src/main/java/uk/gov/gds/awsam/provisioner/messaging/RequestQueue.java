package uk.gov.gds.awsam.provisioner.messaging;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One request's events are handled one at a time (a redelivered PrMerged may arrive while the first copy is
 * still being applied, a retry while the request waits on AWS), without holding a thread: each handling of a
 * request starts when the one before it has finished. Handlings of different requests run side by side.
 */
final class RequestQueue {

    private final Map<String, CompletableFuture<?>> tails = new ConcurrentHashMap<>();

    <T> CompletionStage<T> enqueue(String requestId, Supplier<CompletionStage<T>> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture<?> previous = tails.put(requestId, result);
        CompletableFuture<?> before = previous == null ? CompletableFuture.completedFuture(null) : previous;
        before.handle((ignored, failure) -> null).thenCompose(ignored -> {
            try {
                return work.get();
            } catch (RuntimeException failed) {
                return CompletableFuture.failedFuture(failed);
            }
        }).whenComplete((value, failure) -> {
            tails.remove(requestId, result);
            if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                result.complete(value);
            }
        });
        return result;
    }

    /** Whether a handling of the request is running or waiting its turn. */
    boolean holds(String requestId) {
        return tails.containsKey(requestId);
    }

    int queued() {
        return tails.size();
    }
}
