package uk.gov.gds.awsam.agent.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class TaskBoardTest {

    private static final Instant T = Instant.parse("2026-11-21T10:00:00Z");

    private static TaskEvent.MfaRequested requested(String requestId, String accountId, int minute) {
        return new TaskEvent.MfaRequested(requestId, "e-" + requestId, T.plusSeconds(60L * minute), accountId, "name",
                "root@example", "Amazon Web Services:root-mfa@" + accountId, 2, "https://signin.aws.amazon.com/console");
    }

    @Test
    void factsArriveInAnyOrderAndRepeatsChangeNothing() {
        TaskBoard board = new TaskBoard();
        assertThat(board.apply(new TaskEvent.Secured("r1", "s1", T.plusSeconds(300), "111111111111"))).isEmpty();
        assertThat(board.apply(requested("r1", "111111111111", 0))).get().extracting(RootMfaTask::stage)
                .isEqualTo(RootMfaTask.Stage.KEYS_TO_RETURN);
        assertThat(board.apply(requested("r1", "111111111111", 0))).isEmpty();
        board.apply(requested("r2", "222222222222", 1));
        board.apply(new TaskEvent.MfaSeeded("r2", "m2", T.plusSeconds(200), "222222222222", List.of("1", "2"), "eng", true));
        assertThat(board.task("r2").orElseThrow().stage()).isEqualTo(RootMfaTask.Stage.AWAITING_PROVISIONER);
        board.apply(new TaskEvent.KeysReturned("r1", "k1", T.plusSeconds(400), "111111111111", List.of("1", "2"), "eng"));
        assertThat(board.pending()).extracting(RootMfaTask::requestId).containsExactly("r2");
        assertThat(board.all()).extracting(RootMfaTask::requestId).containsExactly("r1", "r2");
    }

    @Test
    void anAccountIdNamesItsOpenTaskAndSeveralOpenOnesMustBeToldApart() {
        TaskBoard board = new TaskBoard();
        board.apply(requested("old", "333333333333", 0));
        board.apply(new TaskEvent.KeysReturned("old", "k", T.plusSeconds(600), "333333333333", List.of(), "eng"));
        board.apply(requested("new", "333333333333", 20));
        assertThat(board.find("333333333333")).get().extracting(RootMfaTask::requestId).isEqualTo("new");
        assertThat(board.find("new")).isPresent();
        assertThat(board.find("444444444444")).isEmpty();

        board.apply(requested("newer", "333333333333", 30));
        assertThatThrownBy(() -> board.find("333333333333")).isInstanceOf(TaskBoard.AmbiguousReference.class)
                .hasMessageContaining("new").hasMessageContaining("newer");
    }

    @Test
    void aClosedAccountsCredentialIsPendingUntilRootMfaRemovedAndIsFoundByRequestOrAccount() {
        TaskBoard board = new TaskBoard();
        String name = "Amazon Web Services:root-mfa@555555555555";
        assertThat(board.apply(new TaskEvent.AccountClosed("c1", "ac1", T, "555555555555", "closing-account", name)))
                .as("no root-MFA task changes").isEmpty();
        board.apply(new TaskEvent.AccountClosed("c1", "ac1", T, "555555555555", "closing-account", name));
        assertThat(board.pending()).isEmpty();
        assertThat(board.pendingClosures()).singleElement().satisfies(task -> {
            assertThat(task.credentialName()).isEqualTo(name);
            assertThat(task.nextStep()).isEqualTo("yubikey-agent remove c1");
        });
        assertThat(board.findClosure("555555555555")).get().extracting(ClosureTask::requestId).isEqualTo("c1");
        assertThat(board.findClosure("c1")).isPresent();
        assertThat(board.findClosure("666666666666")).isEmpty();
        assertThat(TaskReport.pending(board)).contains("1 closed account: remove the root MFA credential from both keys:",
                "  account 555555555555  closing-account", "    to remove " + name, "    next      yubikey-agent remove c1");

        board.apply(new TaskEvent.MfaRemoved("c1", "rm1", T.plusSeconds(60), "555555555555", List.of("1", "2"), "eng"));
        assertThat(board.pendingClosures()).isEmpty();
        assertThat(board.findClosure("555555555555")).get().extracting(ClosureTask::done).isEqualTo(true);
        assertThat(TaskReport.pending(board)).containsExactly("No pending root-MFA tasks.");
    }
}
