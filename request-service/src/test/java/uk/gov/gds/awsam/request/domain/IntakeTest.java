package uk.gov.gds.awsam.request.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.request.Bodies;
import uk.gov.gds.awsam.request.domain.Intake.Outcome;

/** The intake's decisions, with a publisher the test acknowledges or refuses by hand. */
class IntakeTest {

    private static final String REQUESTER = "someone@" + Bodies.DOMAIN;

    private final List<CompletableFuture<Void>> acks = new ArrayList<>();
    private final List<Submission> published = new ArrayList<>();
    private final Projection projection = new Projection();
    private final AtomicInteger ids = new AtomicInteger();
    private final Intake intake = new Intake(
            new RequestRules(List.of(Bodies.DOMAIN), List.of("GDS"), List.of("GDS"), 50, 10),
            projection, this::publish, Duration.ofSeconds(5),
            Clock.fixed(Instant.parse("2026-11-21T09:00:00Z"), ZoneOffset.UTC), () -> "id-" + ids.incrementAndGet());

    IntakeTest() {
        projection.markCaughtUp();
    }

    private CompletionStage<Void> publish(Submission submission) {
        published.add(submission);
        CompletableFuture<Void> ack = new CompletableFuture<>();
        acks.add(ack);
        return ack;
    }

    @Test
    void aRepeatWhileTheFirstIsInFlightJoinsItsOutcome() {
        CompletionStage<Outcome> first = intake.submit(attempt("k", "sha-1"));
        CompletionStage<Outcome> repeat = intake.submit(attempt("k", "sha-1"));
        CompletionStage<Outcome> other = intake.submit(attempt("k", "sha-2"));
        assertThat(published).hasSize(1);

        acks.get(0).complete(null);

        String requestId = published.get(0).requestId();
        assertThat(outcome(first)).isInstanceOf(Outcome.Accepted.class);
        assertThat(outcome(repeat)).isEqualTo(new Outcome.Existing(requestId, RequestKind.USER_ACCESS));
        assertThat(outcome(other)).isEqualTo(new Outcome.KeyReused(requestId));
        assertThat(outcome(intake.submit(attempt("k", "sha-1")))).isEqualTo(new Outcome.Existing(requestId, RequestKind.USER_ACCESS));
        assertThat(published).hasSize(1);
    }

    @Test
    void aRefusedPublicationIsUnavailableAndFreesTheKeyAndTheName() {
        Map<String, Object> body = Bodies.account("pay-staging");
        CompletionStage<Outcome> first = intake.submit(new Intake.Attempt(RequestKind.NEW_ACCOUNT, REQUESTER, body, "k", "sha"));
        CompletionStage<Outcome> sameName = intake.submit(new Intake.Attempt(RequestKind.NEW_ACCOUNT, REQUESTER, body, null, "sha"));
        assertThat(outcome(sameName)).isInstanceOf(Outcome.Invalid.class);

        acks.get(0).completeExceptionally(new IllegalStateException("broker down"));

        assertThat(outcome(first)).isInstanceOf(Outcome.Unavailable.class);
        assertThat(projection.isAccountNameTaken("pay-staging")).isFalse();
        CompletionStage<Outcome> retry = intake.submit(new Intake.Attempt(RequestKind.NEW_ACCOUNT, REQUESTER, body, "k", "sha"));
        acks.get(1).complete(null);
        assertThat(outcome(retry)).isInstanceOf(Outcome.Accepted.class);
        assertThat(projection.isAccountNameTaken("pay-staging")).isTrue();
    }

    @Test
    void nothingIsCheckedOrPublishedBeforeTheViewHasCaughtUp() {
        Projection behind = new Projection();
        Intake early = new Intake(new RequestRules(List.of(Bodies.DOMAIN), List.of("GDS"), List.of(), 50, 10), behind,
                this::publish, Duration.ofSeconds(5), Clock.systemUTC(), () -> "id");
        assertThat(outcome(early.submit(attempt("k", "sha")))).isInstanceOf(Outcome.Unavailable.class);
        assertThat(published).isEmpty();
    }

    @Test
    void anAcknowledgementThatNeverComesIsUnavailable() {
        Intake impatient = new Intake(new RequestRules(List.of(Bodies.DOMAIN), List.of("GDS"), List.of(), 50, 10), projection,
                submission -> new CompletableFuture<>(), Duration.ofMillis(50), Clock.systemUTC(), () -> "id");
        assertThat(impatient.submit(attempt(null, "sha")).toCompletableFuture().join()).isInstanceOf(Outcome.Unavailable.class);
    }

    private static Intake.Attempt attempt(String key, String sha) {
        return new Intake.Attempt(RequestKind.USER_ACCESS, REQUESTER, Bodies.users("new.person@" + Bodies.DOMAIN), key, sha);
    }

    private static Outcome outcome(CompletionStage<Outcome> stage) {
        CompletableFuture<Outcome> future = stage.toCompletableFuture();
        assertThat(future).isDone();
        return future.join();
    }
}
