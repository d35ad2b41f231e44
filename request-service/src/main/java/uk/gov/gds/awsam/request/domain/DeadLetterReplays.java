package uk.gov.gds.awsam.request.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Replaying dead letters to the topic they came from, once their cause is fixed, each replay recorded on its
 * request's timeline (DeadLetterReplayed). A dead letter is replayed once: a second replay of the same one
 * re-sends nothing and records nothing, whether the first was made here (and is still being made), by another
 * instance, or before a restart (the timeline says so). The record is re-sent first and the replay recorded
 * after; if recording fails, replaying again re-sends it (its consumer is safe to run twice) and records it once.
 *
 * <p><b>Two instances at once.</b> Before it re-sends, a replay claims the dead letter ({@link Claim#replay}) on
 * the claims every instance reads ({@link ClaimLedger}) and re-sends only if its claim is the first live one
 * ({@link Claims#winner}); a replay whose claim loses waits (within the winner's hold) for the winner's replay to
 * reach the timeline and answers as a replay made before does. The record is read again before the claim, so the
 * winner hands it to the producer within one publish timeout of its claim or gives up, and a claim older than the hold
 * whose replay is not on the timeline will never send: the dead letter may be replayed again. A claim is given up
 * when its replay fails.
 */
public final class DeadLetterReplays {

    /** The outside world: re-sending a dead letter as it was, and recording the replay. */
    public interface Port {
        /** Reads the record again from its dead-letter topic; completes with what sends it back to its topic. */
        CompletionStage<Resend> fetch(DeadLetter letter);

        /** Publishes DeadLetterReplayed; completes when the broker acknowledged it. */
        CompletionStage<Void> record(Replay replay);
    }

    /** A dead letter read again, ready to go back to its topic. */
    @FunctionalInterface
    public interface Resend {
        /** Sends it to its topic with its key, value and headers; completes when the broker acknowledged it. */
        CompletionStage<Void> send();
    }

    /** A replay by an engineer, for a reason. */
    public record Replay(DeadLetter letter, String engineer, String reason, Instant at) {
    }

    /** What a replay of one dead letter came to. */
    public sealed interface Outcome {
        DeadLetter letter();

        record Replayed(DeadLetter letter, Replay replay) implements Outcome {
        }

        /** Replayed before, or by a replay made meanwhile (here or on another instance): nothing was sent again. */
        record AlreadyReplayed(DeadLetter letter, String by, Instant at) implements Outcome {
        }

        /** The record has no key, so no request to record the replay on: it is not replayed from here. */
        record NoRequest(DeadLetter letter) implements Outcome {
        }

        /** The broker did not take the claim, the record or the replay's record, or another instance's replay did not finish. */
        record Failed(DeadLetter letter, String why) implements Outcome {
        }
    }

    private final DeadLetterIndex index;
    private final Projection projection;
    private final Port port;
    private final ClaimLedger ledger;
    private final Duration publishTimeout;
    private final Duration hold;
    private final Clock clock;
    private final Map<String, CompletableFuture<Outcome>> replaying = new ConcurrentHashMap<>();
    private final Map<String, Outcome.AlreadyReplayed> replayedHere = new ConcurrentHashMap<>();

    /**
     * @param publishTimeout the longest wait for the broker for each step (the claim and reading it back); the record
     *        is handed to the producer no later than this after the claim
     * @param hold how long a claim whose replay is not on the timeline keeps the dead letter ({@link Intake#holdFor})
     */
    public DeadLetterReplays(DeadLetterIndex index, Projection projection, Port port, ClaimLedger ledger, Duration publishTimeout,
            Duration hold, Clock clock) {
        this.index = index;
        this.projection = projection;
        this.port = port;
        this.ledger = ledger;
        this.publishTimeout = publishTimeout;
        this.hold = hold;
        this.clock = clock;
    }

    /** Who replayed a dead letter and when, if it was. */
    public Optional<Outcome.AlreadyReplayed> replayed(DeadLetter letter) {
        Outcome.AlreadyReplayed here = replayedHere.get(letter.position());
        if (here != null || letter.requestId() == null) {
            return Optional.ofNullable(here);
        }
        return projection.find(letter.requestId()).flatMap(view -> onTimeline(view, letter));
    }

    private static Optional<Outcome.AlreadyReplayed> onTimeline(RequestView view, DeadLetter letter) {
        return view.timeline().stream()
                .filter(event -> event.detail() instanceof LifecycleEvent.DeadLetterReplayed replayed
                        && letter.isAt(replayed.deadLetterTopic(), replayed.partition(), replayed.offset()))
                .findFirst()
                .map(event -> new Outcome.AlreadyReplayed(letter, ((LifecycleEvent.DeadLetterReplayed) event.detail()).engineer(),
                        event.occurredAt()));
    }

    /** Replays one dead letter (see the class). */
    public CompletionStage<Outcome> replay(DeadLetter letter, String engineer, String reason) {
        if (letter.requestId() == null) {
            return CompletableFuture.completedFuture(new Outcome.NoRequest(letter));
        }
        CompletableFuture<Outcome> mine = new CompletableFuture<>();
        CompletableFuture<Outcome> earlier = replaying.putIfAbsent(letter.position(), mine);
        if (earlier != null) {
            return earlier.thenApply(outcome -> outcome instanceof Outcome.Replayed replayed
                    ? new Outcome.AlreadyReplayed(letter, replayed.replay().engineer(), replayed.replay().at()) : outcome);
        }
        Optional<Outcome.AlreadyReplayed> before = replayed(letter);
        if (before.isPresent()) {
            replaying.remove(letter.position(), mine);
            mine.complete(before.get());
            return mine;
        }
        String attempt = UUID.randomUUID().toString();
        CompletableFuture<Outcome> decided;
        try {
            decided = port.fetch(letter).thenCompose(resend -> {
                Claim claim = new Claim(Claim.replay(letter), attempt, null, clock.instant());
                return claimAndReplay(claim, resend, new Replay(letter, engineer, reason, claim.claimedAt()));
            }).toCompletableFuture();
        } catch (RuntimeException refused) {
            decided = CompletableFuture.failedFuture(refused);
        }
        decided.whenComplete((outcome, failure) -> {
            Outcome settled = failure == null ? outcome : new Outcome.Failed(letter, rootCause(failure));
            if (settled instanceof Outcome.Replayed replayed) {
                replayedHere.put(letter.position(), new Outcome.AlreadyReplayed(letter, engineer, replayed.replay().at()));
            }
            replaying.remove(letter.position(), mine);
            mine.complete(settled);
        });
        return mine;
    }

    /** Claims the dead letter, and re-sends and records it if the claim wins; else the winner's replay. */
    private CompletionStage<Outcome> claimAndReplay(Claim claim, Resend resend, Replay replay) {
        DeadLetter letter = replay.letter();
        List<Claim> mine = List.of(claim);
        return ledger.claimAndRead(mine, publishTimeout).handle((read, failure) -> {
            if (failure != null) {
                return done(failed(mine, letter, "the broker did not acknowledge the replay's claim: " + rootCause(failure)));
            }
            Optional<Outcome.AlreadyReplayed> meanwhile = replayed(letter);
            if (meanwhile.isPresent()) {
                ledger.giveUp(mine);
                return done(meanwhile.get());
            }
            Instant now = clock.instant();
            Optional<Claim> winner = Claims.winner(read.getOrDefault(claim.key(), List.of()), requestId -> false, now, hold);
            if (winner.isPresent() && !winner.get().requestId().equals(claim.requestId())) {
                ledger.giveUp(mine);
                return awaitWinner(letter, winner.get(), now);
            }
            if (Duration.between(claim.claimedAt(), now).compareTo(publishTimeout) > 0) {
                return done(failed(mine, letter, "the broker took longer than " + publishTimeout + " to acknowledge the replay's claim"));
            }
            CompletionStage<Void> sent;
            try {
                sent = resend.send();
            } catch (RuntimeException refused) {
                sent = CompletableFuture.failedFuture(refused);
            }
            return sent.thenCompose(done -> port.record(replay))
                    .handle((recorded, notSent) -> notSent == null ? (Outcome) new Outcome.Replayed(letter, replay)
                            : failed(mine, letter, rootCause(notSent)));
        }).thenCompose(outcome -> outcome);
    }

    /** Another replay's claim won: its replay once it is on the timeline (within its hold); else a failure to try again. */
    private CompletionStage<Outcome> awaitWinner(DeadLetter letter, Claim winner, Instant now) {
        Instant until = winner.claimedAt().plus(hold);
        return projection.until(letter.requestId(), view -> onTimeline(view, letter).isPresent(), Duration.between(now, until))
                .handle((seen, failure) -> replayed(letter).<Outcome>map(already -> already).orElseGet(() -> new Outcome.Failed(
                        letter, "another replay of it, begun at " + winner.claimedAt() + " on this or another instance, was not on the"
                                + " timeline by " + until + "; it may have sent the record: replay it again to send it and record the replay")));
    }

    /** Gives the claim up (the dead letter may be replayed again at once) and says why. */
    private Outcome failed(List<Claim> mine, DeadLetter letter, String why) {
        ledger.giveUp(mine);
        return new Outcome.Failed(letter, why);
    }

    private static CompletionStage<Outcome> done(Outcome outcome) {
        return CompletableFuture.completedFuture(outcome);
    }

    /** Replays, oldest first and one after another, every dead letter of a topic not replayed yet. */
    public CompletionStage<List<Outcome>> replayAll(String deadLetterTopic, String engineer, String reason) {
        List<Outcome> outcomes = new ArrayList<>();
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        for (DeadLetter letter : index.of(deadLetterTopic)) {
            if (replayed(letter).isPresent()) {
                continue;
            }
            chain = chain.thenCompose(previous -> replay(letter, engineer, reason).thenAccept(outcomes::add));
        }
        return chain.thenApply(done -> outcomes);
    }

    private static String rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
