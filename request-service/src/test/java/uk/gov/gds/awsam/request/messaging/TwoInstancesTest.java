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

import uk.gov.gds.awsam.events.RequestSubmitted;
import uk.gov.gds.awsam.request.Bodies;
import uk.gov.gds.awsam.request.Published;
import uk.gov.gds.awsam.request.domain.Claim;
import uk.gov.gds.awsam.request.domain.Claims;
import uk.gov.gds.awsam.request.domain.FieldError;
import uk.gov.gds.awsam.request.domain.Intake;
import uk.gov.gds.awsam.request.domain.Intake.Outcome;
import uk.gov.gds.awsam.request.domain.Organisation;
import uk.gov.gds.awsam.request.domain.Projection;
import uk.gov.gds.awsam.request.domain.RequestKind;
import uk.gov.gds.awsam.request.domain.RequestRules;
import uk.gov.gds.awsam.testsupport.MovableClock;
import uk.gov.gds.awsam.testsupport.TestEvents;

/**
 * Two request-service intakes side by side against the real broker, sharing nothing else, as two processes would:
 * each its own view and lifecycle reader, its own claims reader and producer, its own publisher. Concurrent
 * requests for one name, one closure or one Idempotency-Key, split across both, give exactly one request.
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

        Stack(Organisation organisation) {
            Map<String, Object> kafka = Map.of("bootstrap.servers", events.bootstrapServers());
            feed = new LifecycleFeed(view, kafka, TestEvents.serdeConfig(events.registryUrl()), Duration.ofMillis(200)).start();
            publisher = new TestEvents(events.bootstrapServers(), events.registryUrl());
            claims = new ClaimsTopic(new Claims(clock, HOLD), view, kafka, (key, value) -> CompletableFuture.runAsync(
                    () -> publisher.publishRaw(ClaimsTopic.TOPIC, key, value.getBytes(StandardCharsets.UTF_8)), publishing)).start();
            intake = new Intake(new RequestRules(List.of(Bodies.DOMAIN), List.of("GDS"), List.of(), 50, 10), view,
                    submission -> CompletableFuture.runAsync(() -> publisher.publish(SubmissionEvents.toEvent(submission)), publishing),
                    claims, organisation, PUBLISH_TIMEOUT, HOLD, clock, () -> UUID.randomUUID().toString());
        }

        @Override
        public void close() {
            feed.stop();
            claims.close();
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

    private static Outcome join(CompletionStage<Outcome> outcome) {
        return outcome.toCompletableFuture().join();
    }
}
