package uk.gov.gds.awsam.provisioner.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.events.RequestWaiting;
import uk.gov.gds.awsam.events.ResumableStage;
import uk.gov.gds.awsam.provisioner.domain.AccountClosure;
import uk.gov.gds.awsam.provisioner.domain.Waiting;

/** Which closures are put down, and which queued closures are due, from the provisioner's own events. */
class QueuedClosuresTest {

    private static final Instant T0 = Instant.parse("2026-12-07T02:00:00Z");
    private static final Duration HOLD = Duration.ofMinutes(5);
    private static final Duration UNKNOWN_AFTER = Duration.ofMinutes(1);

    private final QueuedClosures queue = new QueuedClosures();

    @Test
    void aClosureQueuedForLongerThanTheHoldOrForATimeNotKnownIsPutDownAShortWaitWaitsInPlaceUpToTheHold() {
        Waiting quota = wait(AccountClosure.QUOTA_WAIT);

        assertThat(QueuedClosures.putsDown(quota.queued(T0.plus(Duration.ofDays(3))), Duration.ZERO, T0, HOLD, HOLD)).isTrue();
        assertThat(QueuedClosures.putsDown(quota.queued(null), Duration.ZERO, T0, HOLD, HOLD)).as("until not known").isTrue();
        assertThat(QueuedClosures.putsDown(quota.queued(T0.plus(HOLD)), Duration.ZERO, T0, HOLD, HOLD)).isFalse();
        Waiting inFlight = wait(AccountClosure.IN_FLIGHT_WAIT).queued(T0.plusSeconds(30));
        assertThat(QueuedClosures.putsDown(inFlight, Duration.ofMinutes(1), T0, HOLD, HOLD)).isFalse();
        assertThat(QueuedClosures.putsDown(inFlight, HOLD, T0, HOLD, HOLD)).as("waited in place as long as the hold").isTrue();
        assertThat(QueuedClosures.putsDown(quota, HOLD, T0, HOLD, HOLD)).as("not queued").isFalse();
        assertThat(QueuedClosures.putsDown(new Waiting(Duration.ofDays(3), ResumableStage.CREATE_ACCOUNT, AccountClosure.QUOTA_WAIT, "x", "y",
                true).queued(null), HOLD, T0, HOLD, HOLD)).as("only closures").isFalse();
    }

    @Test
    void anAcceptedClosureFollowedInPlaceAsLongAsTheFollowHoldIsPutDown() {
        Waiting follow = new Waiting(Duration.ofSeconds(30), ResumableStage.CLOSE_ACCOUNT, "suspended:123456789012",
                "AWS to finish closing the account", "account 123456789012 is PENDING_CLOSURE", true);
        Duration followHold = Duration.ofMinutes(3);

        assertThat(QueuedClosures.putsDown(follow, Duration.ofMinutes(1), T0, HOLD, followHold)).isFalse();
        assertThat(QueuedClosures.putsDown(follow, followHold, T0, HOLD, followHold)).isTrue();
        assertThat(QueuedClosures.putsDown(follow, Duration.ZERO, T0, HOLD, Duration.ZERO)).as("the job's look: put down at once").isTrue();
        assertThat(QueuedClosures.putsDown(new Waiting(Duration.ofSeconds(30), ResumableStage.CREATE_ACCOUNT, "suspended:123456789012", "x",
                "y", true), followHold, T0, HOLD, followHold)).as("only closures").isFalse();
    }

    @Test
    void anAcceptedClosureIsFollowedEveryLookIntervalUntilClosedOrFailedAfterItsClosing() {
        queue.closing("followed", "closing-1", T0);
        queue.closing("closed", "closing-2", T0);
        queue.settled("closed", T0.plusSeconds(1));
        queue.settled("failed-then-retried", T0);
        queue.closing("failed-then-retried", "closing-3", T0.plusSeconds(5));

        assertThat(queue.due(T0.plusSeconds(30), UNKNOWN_AFTER)).isEmpty();
        assertThat(queue.due(T0.plus(Duration.ofMinutes(10)), UNKNOWN_AFTER)).containsExactly(
                new QueuedClosures.Queued("followed", "closing-1", T0, null, true),
                new QueuedClosures.Queued("failed-then-retried", "closing-3", T0.plusSeconds(5), null, true));
        queue.settled("followed", T0.plus(Duration.ofMinutes(11)));
        assertThat(queue.due(T0.plus(Duration.ofMinutes(12)), UNKNOWN_AFTER)).extracting(QueuedClosures.Queued::requestId)
                .containsExactly("failed-then-retried");
    }

    @Test
    void aQueuedClosureIsDueWhenItsUntilHasPassedOrWhenNotKnownAfterALookInterval() {
        queue.waiting(waiting("r1", "merged-1", AccountClosure.QUOTA_WAIT, T0, T0.plus(Duration.ofDays(2))));
        queue.waiting(waiting("r2", "merged-2", AccountClosure.QUOTA_WAIT, T0, null));

        assertThat(queue.due(T0, UNKNOWN_AFTER)).isEmpty();
        assertThat(queue.due(T0.plus(UNKNOWN_AFTER), UNKNOWN_AFTER)).extracting(QueuedClosures.Queued::requestId).containsExactly("r2");
        assertThat(queue.due(T0.plus(Duration.ofDays(2)), UNKNOWN_AFTER)).containsExactly(
                new QueuedClosures.Queued("r2", "merged-2", T0, null, false),
                new QueuedClosures.Queued("r1", "merged-1", T0, T0.plus(Duration.ofDays(2)), false));
    }

    @Test
    void aClosureIsNoLongerQueuedOnceClosingClosedOrFailedAfterItsWaitWhateverOrderTheTopicsAreReadIn() {
        Instant later = T0.plusSeconds(60);
        queue.closing("closing", "m", later);
        queue.waiting(waiting("closing", "m", AccountClosure.QUOTA_WAIT, T0, T0));
        queue.waiting(waiting("failed-before", "retry", AccountClosure.IN_FLIGHT_WAIT, later, later));
        queue.settled("failed-before", T0);

        assertThat(queue.due(later, UNKNOWN_AFTER)).extracting(QueuedClosures.Queued::requestId).containsExactly("failed-before");
    }

    @Test
    void theLatestQueuedWaitOfARequestCountsAndOtherWaitsAreNotQueuedClosures() {
        queue.waiting(waiting("r", "retry", AccountClosure.QUOTA_WAIT, T0.plusSeconds(10), T0.plusSeconds(20)));
        queue.waiting(waiting("r", "merged", AccountClosure.QUOTA_WAIT, T0, T0));
        queue.waiting(waiting("following", "m", "suspended:123456789012", T0, T0));
        RequestWaiting notDerived = waiting("other-id", "m", AccountClosure.QUOTA_WAIT, T0, T0);
        notDerived.setEventId("11111111-1111-1111-1111-111111111111");
        queue.waiting(notDerived);

        assertThat(queue.due(T0.plusSeconds(20), UNKNOWN_AFTER)).containsExactly(
                new QueuedClosures.Queued("r", "retry", T0.plusSeconds(10), T0.plusSeconds(20), false));
    }

    @Test
    void aQuotaWaitIsSaidAgainWhenItsEndMovesAndTheLatestCountsOtherWaitsKeepOneId() {
        String stage = ResumableStage.CLOSE_ACCOUNT.name();
        Instant until = T0.plusNanos(123_456_789);
        assertThat(ProvisionerEvents.waitingId("m", stage, AccountClosure.QUOTA_WAIT, until))
                .as("to the millisecond, as published and read back")
                .isEqualTo(ProvisionerEvents.waitingId("m", stage, AccountClosure.QUOTA_WAIT, until.truncatedTo(ChronoUnit.MILLIS)))
                .isNotEqualTo(ProvisionerEvents.waitingId("m", stage, AccountClosure.QUOTA_WAIT, until.plusSeconds(1)))
                .isNotEqualTo(ProvisionerEvents.waitingId("m", stage, AccountClosure.QUOTA_WAIT, null));
        assertThat(ProvisionerEvents.waitingId("m", stage, AccountClosure.IN_FLIGHT_WAIT, T0))
                .isEqualTo(ProvisionerEvents.waitingId("m", stage, AccountClosure.IN_FLIGHT_WAIT, T0.plusSeconds(30)));

        queue.waiting(waiting("r", "m", AccountClosure.QUOTA_WAIT, T0, T0.plusSeconds(10)));
        queue.waiting(waiting("r", "m", AccountClosure.QUOTA_WAIT, T0.plusSeconds(10), T0.plus(Duration.ofDays(1))));

        assertThat(queue.due(T0.plusSeconds(20), UNKNOWN_AFTER)).as("queued again for a later end").isEmpty();
        assertThat(queue.due(T0.plus(Duration.ofDays(1)), UNKNOWN_AFTER)).extracting(QueuedClosures.Queued::requestId).containsExactly("r");
    }

    private static Waiting wait(String key) {
        return new Waiting(Duration.ofSeconds(30), ResumableStage.CLOSE_ACCOUNT, key, "the closure quota", "the quota", true);
    }

    private static RequestWaiting waiting(String requestId, String causeId, String key, Instant at, Instant until) {
        return RequestWaiting.newBuilder()
                .setEventId(ProvisionerEvents.waitingId(causeId, ResumableStage.CLOSE_ACCOUNT.name(), key, until))
                .setRequestId(requestId).setOccurredAt(at).setCausationId(causeId).setStage(ResumableStage.CLOSE_ACCOUNT.name())
                .setWaitingFor("the closure quota").setReason("the quota").setUntil(until).build();
    }
}
