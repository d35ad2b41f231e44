package uk.gov.gds.awsam.pr.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import uk.gov.gds.awsam.pr.domain.GitHubFailure.Kind;
import uk.gov.gds.awsam.pr.domain.GitHubFailure.Limit;
import uk.gov.gds.awsam.retry.Backoff;

/**
 * pr-service's one policy for GitHub: how work that calls GitHub is run, waited and given up.
 * <ul>
 * <li><b>Rate limits never fail a request.</b> Work that meets one (GitHub's answer, or the shared
 * {@link GitHubBudget} deferring a content-creating call) ends its attempt; the attempt is scheduled again for
 * the time GitHub (or the budget) gave, on a timer, so no thread waits. The wait is told to {@link Waits} once
 * per wait a person would see: every wait GitHub asked for, and the budget's own waits from
 * {@code waitNotice} up.</li>
 * <li><b>Outages</b> (5xx, timeouts, connection failures, a 409 another attempt resolves) are attempted again
 * after exponential back-off ({@code initialBackoff} doubling, capped at {@code maxBackoff}), again on the
 * timer, until {@code maxAttempts}; then {@link GaveUp}.</li>
 * <li>Everything else (a refusal, a ruleset, a validation error) ends the work at once.</li>
 * </ul>
 * Work is run on the policy's own threads and must be safe to run again from its start: every step looks for
 * what an earlier attempt made. Calls that must finish within a deadline (a webhook, the reconciler) use
 * {@link #now}: a few quick attempts, no waiting on rate limits.
 */
public final class GitHubPolicy implements AutoCloseable {

    /**
     * @param maxAttempts attempts through outages before giving up
     * @param initialBackoff the first wait after an outage
     * @param maxBackoff the longest wait between attempts through an outage
     * @param waitNotice the budget's waits shorter than this are not told (GitHub's are, whatever their length)
     */
    public record Settings(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration waitNotice) {
        public Settings {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1");
            }
        }
    }

    /** A step of GitHub work: blocking calls, each bounded by the request timeout; run again from its start after a wait. */
    @FunctionalInterface
    public interface Work<T> {
        T run();
    }

    /** Told of each wait a person would see: its number (1, 2, … for this work), until when, and why. */
    @FunctionalInterface
    public interface Waits {
        CompletionStage<Void> waiting(int ordinal, Instant until, String reason);

        Waits NONE = (ordinal, until, reason) -> CompletableFuture.completedFuture(null);
    }

    /** The work met an outage on every attempt. */
    public static final class GaveUp extends RuntimeException {
        private final int attempts;
        private final transient GitHubFailure last;

        GaveUp(int attempts, GitHubFailure last) {
            super("GitHub did not answer after " + attempts + " attempt" + (attempts == 1 ? "" : "s") + ": " + last.getMessage(), last);
            this.attempts = attempts;
            this.last = last;
        }

        public int attempts() {
            return attempts;
        }

        public GitHubFailure last() {
            return last;
        }
    }

    /** Quick attempts of {@link #now}: at most this many, waiting at most a second between them. */
    static final int NOW_ATTEMPTS = 3;
    private static final ThreadLocal<String> KEY = new ThreadLocal<>();

    private final Settings settings;
    /** Between attempts through an outage. */
    private final Backoff outage;
    /** Between the quick attempts of {@link #now}. */
    private final Backoff quick;
    private final GitHubBudget budget;
    private final Clock clock;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;

    public GitHubPolicy(Settings settings, GitHubBudget budget, Clock clock, int workerThreads) {
        this.settings = settings;
        this.outage = Backoff.exponential(settings.initialBackoff(), settings.maxBackoff());
        this.quick = Backoff.exponential(settings.initialBackoff(), Duration.ofSeconds(1));
        this.budget = budget;
        this.clock = clock;
        this.workers = Executors.newFixedThreadPool(workerThreads, named("pr-service-github"));
        this.timer = Executors.newSingleThreadScheduledExecutor(named("pr-service-github-timer"));
    }

    /** The request the current thread works for (the budget reserves its slots under it); null outside {@link #run}. */
    public static String currentKey() {
        return KEY.get();
    }

    public GitHubBudget budget() {
        return budget;
    }


    /**
     * Runs {@code work} for {@code key} (a request id) on the policy's threads, through rate limits and outages
     * as above; completes with its result, or exceptionally with the failure that ended it ({@link GaveUp} after
     * outages, the {@link GitHubFailure} of a refusal, or whatever else the work threw).
     */
    public <T> CompletionStage<T> run(String key, Work<T> work, Waits waits) {
        return run(key, work, waits, (value, failure) -> {
            if (failure != null) {
                throw failure instanceof java.util.concurrent.CompletionException c ? c : new java.util.concurrent.CompletionException(failure);
            }
            return value;
        });
    }

    /**
     * As {@link #run(String, Work, Waits)}, then {@code then} with the result or the failure, on the policy's thread
     * that finished the work (it may block: publish the outcome), never on the caller's (which may be an event loop).
     * While pr-service stops, work not finished is abandoned, never failed: its record is not acknowledged, and
     * Kafka delivers it again after the restart.
     */
    public <T, R> CompletionStage<R> run(String key, Work<T> work, Waits waits, BiFunction<T, Throwable, R> then) {
        CompletableFuture<T> result = new CompletableFuture<>();
        // attached before the work starts, so it runs where the work completes
        CompletionStage<R> outcome = result.handle(then);
        new Run<>(key, work, waits, result).submit(Duration.ZERO);
        return outcome;
    }

    /**
     * Runs {@code call} on this thread with a few quick attempts through outages, never past {@code deadline}
     * (null: none); a rate limit is thrown at once (the caller comes back later, e.g. the reconciler).
     * The same classification as {@link #run}, a different wait on purpose: {@link #run} parks a request through a
     * rate limit for as long as GitHub says (minutes to an hour, told on its timeline) and resumes it on a timer,
     * while a webhook or the reconciler must answer within its deadline, so it waits a second at most, on its own
     * worker thread (the webhook's is {@code @Blocking}), never an event loop.
     */
    public <T> T now(Work<T> call, Instant deadline) {
        return quick.retry(failure -> failure instanceof GitHubFailure f && f.kind() == Kind.UNAVAILABLE, NOW_ATTEMPTS, deadline, clock,
                call::run);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        workers.shutdownNow();
    }

    private final class Run<T> {
        private final String key;
        private final Work<T> work;
        private final Waits waits;
        private final CompletableFuture<T> result;
        private int outages;
        private int told;
        private Instant toldUntil = Instant.MIN;

        Run(String key, Work<T> work, Waits waits, CompletableFuture<T> result) {
            this.key = key;
            this.work = work;
            this.waits = waits;
            this.result = result;
        }

        void submit(Duration after) {
            try {
                if (after.isZero() || after.isNegative()) {
                    workers.execute(this::attempt);
                } else {
                    timer.schedule(() -> workers.execute(this::attempt), after.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                // pr-service is stopping: abandoned, not failed (a failure would dead-letter a record that is fine)
            }
        }

        private void attempt() {
            KEY.set(key);
            try {
                result.complete(work.run());
            } catch (GitHubFailure failure) {
                failed(failure);
            } catch (RuntimeException | Error other) {
                result.completeExceptionally(other);
            } finally {
                KEY.remove();
            }
        }

        private void failed(GitHubFailure failure) {
            if (workers.isShutdown()) {
                // stopping (a call interrupted): abandoned, not failed
                return;
            }
            Instant now = clock.instant();
            if (failure.rateLimited()) {
                Instant until = failure.until().orElseGet(() -> budget.limited(failure, now).until().orElseThrow());
                Duration wait = Duration.between(now, until);
                boolean gitHubSaidSo = failure.limit().orElse(Limit.SECONDARY) != Limit.PACED;
                if ((gitHubSaidSo || wait.compareTo(settings.waitNotice()) >= 0) && until.isAfter(toldUntil)) {
                    toldUntil = until;
                    waits.waiting(++told, until, failure.getMessage()).whenComplete((ok, notTold) -> submit(Duration.between(clock.instant(), until)));
                } else {
                    submit(wait);
                }
                return;
            }
            if (failure.kind() == Kind.UNAVAILABLE) {
                outages++;
                if (outages >= settings.maxAttempts()) {
                    result.completeExceptionally(new GaveUp(outages, failure));
                } else {
                    submit(outage.after(outages));
                }
                return;
            }
            result.completeExceptionally(failure);
        }
    }

    private static ThreadFactory named(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
