package uk.gov.gds.awsam.pr.domain;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import uk.gov.gds.awsam.pr.domain.Facts.Fact;

/** Where pr-service's facts go (the topics); each stage completes when the broker has acknowledged. */
public interface Publisher {

    CompletionStage<Void> publish(Fact fact);

    /** Remembers a webhook delivery as processed (the compacted internal topic). */
    CompletionStage<Void> deliveryProcessed(String deliveryId, String summary);

    /** Waits for an acknowledgement; a refusal or a timeout is an {@link IllegalStateException}. */
    static void await(CompletionStage<Void> acknowledged, Duration timeout) {
        try {
            acknowledged.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the broker refused the record: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the broker did not acknowledge within " + timeout, e);
        }
    }
}
