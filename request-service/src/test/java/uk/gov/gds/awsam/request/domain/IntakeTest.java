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
import uk.gov.gds.awsam.testsupport.MovableClock;

/** The intake's decisions, with a publisher the test acknowledges or refuses by hand. */
class IntakeTest {

    private static final String REQUESTER = "someone@" + Bodies.DOMAIN;

    /** These tests ask nothing of AWS Organizations. */
    private static final Organisation NO_ORGANISATION = idOrName -> CompletableFuture.failedFuture(new AssertionError("not asked"));

    private final List<CompletableFuture<Void>> acks = new ArrayList<>();
    private final List<Submission> published = new ArrayList<>();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T09:00:00Z"), ZoneOffset.UTC);
    private static final Duration HOLD = Intake.holdFor(Duration.ofSeconds(5));

    private final Projection projection = new Projection();
    private final ClaimsInMemory claims = new ClaimsInMemory(new Claims(CLOCK, HOLD));
    private final AtomicInteger ids = new AtomicInteger();
    private final Intake intake = new Intake(
            new RequestRules(List.of(Bodies.DOMAIN), List.of("GDS"), List.of("GDS"), 50, 10),
            projection, this::publish, claims, NO_ORGANISATION, Duration.ofSeconds(5), HOLD, CLOCK, () -> "id-" + ids.incrementAndGet());

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
        CompletionStage<Outcome> first = intake.submit(new Intake.Attempt(RequestKind.NEW_ACCOUNT, REQUESTER, body, "k", "sha", false));
        CompletionStage<Outcome> sameName = intake.submit(new Intake.Attempt(RequestKind.NEW_ACCOUNT, REQUESTER, body, null, "sha", false));
        assertThat(outcome(sameName)).isInstanceOf(Outcome.Invalid.class);

        acks.get(0).completeExceptionally(new IllegalStateException("broker down"));

        assertThat(outcome(first)).isInstanceOf(Outcome.Unavailable.class);
        assertThat(projection.isAccountNameTaken("pay-staging")).isFalse();
        CompletionStage<Outcome> retry = intake.submit(new Intake.Attempt(RequestKind.NEW_ACCOUNT, REQUESTER, body, "k", "sha", false));
        acks.get(1).complete(null);
        assertThat(outcome(retry)).isInstanceOf(Outcome.Accepted.class);
        assertThat(projection.isAccountNameTaken("pay-staging")).isTrue();
    }

    @Test
    void nothingIsCheckedOrPublishedBeforeTheViewHasCaughtUp() {
        Projection behind = new Projection();
        Intake early = new Intake(new RequestRules(List.of(Bodies.DOMAIN), List.of("GDS"), List.of(), 50, 10), behind,
                this::publish, claims, NO_ORGANISATION, Duration.ofSeconds(5), HOLD, Clock.systemUTC(), () -> "id");
        assertThat(outcome(early.submit(attempt("k", "sha")))).isInstanceOf(Outcome.Unavailable.class);
        assertThat(published).isEmpty();
    }

    @Test
    void anAcknowledgementThatNeverComesIsUnavailable() {
        Intake impatient = new Intake(new RequestRules(List.of(Bodies.DOMAIN), List.of("GDS"), List.of(), 50, 10), projection,
                submission -> new CompletableFuture<>(), claims, NO_ORGANISATION, Duration.ofMillis(50),
                Intake.holdFor(Duration.ofMillis(50)), Clock.systemUTC(), () -> "id");
        assertThat(impatient.submit(attempt(null, "sha")).toCompletableFuture().join()).isInstanceOf(Outcome.Unavailable.class);
    }

    private static Intake.Attempt attempt(String key, String sha) {
        return new Intake.Attempt(RequestKind.USER_ACCESS, REQUESTER, Bodies.users("new.person@" + Bodies.DOMAIN), key, sha, false);
    }

    @Test
    void theGdsUsersAccountAndANameOfTwoAccountsAreRefusedAndTwoClosuresInFlightAreOne() {
        Organisation aws = idOrName -> CompletableFuture.completedFuture(new Organisation.Found(switch (idOrName) {
            case "twins" -> List.of(new Organisation.Account("111111111111", "twins", "ACTIVE"),
                    new Organisation.Account("222222222222", "twins", "ACTIVE"));
            default -> List.of(new Organisation.Account(idOrName, "an-account", "ACTIVE"));
        }, "999999999999", "333333333333"));
        Intake closures = new Intake(new RequestRules(List.of(Bodies.DOMAIN), List.of("GDS"), List.of(), 50, 10), projection,
                this::publish, claims, aws, Duration.ofSeconds(5), HOLD, CLOCK, () -> "id-" + ids.incrementAndGet());

        assertThat(outcome(closures.submit(closure("333333333333")))).isEqualTo(new Outcome.Invalid(List.of(
                new FieldError("account", "is the gds-users account, which holds everyone's users and is never closed"))));
        assertThat(outcome(closures.submit(closure("twins")))).isEqualTo(new Outcome.Invalid(List.of(
                new FieldError("account", "names 2 accounts in the organisation: give its 12-digit id"))));
        CompletionStage<Outcome> first = closures.submit(closure("444444444444"));
        assertThat(outcome(closures.submit(closure("444444444444")))).isEqualTo(
                new Outcome.Conflict(new FieldError("account", "already has a closure request")));
        assertThat(published).hasSize(1);
        acks.get(0).complete(null);
        assertThat(outcome(first)).isInstanceOf(Outcome.Accepted.class);
        assertThat(outcome(closures.submit(closure("444444444444")))).isInstanceOf(Outcome.Conflict.class);
        assertThat(published).hasSize(1);
    }

    private static Intake.Attempt closure(String account) {
        return new Intake.Attempt(RequestKind.ACCOUNT_CLOSURE, REQUESTER, Map.of("account", account, "reason", "not needed"), null, "sha",
                true);
    }

    /** Another instance: its own view and intake, the same claims (as the claims topic is shared). */
    private Projection otherView;

    private Intake otherInstance() {
        return otherInstance(claims);
    }

    private Intake otherInstance(ClaimLedger ledger) {
        otherView = new Projection();
        otherView.markCaughtUp();
        return new Intake(new RequestRules(List.of(Bodies.DOMAIN), List.of("GDS"), List.of("GDS"), 50, 10), otherView, this::publish,
                ledger, NO_ORGANISATION, Duration.ofSeconds(5), HOLD, CLOCK, () -> "other-" + ids.incrementAndGet());
    }

    private static Intake.Attempt account(String name, String key) {
        return new Intake.Attempt(RequestKind.NEW_ACCOUNT, REQUESTER, Bodies.account(name), key, "sha", false);
    }

    @Test
    void aNameClaimedOnOneInstanceIsRefusedOnTheOtherBeforeAndAfterItIsPublished() {
        Intake other = otherInstance();
        CompletionStage<Outcome> first = intake.submit(account("pay-staging", null));
        assertThat(outcome(other.submit(account("pay-staging", null)))).isEqualTo(
                new Outcome.Invalid(List.of(new FieldError("name", "is already taken by another account or request"))));
        acks.get(0).complete(null);
        assertThat(outcome(first)).isInstanceOf(Outcome.Accepted.class);
        assertThat(outcome(other.submit(account("pay-staging", null)))).isInstanceOf(Outcome.Invalid.class);
        assertThat(published).hasSize(1);
    }

    @Test
    void aRepeatOnTheOtherInstanceWaitsForTheFirstRequestInItsViewAndAnswersWithIt() {
        Intake other = otherInstance();
        CompletionStage<Outcome> first = intake.submit(attempt("k", "sha-1"));
        CompletionStage<Outcome> repeat = other.submit(attempt("k", "sha-1"));
        CompletionStage<Outcome> reused = other.submit(attempt("k", "sha-2"));
        acks.get(0).complete(null);
        assertThat(outcome(first)).isInstanceOf(Outcome.Accepted.class);
        assertThat(repeat.toCompletableFuture()).isNotDone();

        otherView.apply(published.get(0));

        String requestId = published.get(0).requestId();
        assertThat(outcome(repeat)).isEqualTo(new Outcome.Existing(requestId, RequestKind.USER_ACCESS));
        assertThat(outcome(reused)).isEqualTo(new Outcome.KeyReused(requestId));
        assertThat(published).hasSize(1);
    }

    /**
     * Repeats of one request (one key, one body) racing on two instances: only the key's winner claims the name. Were
     * every attempt to claim both, the claims on the key and on the name (two partitions) could be ordered differently,
     * one attempt winning the key and another the name, and neither would publish (RequestIntakeTest's race saw seven
     * 503s and a 400 under load).
     */
    @Test
    void aRepeatThatLosesTheKeyNeverClaimsTheNameSoTheKeysWinnerPublishes() {
        List<String> claimedByTheRepeat = new ArrayList<>();
        Intake other = otherInstance(new ClaimsInMemory(claims.claims) {
            @Override
            public CompletionStage<Void> claim(List<Claim> mine) {
                mine.forEach(claim -> claimedByTheRepeat.add(claim.key()));
                return super.claim(mine);
            }
        });
        Instant now = CLOCK.instant();
        String key = Claim.idempotencyKey(REQUESTER, "k");
        claims.claim(List.of(new Claim(key, "winner-of-the-key", "sha", now)));
        CompletionStage<Outcome> repeat = other.submit(account("pay-staging", "k"));
        assertThat(repeat.toCompletableFuture()).isNotDone();
        assertThat(claimedByTheRepeat).containsExactly(key);
        assertThat(published).isEmpty();

        claims.release(List.of(new Claim(key, "winner-of-the-key", "sha", now)));
        CompletionStage<Outcome> first = intake.submit(account("pay-staging", "k"));
        acks.get(0).complete(null);
        assertThat(outcome(first)).isInstanceOf(Outcome.Accepted.class);
        assertThat(claims.claims.of(Claim.accountName("pay-staging"))).extracting(Claim::requestId)
                .containsExactly(published.get(0).requestId());
    }

    @Test
    void aDeadClaimHoldsNothingAndAReleasedOneIsGone() {
        Instant now = CLOCK.instant();
        claims.claim(List.of(new Claim(Claim.accountName("pay-staging"), "dead", "sha", now.minus(HOLD))));
        CompletionStage<Outcome> taken = intake.submit(account("pay-staging", "k"));
        acks.get(0).complete(null);
        assertThat(outcome(taken)).isInstanceOf(Outcome.Accepted.class);

        Claim live = new Claim(Claim.accountName("pay-prod"), "elsewhere", "sha", now);
        claims.claim(List.of(live));
        assertThat(outcome(intake.submit(account("pay-prod", null)))).isInstanceOf(Outcome.Invalid.class);
        claims.release(List.of(live));
        CompletionStage<Outcome> freed = intake.submit(account("pay-prod", null));
        acks.get(1).complete(null);
        assertThat(outcome(freed)).isInstanceOf(Outcome.Accepted.class);
        assertThat(claims.claims.of(Claim.accountName("pay-prod"))).extracting(Claim::requestId)
                .containsExactly(published.get(1).requestId());
    }

    @Test
    void aClaimerThatCouldNotDecideWithinThePublishTimeoutGivesUpAndReleasesItsClaims() {
        MovableClock moving = new MovableClock(CLOCK);
        ClaimsInMemory slow = new ClaimsInMemory(new Claims(moving, HOLD)) {
            @Override
            public CompletionStage<Map<String, List<Claim>>> read(java.util.Collection<String> keys) {
                moving.moveOn(Duration.ofSeconds(6));
                return super.read(keys);
            }
        };
        Intake late = new Intake(new RequestRules(List.of(Bodies.DOMAIN), List.of("GDS"), List.of("GDS"), 50, 10), projection,
                this::publish, slow, NO_ORGANISATION, Duration.ofSeconds(5), HOLD, moving, () -> "id-" + ids.incrementAndGet());
        assertThat(outcome(late.submit(account("pay-staging", "k")))).isInstanceOf(Outcome.Unavailable.class);
        assertThat(published).isEmpty();
        assertThat(slow.claims.of(Claim.accountName("pay-staging"))).isEmpty();
        assertThat(slow.claims.of(Claim.idempotencyKey(REQUESTER, "k"))).isEmpty();
    }

    private static Outcome outcome(CompletionStage<Outcome> stage) {
        CompletableFuture<Outcome> future = stage.toCompletableFuture();
        assertThat(future).isDone();
        return future.join();
    }
}
