package uk.gov.gds.awsam.testsupport.github;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * GitHub's rate limits, as its REST documentation states them ("Rate limits for the REST API"): the primary
 * limit (5,000 calls an hour, a fixed window with {@code X-RateLimit-Reset}), and, when a test or the burst
 * benchmark switches them on, the secondary limits on content-creating requests (80 a minute, 500 an hour) and
 * on points (900 a minute: 1 a GET, 5 a POST, PATCH, PUT or DELETE). A call over a limit is refused as GitHub
 * refuses it and counted in {@link Stats#overLimit()}: a client that paces itself correctly sees none. The
 * rate-limit headers are always sent as GitHub sends them; the primary limit is enforced only when switched on.
 */
final class SandboxLimits {

    /** The limits to enforce; windows shorter than GitHub's only for tests. */
    record Limits(int contentPerMinute, int contentPerHour, Duration minuteWindow, Duration hourWindow, int pointsPerMinute,
            int primaryPerHour) {

        /** GitHub's documented numbers. */
        static Limits github() {
            return new Limits(80, 500, Duration.ofMinutes(1), Duration.ofHours(1), 900, 5000);
        }
    }

    /** Which limit refused a call. */
    enum Refusal {
        PRIMARY, SECONDARY
    }

    /** What the sandbox counted: every API call, the content-creating ones, those refused over a limit, by route. */
    record Stats(long calls, long contentCalls, long overLimit, Map<String, Long> byRoute) {
    }

    static final int PRIMARY_LIMIT = 5000;

    private Limits enforced;
    private final Deque<Instant> content = new ArrayDeque<>();
    private final Deque<Instant> points = new ArrayDeque<>();
    private Instant primaryReset = Instant.MIN;
    private int primaryUsed;
    private long calls;
    private long contentCalls;
    private long overLimit;
    private final Map<String, Long> byRoute = new TreeMap<>();

    synchronized void enforce(Limits limits) {
        this.enforced = limits;
        content.clear();
        points.clear();
    }

    synchronized Optional<Limits> enforced() {
        return Optional.ofNullable(enforced);
    }

    /** Admits a call now, or says which limit refuses it. Admitted calls count toward every window. */
    synchronized Optional<Refusal> admit(boolean contentCreating, Instant now) {
        rollPrimary(now);
        if (enforced != null) {
            int limit = enforced.primaryPerHour() > 0 ? enforced.primaryPerHour() : PRIMARY_LIMIT;
            if (primaryUsed >= limit) {
                overLimit++;
                return Optional.of(Refusal.PRIMARY);
            }
            drop(content, now.minus(enforced.hourWindow()));
            drop(points, now.minus(enforced.minuteWindow()));
            boolean overContent = contentCreating && (count(content, now.minus(enforced.minuteWindow())) >= enforced.contentPerMinute()
                    || content.size() >= enforced.contentPerHour());
            int cost = contentCreating ? 5 : 1;
            boolean overPoints = enforced.pointsPerMinute() > 0 && points.size() + cost > enforced.pointsPerMinute();
            if (overContent || overPoints) {
                overLimit++;
                return Optional.of(Refusal.SECONDARY);
            }
            for (int i = 0; i < cost; i++) {
                points.addLast(now);
            }
        }
        if (contentCreating) {
            content.addLast(now);
        }
        primaryUsed++;
        return Optional.empty();
    }

    synchronized void counted(String route, boolean contentCreating) {
        calls++;
        if (contentCreating) {
            contentCalls++;
        }
        byRoute.merge(route, 1L, Long::sum);
    }

    synchronized Stats stats() {
        return new Stats(calls, contentCalls, overLimit, Map.copyOf(byRoute));
    }

    synchronized void reset() {
        enforced = null;
        content.clear();
        points.clear();
        calls = 0;
        contentCalls = 0;
        overLimit = 0;
        byRoute.clear();
    }

    /** The primary limit's headers now: limit, remaining, reset (epoch seconds), used. */
    synchronized long[] primary(Instant now) {
        rollPrimary(now);
        int limit = enforced != null && enforced.primaryPerHour() > 0 ? enforced.primaryPerHour() : PRIMARY_LIMIT;
        return new long[] {limit, Math.max(0, limit - primaryUsed), primaryReset.getEpochSecond(), primaryUsed};
    }

    private void rollPrimary(Instant now) {
        if (!now.isBefore(primaryReset)) {
            primaryUsed = 0;
            primaryReset = now.plus(enforced != null ? enforced.hourWindow() : Duration.ofHours(1));
        }
    }

    private static void drop(Deque<Instant> window, Instant horizon) {
        while (!window.isEmpty() && !window.peekFirst().isAfter(horizon)) {
            window.removeFirst();
        }
    }

    private static long count(Deque<Instant> window, Instant after) {
        return window.stream().filter(t -> t.isAfter(after)).count();
    }
}
