package uk.gov.gds.awsam.provisioner.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.provisioner.domain.Organizations.CreateAccountStatus;
import uk.gov.gds.awsam.provisioner.domain.Organizations.CreateAccountStatus.State;

/** No more account creations are in flight at once than configured; the others wait for a slot. */
class CreationCapTest {

    private final AtomicInteger created = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private final Map<String, CountDownLatch> finish = new ConcurrentHashMap<>();

    @Test
    void creationsBeyondTheCapWaitUntilOneFinishes() throws Exception {
        CreationSlots slots = new CreationSlots(2);
        AccountProvisioning provisioning = new AccountProvisioning(organizations(), members(), slots,
                new Retrier(3, new Backoff(Duration.ZERO, Duration.ZERO), d -> { }),
                new PollPolicy(Duration.ZERO, Duration.ZERO, Duration.ofMinutes(1)),
                new PollPolicy(Duration.ZERO, Duration.ZERO, Duration.ofMinutes(1)));
        ExecutorService requests = Executors.newFixedThreadPool(3);
        try {
            List<Future<ProvisionedAccount>> results = List.of(
                    requests.submit(() -> provisioning.provision(spec("one"))),
                    requests.submit(() -> provisioning.provision(spec("two"))),
                    requests.submit(() -> provisioning.provision(spec("three"))));

            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> created.get() == 2);
            Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> created.get() == 2);
            assertThat(slots.inFlight()).isEqualTo(2);

            finish.values().iterator().next().countDown();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> created.get() == 3);
            finish.values().forEach(CountDownLatch::countDown);

            for (Future<ProvisionedAccount> result : results) {
                assertThat(result.get(10, TimeUnit.SECONDS).createAccountRequestId()).startsWith("car-");
            }
            assertThat(mostInFlight.get()).isEqualTo(2);
            assertThat(slots.inFlight()).isZero();
        } finally {
            finish.values().forEach(CountDownLatch::countDown);
            requests.shutdownNow();
        }
    }

    private Organizations organizations() {
        return new Organizations() {
            @Override
            public List<OrgAccount> accounts() {
                return List.of();
            }

            @Override
            public CreateAccountStatus createAccount(AccountSpec spec) {
                String id = "car-" + spec.name();
                finish.put(id, new CountDownLatch(1));
                created.incrementAndGet();
                mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                return new CreateAccountStatus(id, State.IN_PROGRESS, null, null);
            }

            @Override
            public CreateAccountStatus createAccountStatus(String id) {
                try {
                    finish.get(id).await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                inFlight.decrementAndGet();
                return new CreateAccountStatus(id, State.SUCCEEDED, "1111" + Math.abs(id.hashCode() % 100_000_000), null);
            }

            @Override
            public String parentOf(String accountId) {
                throw new AssertionError("no unit asked for");
            }

            @Override
            public void moveAccount(String accountId, String from, String to) {
                throw new AssertionError("no unit asked for");
            }
        };
    }

    private static MemberAccounts members() {
        return (accountId, roleName) -> new MemberAccounts.MemberAccount() {
            @Override
            public Optional<MemberAccounts.Role> role(String name) {
                return Optional.of(new MemberAccounts.Role("arn:aws:iam::" + accountId + ":role/" + name, "{}"));
            }

            @Override
            public boolean rootMfaEnabled() {
                return false;
            }

            @Override
            public void updateTrustPolicy(String name, String policy) {
            }

            @Override
            public void close() {
            }
        };
    }

    private static AccountSpec spec(String name) {
        return new AccountSpec(name, "aws-root+" + name + "@example.gov.uk", "bootstrap", "ALLOW", null, Map.of(), List.of("a@example.gov.uk"));
    }
}
