package uk.gov.gds.awsam.provisioner.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.contract.AwsErrorCodes.Kind;
import uk.gov.gds.awsam.events.ResumableStage;
import uk.gov.gds.awsam.provisioner.domain.CrashPoints.Write;
import uk.gov.gds.awsam.provisioner.testing.Synchronously;
import uk.gov.gds.awsam.testsupport.MovableClock;

/** The provisioner's one policy for AWS: what each disposition leads to, and that no wait holds the thread. */
class AwsPolicyTest {

    private final Synchronously passes = new Synchronously();
    private final List<Write> crashPointsReached = new ArrayList<>();
    private final AwsPolicy policy = new AwsPolicy(4, new AwsPolicy.Schedule(Duration.ofMillis(100), Duration.ofMillis(300)),
            new PollPolicy(Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ofSeconds(30)), Duration.ofSeconds(20),
            (write, subject) -> crashPointsReached.add(write));

    @Test
    void aFailureThatMayPassEndsThePassWithAGrowingBackOffAndFailsRetryablyAfterTheLimit() {
        Run run = passes.run();
        AtomicInteger calls = new AtomicInteger();
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> policy.call(run, ResumableStage.CREATE_USER, () -> {
                calls.incrementAndGet();
                throw new AwsCallFailed(Kind.THROTTLED, "GetUser", "Throttling", "Rate exceeded");
            })).isInstanceOfSatisfying(Waiting.class, waiting -> {
                assertThat(waiting.announce()).isFalse();
                delays.add(waiting.delay());
            });
        }
        assertThatThrownBy(() -> policy.call(run, ResumableStage.CREATE_USER, () -> {
            throw new AwsCallFailed(Kind.THROTTLED, "GetUser", "Throttling", "Rate exceeded");
        })).isInstanceOfSatisfying(StepFailed.class, failed -> {
            assertThat(failed.retryable()).isTrue();
            assertThat(failed.attempt()).isEqualTo(4);
            assertThat(failed.whatNext()).isEqualTo(StepFailed.RETRY_LATER);
        });
        assertThat(delays.get(0)).isBetween(Duration.ofMillis(80), Duration.ofMillis(100));
        assertThat(delays.get(1)).isBetween(Duration.ofMillis(160), Duration.ofMillis(200));
        assertThat(delays.get(2)).isBetween(Duration.ofMillis(240), Duration.ofMillis(300));
    }

    @Test
    void freshCredentialsAreRetriedAndAPrincipalStillPropagatingIsWaitedForAndAnnounced() {
        Run run = passes.run();
        assertThatThrownBy(() -> policy.call(run, ResumableStage.SECURE_ROOT, () -> {
            throw new AwsCallFailed(Kind.FRESH_CREDENTIALS, "GetRole", "InvalidClientTokenId", "The security token included in the request is invalid.");
        })).isInstanceOf(Waiting.class);
        assertThatThrownBy(() -> policy.call(run, ResumableStage.SECURE_ROOT, () -> {
            throw new AwsCallFailed(Kind.PRINCIPAL_PROPAGATING, "UpdateAssumeRolePolicy", "MalformedPolicyDocument", "Invalid principal");
        })).isInstanceOfSatisfying(Waiting.class, waiting -> {
            assertThat(waiting.announce()).isTrue();
            assertThat(waiting.delay()).isBetween(Duration.ofMillis(800), Duration.ofSeconds(1));
        });
    }

    @Test
    void exactlyWhatTheContractCallsRetryableIsRetriedAndOnlyTheSettlingKindsAreWaitedFor() {
        List<Kind> waitedFor = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            AwsCallFailed failed = new AwsCallFailed(kind, "GetUser", "code", "message");
            assertThat(failed.disposition() == AwsCallFailed.Disposition.RETRY).as(kind.name()).isEqualTo(kind.retryable());
            if (failed.disposition() == AwsCallFailed.Disposition.WAIT) {
                waitedFor.add(kind);
            }
        }
        assertThat(waitedFor).containsExactlyInAnyOrder(Kind.PRINCIPAL_PROPAGATING, Kind.TEMPORARILY_UNMODIFIABLE);
    }

    @Test
    void aFailureThatWillNotPassGoesToTheCallerAsItIs() {
        AwsCallFailed refused = new AwsCallFailed(Kind.REFUSED, "CreateUser", "ValidationError", "bad name");

        assertThatThrownBy(() -> policy.call(passes.run(), ResumableStage.CREATE_USER, () -> {
            throw refused;
        })).isSameAs(refused);
    }

    @Test
    void aPassThatHasHeldItsThreadPastTheBudgetHandsItBackBeforeItsNextCall() {
        MovableClock clock = MovableClock.at(Synchronously.START);
        Run run = new Run("r", "c", clock);
        run.startPass();
        clock.moveOn(Duration.ofSeconds(21));

        assertThatThrownBy(() -> policy.call(run, ResumableStage.REMOVE_USER, () -> "never called"))
                .isInstanceOfSatisfying(Waiting.class, waiting -> assertThat(waiting.delay()).isZero());
        run.startPass();
        assertThat(policy.call(run, ResumableStage.REMOVE_USER, () -> "called")).isEqualTo("called");
    }

    @Test
    void aWriteReachesItsCrashPointOnlyWhenItSucceeded() {
        policy.write(passes.run(), ResumableStage.CREATE_USER, Write.CREATE_USER, "someone", () -> { });
        assertThatThrownBy(() -> policy.write(passes.run(), ResumableStage.CREATE_USER, Write.ADD_USER_TO_GROUP, "someone", () -> {
            throw new AwsCallFailed(Kind.NOT_FOUND, "AddUserToGroup", "NoSuchEntity", "no group");
        })).isInstanceOf(AwsCallFailed.class);

        assertThat(crashPointsReached).containsExactly(Write.CREATE_USER);
    }
}
