package uk.gov.gds.awsam.request.domain;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Replaying dead letters to the topic they came from, once their cause is fixed, each replay recorded on its
 * request's timeline (DeadLetterReplayed). A dead letter is replayed once: a second replay of the same one
 * re-sends nothing and records nothing, whether the first was made here (and is still being made), by another
 * instance, or before a restart (the timeline says so). The record is re-sent first and the replay recorded
 * after; if recording fails, replaying again re-sends it (its consumer is safe to run twice) and records it once.
 */
public final class DeadLetterReplays {

    /** The outside world: re-sending a dead letter as it was, and recording the replay. */
    public interface Port {
        /** Re-sends the record to its topic with its key, value and headers; completes when the broker acknowledged it. */
        CompletionStage<Void> resend(DeadLetter letter);

        /** Publishes DeadLetterReplayed; completes when the broker acknowledged it. */
        CompletionStage<Void> record(Replay replay);
    }

    /** A replay by an engineer, for a reason. */
    public record Replay(DeadLetter letter, String engineer, String reason, Instant at) {
    }

    /** What a replay of one dead letter came to. */
    public sealed interface Outcome {
        DeadLetter letter();

        record Replayed(DeadLetter letter, Replay replay) implements Outcome {
        }

        /** Replayed before: nothing was sent again. */
        record AlreadyReplayed(DeadLetter letter, String by, Instant at) implements Outcome {
        }

        /** The record has no key, so no request to record the replay on: it is not replayed from here. */
        record NoRequest(DeadLetter letter) implements Outcome {
        }

        /** The broker did not take the record or the replay's record. */
        record Failed(DeadLetter letter, String why) implements Outcome {
        }
    }

    private final DeadLetterIndex index;
    private final Projection projection;
    private final Port port;
    private final Clock clock;
    private final Map<String, CompletableFuture<Outcome>> replaying = new ConcurrentHashMap<>();
    private final Map<String, Outcome.AlreadyReplayed> replayedHere = new ConcurrentHashMap<>();

    public DeadLetterReplays(DeadLetterIndex index, Projection projection, Port port, Clock clock) {
        this.index = index;
        this.projection = projection;
        this.port = port;
        this.clock = clock;
    }

    /** Who replayed a dead letter and when, if it was. */
    public Optional<Outcome.AlreadyReplayed> replayed(DeadLetter letter) {
        Outcome.AlreadyReplayed here = replayedHere.get(letter.position());
        if (here != null || letter.requestId() == null) {
            return Optional.ofNullable(here);
        }
        return projection.find(letter.requestId()).flatMap(view -> view.timeline().stream()
                .filter(event -> event.detail() instanceof LifecycleEvent.DeadLetterReplayed replayed
                        && letter.isAt(replayed.deadLetterTopic(), replayed.partition(), replayed.offset()))
                .findFirst()
                .map(event -> new Outcome.AlreadyReplayed(letter, ((LifecycleEvent.DeadLetterReplayed) event.detail()).engineer(),
                        event.occurredAt())));
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
        Replay replay = new Replay(letter, engineer, reason, clock.instant());
        port.resend(letter)
                .thenCompose(sent -> port.record(replay))
                .whenComplete((done, failure) -> {
                    Outcome outcome = failure == null ? new Outcome.Replayed(letter, replay) : new Outcome.Failed(letter, rootCause(failure));
                    if (failure == null) {
                        replayedHere.put(letter.position(), new Outcome.AlreadyReplayed(letter, engineer, replay.at()));
                    }
                    replaying.remove(letter.position(), mine);
                    mine.complete(outcome);
                });
        return mine;
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
