package uk.gov.gds.awsam.request.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.events.DeadLetterReplayed;
import uk.gov.gds.awsam.events.RequestSubmitted;
import uk.gov.gds.awsam.request.Bodies;
import uk.gov.gds.awsam.request.Published;
import uk.gov.gds.awsam.request.domain.Claim;
import uk.gov.gds.awsam.request.domain.ClaimLedger;
import uk.gov.gds.awsam.request.domain.Claims;
import uk.gov.gds.awsam.request.domain.DeadLetter;
import uk.gov.gds.awsam.request.domain.DeadLetterIndex;
import uk.gov.gds.awsam.request.domain.DeadLetterReplays;
import uk.gov.gds.awsam.request.domain.FieldError;
import uk.gov.gds.awsam.request.domain.Intake;
import uk.gov.gds.awsam.request.domain.Intake.Outcome;
import uk.gov.gds.awsam.request.domain.Organisation;
import uk.gov.gds.awsam.request.domain.Projection;
import uk.gov.gds.awsam.request.domain.RequestKind;
import uk.gov.gds.awsam.request.domain.RequestRules;
import uk.gov.gds.awsam.testsupport.MovableClock;
import uk.gov.gds.awsam.testsupport.SampleEvents;
import uk.gov.gds.awsam.testsupport.TestEvents;

/**
 * Two request-service intakes side by side against the real broker, sharing nothing else, as two processes would:
 * each its own view and lifecycle reader, its own claims reader and producer, its own publisher and dead-letter
 * resender. Concurrent requests for one name, one closure or one Idempotency-Key, split across both, give exactly one
 * request; concurrent replays of one dead letter, one on each, send it once.
 */
class TwoInstancesTest {

    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(4);
    private static final Duration HOLD = Intake.holdFor(PUBLISH_TIMEOUT);
    private static final String REQUESTER = Bodies.uniqueEmail("two-instances");
    private static final int ATTEMPTS = 20;

    private static TestEvents events;
    private static Stack a;
    private static Stack b;

    /** One instance's intake and everything it reads and writes with. */
    private static final class Stack implements AutoCloseable {
        final MovableClock clock = new MovableClock(Clock.systemUTC());
        final Projection view = new Projection();
        final LifecycleFeed feed;
        final ClaimsTopic claims;
        final TestEvents publisher;
        final ExecutorService publishing = Executors.newFixedThreadPool(8);
        final Intake intake;
        final ForwardEvents forward;
        final String engineer = Bodies.uniqueEmail("engineer");

        Stack(Organisation organisation) {
            Map<String, Object> kafka = Map.of("bootstrap.servers", events.bootstrapServers());
            feed = new LifecycleFeed(view, kafka, TestEvents.serdeConfig(events.registryUrl()), Duration.ofMillis(200)).start();
            publisher = new TestEvents(events.bootstrapServers(), events.registryUrl());
            claims = new ClaimsTopic(new Claims(clock, HOLD), view, kafka, (key, value) -> CompletableFuture.runAsync(
                    () -> publisher.publishRaw(ClaimsTopic.TOPIC, key, value.getBytes(StandardCharsets.UTF_8)), publishing)).start();
            intake = new Intake(new RequestRules(List.of(Bodies.DOMAIN), List.of("GDS"), List.of(), 50, 10), view,
                    submission -> CompletableFuture.runAsync(() -> publisher.publish(SubmissionEvents.toEvent(submission)), publishing),
                    claims, organisation, PUBLISH_TIMEOUT, HOLD, clock, () -> UUID.randomUUID().toString());
            forward = new ForwardEvents(null, replayed -> CompletableFuture.runAsync(() -> publisher.publish(replayed), publishing),
                    "request-service", kafka);
        }

        /** This instance's dead-letter replays, claiming through {@code ledger} (its claims topic, or a test's stand-in). */
        DeadLetterReplays replays(ClaimLedger ledger) {
            return new DeadLetterReplays(new DeadLetterIndex(), view, forward, ledger, PUBLISH_TIMEOUT, HOLD, clock);
        }

        @Override
        public void close() {
            feed.stop();
            claims.close();
            forward.close();
            publishing.shutdownNow();
            publisher.close();
        }
    }

    /** Any 12-digit id is one active account of that name. */
    private static final Organisation ORGANISATION = idOrName -> CompletableFuture.completedFuture(new Organisation.Found(
            List.of(new Organisation.Account(idOrName, "account-" + idOrName, "ACTIVE")), "999999999999", "888888888888"));

    @BeforeAll
    static void start() {
        events = TestEvents.connect();
        a = new Stack(ORGANISATION);
        b = new Stack(ORGANISATION);
        await().atMost(TestEvents.TIMEOUT).until(() -> a.view.isCaughtUp() && b.view.isCaughtUp());
    }

    @AfterAll
    static void stop() {
        a.close();
        b.close();
        events.close();
    }

    @Test
    void concurrentRequestsForOneNameOnTwoInstancesMakeOneRequest() {
        String name = Bodies.uniqueAccountName("two-instances");
        List<Outcome> outcomes = race(i -> new Intake.Attempt(RequestKind.NEW_ACCOUNT, REQUESTER, Bodies.account(name), null, "sha-" + i,
                false));

        Outcome.Accepted winner = oneRequest(outcomes,
                first -> new Outcome.Invalid(List.of(new FieldError("name", "is already taken by another account or request"))),
                event -> event.getAccount() != null && event.getAccount().getName().equals(name));
        bothViewsHave(winner, () -> a.view.isAccountNameTaken(name) && b.view.isAccountNameTaken(name));
    }

    @Test
    void concurrentClosuresOfOneAccountOnTwoInstancesMakeOneRequest() {
        String accountId = String.valueOf(100_000_000_000L + Math.floorMod(UUID.randomUUID().getLeastSignificantBits(), 899_999_999_999L));
        List<Outcome> outcomes = race(i -> new Intake.Attempt(RequestKind.ACCOUNT_CLOSURE, REQUESTER,
                Map.of("account", accountId, "reason", "not needed " + i), null, "sha-" + i, true));

        Outcome.Accepted winner = oneRequest(outcomes,
                first -> new Outcome.Conflict(new FieldError("account", "already has a closure request")),
                event -> event.getClosure() != null && event.getClosure().getAccountId().equals(accountId));
        bothViewsHave(winner, () -> a.view.isClosureAsked(accountId) && b.view.isClosureAsked(accountId));
    }

    @Test
    void concurrentRepeatsOfOneIdempotencyKeyOnTwoInstancesMakeOneRequestAndAllAnswerWithIt() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Bodies.users(Bodies.uniqueEmail("new-person"));
        List<Outcome> outcomes = race(i -> new Intake.Attempt(RequestKind.USER_ACCESS, REQUESTER, body, key, "sha", false));

        Outcome.Accepted winner = oneRequest(outcomes,
                first -> new Outcome.Existing(first.submission().requestId(), RequestKind.USER_ACCESS),
                event -> key.equals(event.getIdempotencyKey()));
        bothViewsHave(winner, () -> a.view.findByIdempotencyKey(REQUESTER, key).isPresent()
                && b.view.findByIdempotencyKey(REQUESTER, key).isPresent());
    }

    @Test
    void aClaimNeverFollowedByItsRequestHoldsTheNameOnlyUntilItsHoldEnds() {
        String name = Bodies.uniqueAccountName("dead-claim");
        Instant claimedAt = Instant.now();
        events.publishRaw(ClaimsTopic.TOPIC, Claim.accountName(name), ("{\"requestId\":\"" + UUID.randomUUID()
                + "\",\"payloadSha256\":\"sha\",\"claimedAt\":\"" + claimedAt + "\"}").getBytes(StandardCharsets.UTF_8));
        Intake.Attempt attempt = new Intake.Attempt(RequestKind.NEW_ACCOUNT, REQUESTER, Bodies.account(name), null, "sha", false);

        assertThat(join(a.intake.submit(attempt))).isInstanceOf(Outcome.Invalid.class);
        assertThat(join(b.intake.submit(attempt))).isInstanceOf(Outcome.Invalid.class);

        b.clock.moveOn(HOLD.plusSeconds(1));
        try {
            Outcome later = join(b.intake.submit(attempt));
            assertThat(later).isInstanceOf(Outcome.Accepted.class);
            assertThat(Published.all(events, RequestSubmitted.class,
                    record -> record.value().getAccount() != null && record.value().getAccount().getName().equals(name))).hasSize(1);
            await().atMost(TestEvents.TIMEOUT).until(() -> a.view.isAccountNameTaken(name));
            assertThat(join(a.intake.submit(attempt))).isInstanceOf(Outcome.Invalid.class);
        } finally {
            b.clock.reset();
        }
    }

    @Test
    void concurrentReplaysOfOneDeadLetterOnTwoInstancesSendItOnce() {
        DeadLetter letter = deadLetter();

        List<DeadLetterReplays.Outcome> outcomes = raceReplays(letter, true);

        assertThat(outcomes).as("outcomes %s", outcomes).filteredOn(DeadLetterReplays.Outcome.Replayed.class::isInstance).hasSize(1);
        DeadLetterReplays.Outcome.Replayed winner = outcomes.stream().filter(DeadLetterReplays.Outcome.Replayed.class::isInstance)
                .map(DeadLetterReplays.Outcome.Replayed.class::cast).findFirst().orElseThrow();
        assertThat(outcomes).filteredOn(outcome -> outcome != winner).singleElement()
                .isInstanceOfSatisfying(DeadLetterReplays.Outcome.AlreadyReplayed.class,
                        already -> assertThat(already.by()).isEqualTo(winner.replay().engineer()));
        assertThat(Published.raw(events, letter.topic(), record -> true)).singleElement()
                .satisfies(record -> assertThat(record.key()).isEqualTo(letter.requestId()));
        assertThat(Published.all(events, DeadLetterReplayed.class, record -> letter.requestId().equals(record.key()))).hasSize(1);
        for (Stack stack : List.of(a, b)) {
            assertThat(join(stack.replays(stack.claims).replay(letter, stack.engineer, "again")))
                    .isInstanceOf(DeadLetterReplays.Outcome.AlreadyReplayed.class);
        }
        assertThat(Published.raw(events, letter.topic(), record -> true)).hasSize(1);
    }

    /** The race above is real: with claims written but never read back (the claim rule off), both instances send the record. */
    @Test
    void withoutTheClaimRuleTheSameRaceSendsTheDeadLetterTwice() {
        DeadLetter letter = deadLetter();

        List<DeadLetterReplays.Outcome> outcomes = raceReplays(letter, false);

        assertThat(outcomes).hasSize(2).allMatch(DeadLetterReplays.Outcome.Replayed.class::isInstance);
        assertThat(Published.raw(events, letter.topic(), record -> true)).hasSize(2);
    }

    /**
     * A dead letter of its own: a request, and a record on a dead-letter topic made for the test whose topic (where a
     * replay sends it) is made for the test too, so that everything on it is a replay of this dead letter.
     */
    private static DeadLetter deadLetter() {
        String topic = "aws-accounts.two-instances-replay-" + UUID.randomUUID();
        events.companion().topics().createAndWait(topic, 1);
        events.companion().topics().createAndWait(topic + ".dlq", 1);
        String requestId = SampleEvents.newRequestId();
        events.publish(SampleEvents.userAccessSubmitted(requestId).setRequesterEmail(REQUESTER).build());
        var at = events.publishRaw(topic + ".dlq", requestId, ("the event of " + requestId).getBytes(StandardCharsets.UTF_8));
        return new DeadLetter(topic + ".dlq", at.partition(), at.offset(), topic, requestId, null, "GitHub answered 502", Instant.now());
    }

    /**
     * One replay of the dead letter on each instance, each through its own claims topic; neither claims until both are
     * about to (both have found the dead letter not replayed yet), so the claims alone decide. With {@code claimRule}
     * false every read of the claims comes back empty, so every replay is its own winner. Their outcomes.
     */
    private static List<DeadLetterReplays.Outcome> raceReplays(DeadLetter letter, boolean claimRule) {
        java.util.concurrent.CountDownLatch bothClaiming = new java.util.concurrent.CountDownLatch(2);
        ExecutorService racing = Executors.newFixedThreadPool(2);
        try {
            List<CompletableFuture<DeadLetterReplays.Outcome>> answers = new ArrayList<>();
            for (Stack stack : List.of(a, b)) {
                DeadLetterReplays replays = stack.replays(new TogetherLedger(stack.claims, bothClaiming, claimRule));
                answers.add(CompletableFuture.supplyAsync(() -> replays.replay(letter, stack.engineer, "GitHub answers again"), racing)
                        .thenCompose(outcome -> outcome));
            }
            return answers.stream().map(CompletableFuture::join).toList();
        } finally {
            racing.shutdownNow();
        }
    }

    /**
     * Claims through another ledger once every racer is claiming (each waits for the others on its own thread); reads
     * the claims back only if {@code readBack}.
     */
    private record TogetherLedger(ClaimLedger ledger, java.util.concurrent.CountDownLatch racers, boolean readBack) implements ClaimLedger {
        @Override
        public CompletionStage<Void> claim(List<Claim> claims) {
            racers.countDown();
            try {
                if (!racers.await(TestEvents.TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("the other replay never claimed");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return ledger.claim(claims);
        }

        @Override
        public CompletionStage<Void> release(List<Claim> claims) {
            return ledger.release(claims);
        }

        @Override
        public CompletionStage<Map<String, List<Claim>>> read(java.util.Collection<String> keys) {
            return readBack ? ledger.read(keys) : CompletableFuture.completedFuture(Map.of());
        }
    }

    /** The attempts, half to each instance, all sent before any is answered; their outcomes. */
    private static List<Outcome> race(java.util.function.IntFunction<Intake.Attempt> attempt) {
        List<CompletionStage<Outcome>> answers = new ArrayList<>();
        for (int i = 0; i < ATTEMPTS; i++) {
            answers.add((i % 2 == 0 ? a : b).intake.submit(attempt.apply(i)));
        }
        return answers.stream().map(TwoInstancesTest::join).toList();
    }

    /**
     * Exactly one attempt accepted, every other answered {@code others}, and exactly one RequestSubmitted on the topic
     * (the accepted one) of those {@code about} the contested thing.
     */
    private static Outcome.Accepted oneRequest(List<Outcome> outcomes, java.util.function.Function<Outcome.Accepted, Outcome> others,
            java.util.function.Predicate<RequestSubmitted> about) {
        assertThat(outcomes).filteredOn(Outcome.Accepted.class::isInstance).hasSize(1);
        Outcome.Accepted winner = outcomes.stream().filter(Outcome.Accepted.class::isInstance).map(Outcome.Accepted.class::cast)
                .findFirst().orElseThrow();
        assertThat(outcomes).filteredOn(outcome -> outcome != winner).hasSize(ATTEMPTS - 1).containsOnly(others.apply(winner));
        assertThat(Published.all(events, RequestSubmitted.class, record -> about.test(record.value()))).singleElement()
                .satisfies(record -> assertThat(record.key()).isEqualTo(winner.submission().requestId()));
        return winner;
    }

    private static void bothViewsHave(Outcome.Accepted winner, java.util.concurrent.Callable<Boolean> agree) {
        String requestId = winner.submission().requestId();
        await().atMost(TestEvents.TIMEOUT).until(() -> a.view.isSubmitted(requestId) && b.view.isSubmitted(requestId) && agree.call());
    }

    private static <T> T join(CompletionStage<T> outcome) {
        return outcome.toCompletableFuture().join();
    }
}
