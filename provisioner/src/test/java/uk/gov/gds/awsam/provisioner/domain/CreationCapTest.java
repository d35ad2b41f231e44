package uk.gov.gds.awsam.provisioner.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.provisioner.client.JacksonJson;
import uk.gov.gds.awsam.provisioner.domain.Organizations.CreateAccountStatus.State;
import uk.gov.gds.awsam.provisioner.domain.Organizations.CreateAccountStatus;
import uk.gov.gds.awsam.provisioner.testing.Synchronously;

/**
 * No more account creations are in flight at once than configured; another request waits (its pass ends, no
 * thread held) until a creation finishes, and a creation slot is given back however a handling ends.
 */
class CreationCapTest {

    private final List<String> created = new ArrayList<>();
    private final Set<String> finished = new HashSet<>();
    private final CreationSlots slots = new CreationSlots(2);
    private final Synchronously clock = new Synchronously();
    private final AwsPolicy policy = Synchronously.policy(3);
    private final AccountProvisioning provisioning = new AccountProvisioning(organizations(), members(),
            Synchronously.everyoneHasAUser("622626885786"), slots, policy, Synchronously.poll(), Synchronously.poll(), Synchronously.poll(),
            new AuditRoles(members(), policy, new TrustPolicy(new JacksonJson()), Synchronously.poll(), "aws-accounts-audit", () -> "arn:aws:iam::1:role/org-admin-access"));

    @Test
    void aCreationBeyondTheCapWaitsForAFreeSlotWithoutHoldingAThread() {
        Run one = new Run("one", "c1", java.time.Clock.systemUTC());
        Run two = new Run("two", "c2", java.time.Clock.systemUTC());
        Run three = new Run("three", "c3", java.time.Clock.systemUTC());

        assertWaits(one, "one", "AWS to finish creating the account");
        assertWaits(two, "two", "AWS to finish creating the account");
        assertWaits(three, "three", "a free account creation slot");
        assertThat(created).containsExactly("one", "two");
        assertThat(slots.inFlight()).isEqualTo(2);

        finished.add("car-one");
        assertThat(provisioning.provision(one, spec("one")).createAccountRequestId()).isEqualTo("car-one");
        assertWaits(three, "three", "AWS to finish creating the account");
        assertThat(created).containsExactly("one", "two", "three");

        two.end();
        three.end();
        assertThat(slots.inFlight()).isZero();
    }

    private void assertWaits(Run run, String name, String waitingFor) {
        assertThatThrownBy(() -> provisioning.provision(run, spec(name))).isInstanceOfSatisfying(Waiting.class,
                waiting -> assertThat(waiting.waitingFor()).isEqualTo(waitingFor));
    }

    private Organizations organizations() {
        return new Organizations() {
            @Override
            public List<OrgAccount> accounts() {
                return List.of();
            }

            @Override
            public Map<String, String> tags(String accountId) {
                return Map.of();
            }

            @Override
            public void tag(String accountId, Map<String, String> tags) {
                throw new AssertionError("nothing to claim");
            }

            @Override
            public CreateAccountStatus createAccount(AccountSpec spec, Map<String, String> extraTags) {
                created.add(spec.name());
                return new CreateAccountStatus("car-" + spec.name(), State.IN_PROGRESS, null, null, spec.name());
            }

            @Override
            public CreateAccountStatus createAccountStatus(String id) {
                return finished.contains(id) ? new CreateAccountStatus(id, State.SUCCEEDED, "111122223333", null, null)
                        : new CreateAccountStatus(id, State.IN_PROGRESS, null, null, null);
            }

            @Override
            public List<CreateAccountStatus> creations(List<State> states) {
                return List.of();
            }

            @Override
            public String parentOf(String accountId) {
                throw new AssertionError("no unit asked for");
            }

            @Override
            public void moveAccount(String accountId, String from, String to) {
                throw new AssertionError("no unit asked for");
            }

            @Override
            public String managementAccountId() {
                throw new AssertionError("no closure");
            }

            @Override
            public Optional<OrgAccount> account(String accountId) {
                throw new AssertionError("no closure");
            }

            @Override
            public void closeAccount(String accountId) {
                throw new AssertionError("no closure");
            }
        };
    }

    private static MemberAccounts members() {
        return (accountId, roleName) -> new MemberAccounts.MemberAccount() {
            @Override
            public Optional<MemberAccounts.Role> role(String name) {
                return Optional.of(new MemberAccounts.Role("arn:aws:iam::" + accountId + ":role/" + name,
                        name.equals("aws-accounts-audit") ? "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                                + "{\"AWS\":\"arn:aws:iam::1:role/org-admin-access\"},\"Action\":\"sts:AssumeRole\"}]}" : "{}"));
            }

            @Override
            public boolean rootMfaEnabled() {
                return false;
            }

            @Override
            public void updateTrustPolicy(String name, String policy) {
            }

            @Override
            public void createRole(String name, String trust, String description) {
            }

            @Override
            public void putRolePolicy(String name, String policyName, String document) {
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
