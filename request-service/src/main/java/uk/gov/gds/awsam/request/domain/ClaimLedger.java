package uk.gov.gds.awsam.request.domain;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** Where claims are written and read back by every instance (the claims topic); see {@link Claims}. */
public interface ClaimLedger {

    /** Writes the claims; completes once the broker has acknowledged every one, or fails. */
    CompletionStage<Void> claim(List<Claim> claims);

    /** Writes that these claims are given up, so that they hold nothing until their hold ends (best effort). */
    CompletionStage<Void> release(List<Claim> claims);

    /**
     * The claims on these keys once everything written to the claims before the call has been read (a read
     * barrier: the caller's own acknowledged claims among them), each key's in the broker's order.
     */
    CompletionStage<Map<String, List<Claim>>> read(Collection<String> keys);

    /**
     * Writes the claims, then reads their keys back ({@link #read}); each step fails with a timeout once it has taken
     * longer than {@code timeout}.
     */
    default CompletionStage<Map<String, List<Claim>>> claimAndRead(List<Claim> claims, Duration timeout) {
        return claim(claims).toCompletableFuture().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .thenCompose(claimed -> read(claims.stream().map(Claim::key).toList()).toCompletableFuture()
                        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** Gives claims up, best effort: a claim not released holds its key until its hold ends, never longer. */
    default void giveUp(List<Claim> claims) {
        if (claims.isEmpty()) {
            return;
        }
        try {
            release(claims);
        } catch (RuntimeException notNow) {
            // the hold frees the key
        }
    }
}
