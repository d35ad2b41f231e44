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
import uk.gov.gds.awsam.agent.domain.TaskReport;
import uk.gov.gds.awsam.agent.messaging.KafkaTaskLog;
import uk.gov.gds.awsam.events.AccountClosed;
import uk.gov.gds.awsam.events.Envelope;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.RootMfaRemoved;

/**
 * {@code remove}: a closed account's root MFA credential deleted from both keys, checked, the keys back in the safe,
 * RootMfaRemoved once; against the real broker and the fake ykman (which answers {@code oath accounts delete} as ykman 5).
 */
class RemoveTest {

    private static final Duration SETTLE = Duration.ofSeconds(1);
    private static final String OTHER = "GitHub:someone-else";

    @TempDir
    Path dir;
    AgentFixture agent;
    AccountClosed closed;

    @BeforeEach
    void aClosedAccountWhoseCredentialIsOnBothKeys() {
        agent = new AgentFixture(dir).keysHoldTheCredential();
        agent.ykman.putCredential(KEY_A, OTHER, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        closed = agent.closeAccount();
    }

    @Test
    void theCredentialIsDeletedFromBothKeysCheckedAndRootMfaRemovedPublishedOnce() {
        assertThat(TaskReport.pending(new KafkaTaskLog(agent.connection).rebuild()))
                .contains("    request   " + agent.requestId, "    to remove " + agent.credentialName,
                        "    next      yubikey-agent remove " + agent.requestId);
        ScriptedTerminal terminal = inTheSafe();

        assertThat(agent.remove(terminal).run(agent.accountId, List.of())).isEqualTo(Outcome.PUBLISHED);

        assertThat(agent.ykman.credentials(KEY_A)).containsExactly(OTHER);
        assertThat(agent.ykman.credentials(KEY_B)).isEmpty();
        assertThat(agent.ykman.calls()).filteredOn(call -> call.contains("delete")).containsExactly(
                List.of("--device", KEY_A, "oath", "accounts", "delete", "-f", agent.credentialName),
                List.of("--device", KEY_B, "oath", "accounts", "delete", "-f", agent.credentialName));
        assertThat(terminal.transcript()).contains("✓ deleted from YubiKey 11111111 (safe key A), checked: 1 of 32 OATH slots used now")
                .contains("✓ deleted from YubiKey 22222222 (safe key B), checked: 0 of 64 OATH slots used now")
                .contains("✓ Done: RootMfaRemoved published and acknowledged");
        RootMfaRemoved removed = agent.events.awaitOne(RootMfaRemoved.class, agent.requestId);
        assertThat(removed.getEventId()).isEqualTo(Envelope.derivedEventId(closed.getEventId(), EventType.ROOT_MFA_REMOVED));
        assertThat(removed.getCausationId()).isEqualTo(closed.getEventId());
        assertThat(removed.getAccountId()).isEqualTo(agent.accountId);
        assertThat(removed.getCredentialName()).isEqualTo(agent.credentialName);
        assertThat(removed.getYubikeySerials()).containsExactly(KEY_A, KEY_B);
        assertThat(removed.getEngineer()).isEqualTo(AgentFixture.ENGINEER);

        ScriptedTerminal again = new ScriptedTerminal();
        assertThat(agent.remove(again).run(agent.requestId, List.of())).isEqualTo(Outcome.ALREADY_DONE);
        assertThat(again.transcript()).contains("was already removed by " + AgentFixture.ENGINEER);
        agent.events.assertExactly(RootMfaRemoved.class, agent.requestId, 1, SETTLE);
        assertThat(TaskReport.pending(new KafkaTaskLog(agent.connection).rebuild())).noneMatch(line -> line.contains(agent.requestId));
    }

    @Test
    void aCrashAfterTheDeletionsLeavesCleanKeysThatTheRerunCountsAsDoneAndPublishesOnce() {
        ScriptedTerminal crashed = new ScriptedTerminal(); // the input ends at the safe question, as a crash would
        assertThat(agent.remove(crashed).run(agent.requestId, List.of())).isEqualTo(Outcome.INTERRUPTED);
        assertThat(crashed.transcript()).contains("Interrupted: nothing was published. The credential is gone from: 11111111, 22222222.");
        assertThat(agent.ykman.credentials(KEY_B)).isEmpty();
        agent.events.assertNonePublished(RootMfaRemoved.class, agent.requestId, SETTLE);
        int deletes = deleteCalls();

        ScriptedTerminal rerun = inTheSafe();
        assertThat(agent.remove(rerun).run(agent.requestId, List.of())).isEqualTo(Outcome.PUBLISHED);

        assertThat(rerun.transcript()).contains("✓ YubiKey 11111111 (safe key A) does not hold it: nothing to delete")
                .contains("✓ YubiKey 22222222 (safe key B) does not hold it: nothing to delete");
        assertThat(deleteCalls()).isEqualTo(deletes);
        agent.events.assertExactly(RootMfaRemoved.class, agent.requestId, 1, SETTLE);
    }

    @Test
    void aKeyPulledOutMidDeletionStopsTheRunAndTheRerunFinishesIt() {
        agent.ykman.unplugDuring(KEY_B, "delete");
        ScriptedTerminal failed = new ScriptedTerminal();
        assertThat(agent.remove(failed).run(agent.requestId, List.of())).isEqualTo(Outcome.FAILED);
        assertThat(failed.transcript()).contains("ykman failed on YubiKey 22222222 (safe key B): ERROR: An unexpected error has occurred")
                .contains("The credential is gone from: 11111111. Nothing was published");
        assertThat(agent.ykman.credentials(KEY_A)).containsExactly(OTHER);
        assertThat(agent.ykman.credentials(KEY_B)).containsExactly(agent.credentialName);
        agent.events.assertNonePublished(RootMfaRemoved.class, agent.requestId, SETTLE);

        agent.ykman.insert(KEY_B);
        ScriptedTerminal rerun = inTheSafe();
        assertThat(agent.remove(rerun).run(agent.requestId, List.of())).isEqualTo(Outcome.PUBLISHED);
        assertThat(rerun.transcript()).contains("✓ YubiKey 11111111 (safe key A) does not hold it: nothing to delete")
                .contains("✓ deleted from YubiKey 22222222 (safe key B)");
        assertThat(agent.ykman.credentials(KEY_B)).isEmpty();
        agent.events.assertExactly(RootMfaRemoved.class, agent.requestId, 1, SETTLE);
    }

    @Test
    void keysStillConnectedAreNotInTheSafeAndNothingIsPublished() {
        ScriptedTerminal terminal = new ScriptedTerminal().on("unplugged and locked back in the safe", "y");
        assertThat(agent.remove(terminal).run(agent.requestId, List.of())).isEqualTo(Outcome.FAILED);
        assertThat(terminal.transcript()).contains("YubiKey 11111111, 22222222 is still connected to this computer, so it is not in the safe.")
                .contains("then run remove again");
        agent.events.assertNonePublished(RootMfaRemoved.class, agent.requestId, SETTLE);
    }

    @Test
    void aMissingKeyIsAskedForAndAnUnknownAccountIsRefused() {
        agent.ykman.remove(KEY_B);
        ScriptedTerminal missing = new ScriptedTerminal().on("Press Enter to check again", "q");
        assertThat(agent.remove(missing).run(agent.requestId, List.of())).isEqualTo(Outcome.FAILED);
        assertThat(missing.transcript()).contains("Insert YubiKey 22222222 (safe key B).")
                .contains("Stopped: YubiKey 22222222 (safe key B) was not inserted. Nothing was changed; run remove again.");
        assertThat(agent.ykman.credentials(KEY_A)).contains(agent.credentialName);

        ScriptedTerminal unknown = new ScriptedTerminal();
        assertThat(agent.remove(unknown).run("999999999999", List.of())).isEqualTo(Outcome.FAILED);
        assertThat(unknown.transcript()).contains("There is no closed account for 999999999999");
        agent.events.assertNonePublished(RootMfaRemoved.class, agent.requestId, SETTLE);
    }

    /** The engineer pulls both keys out and locks them away before saying so. */
    private ScriptedTerminal inTheSafe() {
        return new ScriptedTerminal().on("unplugged and locked back in the safe", () -> agent.ykman.remove(KEY_A).remove(KEY_B), "y");
    }

    private int deleteCalls() {
        return (int) agent.ykman.calls().stream().filter(call -> call.contains("delete")).count();
    }
}
