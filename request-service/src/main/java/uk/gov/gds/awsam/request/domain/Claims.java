package uk.gov.gds.awsam.request.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The claims read from the claims topic (one instance's copy; every instance reads them all), and the rule that
 * says whose claim wins.
 *
 * <p><b>The rule.</b> Of the claims on one key, in the broker's order, the first <em>live</em> one wins. A claim is
 * live while it is younger than the hold and its request is not in the view. Once its request is in the view, the
 * view decides as it always has (a name is taken unless its request was rejected; an Idempotency-Key answers with
 * its request), so a claim whose request is in the view no longer needs to be, and is not, live. A claim older
 * than the hold with no request never will have one: its claimer gives up (503) unless its RequestSubmitted is
 * acknowledged within the hold, so it is dead. A released claim (its claimer lost, or failed) is gone.
 *
 * <p>Claims older than the hold are not kept: they can never be live again.
 */
public final class Claims {

    private final Map<String, List<Claim>> byKey = new HashMap<>();
    private final Clock clock;
    private final Duration hold;

    public Claims(Clock clock, Duration hold) {
        this.clock = clock;
        this.hold = hold;
    }

    /** The hold: how long a claim without a request keeps its key. */
    public Duration hold() {
        return hold;
    }

    /** A claim read from the topic, in the topic's order. */
    public synchronized void claimed(Claim claim) {
        Instant now = clock.instant();
        if (isYoung(claim, now)) {
            List<Claim> claims = byKey.computeIfAbsent(claim.key(), key -> new ArrayList<>(2));
            claims.removeIf(earlier -> !isYoung(earlier, now));
            if (claims.stream().noneMatch(earlier -> earlier.requestId().equals(claim.requestId()))) {
                claims.add(claim);
            }
        }
    }

    /** A claim given up by its claimer. */
    public synchronized void released(String key, String requestId) {
        List<Claim> claims = byKey.get(key);
        if (claims != null) {
            claims.removeIf(claim -> claim.requestId().equals(requestId));
            if (claims.isEmpty()) {
                byKey.remove(key);
            }
        }
    }

    /** The claims on a key still within their hold, in the topic's order. */
    public synchronized List<Claim> of(String key) {
        List<Claim> claims = byKey.get(key);
        if (claims == null) {
            return List.of();
        }
        Instant now = clock.instant();
        claims.removeIf(claim -> !isYoung(claim, now));
        if (claims.isEmpty()) {
            byKey.remove(key);
            return List.of();
        }
        return List.copyOf(claims);
    }

    /** How many keys are held (for a gauge and tests). */
    public synchronized int size() {
        return byKey.size();
    }

    /**
     * The winning claim: the first (in the broker's order) that is live now.
     *
     * @param claims the claims on one key, in the broker's order
     * @param submitted whether a request id's RequestSubmitted is in the view
     */
    public static Optional<Claim> winner(List<Claim> claims, Predicate<String> submitted, Instant now, Duration hold) {
        return claims.stream().filter(claim -> isLive(claim, submitted, now, hold)).findFirst();
    }

    static boolean isLive(Claim claim, Predicate<String> submitted, Instant now, Duration hold) {
        return claim.claimedAt().plus(hold).isAfter(now) && !submitted.test(claim.requestId());
    }

    private boolean isYoung(Claim claim, Instant now) {
        return claim.claimedAt().plus(hold).isAfter(now);
    }
}
