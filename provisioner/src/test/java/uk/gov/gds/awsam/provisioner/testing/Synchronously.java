package uk.gov.gds.awsam.provisioner.testing;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import uk.gov.gds.awsam.provisioner.domain.AwsPolicy;
import uk.gov.gds.awsam.provisioner.domain.CrashPoints;
import uk.gov.gds.awsam.provisioner.domain.GdsUsers;
import uk.gov.gds.awsam.provisioner.domain.Journal;
import uk.gov.gds.awsam.provisioner.domain.PollPolicy;
import uk.gov.gds.awsam.provisioner.domain.Run;
import uk.gov.gds.awsam.provisioner.domain.Waiting;
import uk.gov.gds.awsam.testsupport.MovableClock;

/**
 * The domain's passes run one after another on the test's thread, with a clock the waits advance instead of
 * time passing: what the provisioner's worker pool and timers do, without waiting.
 */
public final class Synchronously {

    /** When the tests' runs start. */
    public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final MovableClock clock = MovableClock.at(START);
    private int waits;

    public Run run() {
        return new Run("request-1", "cause-1", clock);
    }

    /** Runs passes until one finishes (or fails); each wait moves the clock on by its delay. */
    public <T> T untilDone(Run run, Supplier<T> pass) {
        try {
            for (int i = 0; i < 10_000; i++) {
                run.startPass();
                try {
                    return pass.get();
                } catch (Waiting waiting) {
                    waits++;
                    clock.moveOn(waiting.delay().plusMillis(1));
                }
            }
            throw new AssertionError("the work never finished");
        } finally {
            run.end();
        }
    }

    /** Runs a handling's passes until one finishes (or fails), with a new run. */
    public <T> T untilDone(java.util.function.Function<Run, T> pass) {
        Run run = run();
        return untilDone(run, () -> pass.apply(run));
    }

    public int waits() {
        return waits;
    }

    /** The policy of the tests: {@code maxAttempts} in a row, short delays, half a second for AWS to settle. */
    public static AwsPolicy policy(int maxAttempts) {
        return new AwsPolicy(maxAttempts, new AwsPolicy.Schedule(Duration.ofMillis(5), Duration.ofMillis(20)),
                new PollPolicy(Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofMillis(500)), Duration.ofDays(1), CrashPoints.NONE);
    }

    public static PollPolicy poll() {
        return new PollPolicy(Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofMillis(500));
    }

    /** gds-users where everyone asked about has an IAM user (and nothing else is asked). */
    public static GdsUsers everyoneHasAUser(String gdsUsersAccountId) {
        return (GdsUsers) Proxy.newProxyInstance(GdsUsers.class.getClassLoader(), new Class<?>[] { GdsUsers.class }, (proxy, method, args) -> {
            if (method.getName().equals("user")) {
                return Optional.of(new GdsUsers.IamUser((String) args[0], "arn:aws:iam::" + gdsUsersAccountId + ":user/" + args[0], Map.of()));
            }
            throw new UnsupportedOperationException(method.getName());
        });
    }

    /** A journal in memory. */
    public static final class MemoryJournal implements Journal {
        private final Map<String, RemovalPlan> plans = new HashMap<>();
        private final Map<String, Boolean> passwords = new HashMap<>();

        @Override
        public Optional<RemovalPlan> removalPlan(String requestId, String userName) {
            return Optional.ofNullable(plans.get(requestId + "/" + userName));
        }

        @Override
        public void recordRemovalPlan(String requestId, RemovalPlan plan) {
            plans.put(requestId + "/" + plan.userName(), plan);
        }

        @Override
        public boolean setsPassword(String requestId, String userName) {
            return passwords.containsKey(requestId + "/" + userName);
        }

        @Override
        public void recordSettingPassword(String requestId, String userName) {
            passwords.put(requestId + "/" + userName, true);
        }

        @Override
        public void forget(String requestId, String userName) {
            plans.remove(requestId + "/" + userName);
            passwords.remove(requestId + "/" + userName);
        }
    }
}
