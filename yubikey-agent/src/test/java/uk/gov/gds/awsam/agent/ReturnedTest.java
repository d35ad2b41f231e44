package uk.gov.gds.awsam.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.gov.gds.awsam.agent.AgentFixture.KEY_A;
import static uk.gov.gds.awsam.agent.AgentFixture.KEY_B;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.gov.gds.awsam.agent.domain.Outcome;
import uk.gov.gds.awsam.events.Envelope;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.RootMfaRequested;
import uk.gov.gds.awsam.events.RootSecured;
import uk.gov.gds.awsam.events.YubikeysReturned;
import uk.gov.gds.awsam.testsupport.SampleEvents;

/** {@code returned}: the keys back in the safe, against the real broker and the fake ykman. */
class ReturnedTest {

    private static final Duration SETTLE = Duration.ofSeconds(1);

    @TempDir
    Path dir;
    AgentFixture agent;
    RootMfaRequested requested;

    @BeforeEach
    void aSeededTask() {
        agent = new AgentFixture(dir);
        requested = agent.requestRootMfa();
        agent.events.publish(SampleEvents.rootMfaSeeded(agent.requestId).setAccountId(agent.accountId)
                .setYubikeySerials(List.of(KEY_A, KEY_B)).build(), "yubikey-agent");
    }

    @Test
    void theKeysBackInTheSafePublishYubikeysReturned() {
        RootSecured secured = SampleEvents.rootSecured(agent.requestId).setAccountId(agent.accountId).build();
        agent.events.publish(secured, "provisioner");
        agent.ykman.remove(KEY_A).remove(KEY_B);
        ScriptedTerminal terminal = new ScriptedTerminal().on("Are both YubiKeys (11111111, 22222222) locked back in the safe?", "y");

        assertThat(agent.returned(terminal).run(agent.requestId)).isEqualTo(Outcome.PUBLISHED);

        YubikeysReturned returned = agent.events.awaitOne(YubikeysReturned.class, agent.requestId);
        assertThat(returned.getYubikeySerials()).containsExactly(KEY_A, KEY_B);
        assertThat(returned.getEngineer()).isEqualTo(AgentFixture.ENGINEER);
        assertThat(returned.getAccountId()).isEqualTo(agent.accountId);
        assertThat(returned.getCausationId()).isEqualTo(secured.getEventId());
        assertThat(returned.getEventId()).isEqualTo(Envelope.derivedEventId(requested.getEventId(), EventType.YUBIKEYS_RETURNED));

        ScriptedTerminal again = new ScriptedTerminal();
        assertThat(agent.returned(again).run(agent.requestId)).isEqualTo(Outcome.ALREADY_DONE);
        assertThat(again.transcript()).contains("were already recorded as returned by " + AgentFixture.ENGINEER);
        agent.events.assertExactly(YubikeysReturned.class, agent.requestId, 1, SETTLE);
    }

    @Test
    void aKeyStillConnectedIsNotInTheSafe() {
        agent.events.publish(SampleEvents.rootSecured(agent.requestId).setAccountId(agent.accountId).build(), "provisioner");
        agent.ykman.remove(KEY_A);
        ScriptedTerminal terminal = new ScriptedTerminal();

        assertThat(agent.returned(terminal).run(agent.requestId)).isEqualTo(Outcome.FAILED);

        assertThat(terminal.transcript()).contains("YubiKey 22222222 is still connected to this computer, so it is not in the safe.");
        agent.events.assertNonePublished(YubikeysReturned.class, agent.requestId, SETTLE);
    }

    @Test
    void beforeRootSecuredTheEngineerMustSayToGoOn() {
        agent.ykman.remove(KEY_A).remove(KEY_B);
        ScriptedTerminal declined = new ScriptedTerminal().on("Record the keys as returned anyway?", "n");
        assertThat(agent.returned(declined).run(agent.requestId)).isEqualTo(Outcome.FAILED);
        assertThat(declined.transcript()).contains("The provisioner has not secured the account yet (no RootSecured).");
        agent.events.assertNonePublished(YubikeysReturned.class, agent.requestId, SETTLE);

        ScriptedTerminal accepted = new ScriptedTerminal().on("Record the keys as returned anyway?", "y").on("locked back in the safe", "y");
        assertThat(agent.returned(accepted).run(agent.requestId)).isEqualTo(Outcome.PUBLISHED);
        assertThat(agent.events.awaitOne(YubikeysReturned.class, agent.requestId).getCausationId())
                .isEqualTo(SampleEvents.eventId(agent.requestId, EventType.ROOT_MFA_SEEDED));
    }

    @Test
    void keysNotYetSeededCannotBeReturned() {
        AgentFixture unseeded = new AgentFixture(dir.resolve("unseeded"));
        unseeded.requestRootMfa();
        ScriptedTerminal terminal = new ScriptedTerminal();
        assertThat(unseeded.returned(terminal).run(unseeded.requestId)).isEqualTo(Outcome.FAILED);
        assertThat(terminal.transcript()).contains("has not been seeded yet (no RootMfaSeeded): run `yubikey-agent seed " + unseeded.requestId);
    }
}
