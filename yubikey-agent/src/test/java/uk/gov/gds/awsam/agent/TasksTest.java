package uk.gov.gds.awsam.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.gov.gds.awsam.agent.domain.RootMfaTask;
import uk.gov.gds.awsam.agent.domain.TaskBoard;
import uk.gov.gds.awsam.agent.domain.TaskReport;
import uk.gov.gds.awsam.agent.messaging.KafkaTaskLog;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.testsupport.SampleEvents;
import uk.gov.gds.awsam.testsupport.TestEvents;

/** {@code tasks} and {@code watch}: the tasks rebuilt from the topics of the real broker. */
class TasksTest {

    @TempDir
    Path dir;

    @Test
    void theTasksAreRebuiltFromTheTopicsWithTheirStage() {
        AgentFixture toSeed = fixture("to-seed");
        AgentFixture seeded = fixture("seeded");
        AgentFixture secured = fixture("secured");
        AgentFixture complete = fixture("complete");
        TestEvents events = toSeed.events;
        // A record nobody can decode sits on the topic too: it is stepped over.
        events.publishRaw(EventType.ROOT_MFA_REQUESTED.topic(), SampleEvents.newRequestId(), "not avro".getBytes(StandardCharsets.UTF_8));
        for (AgentFixture f : List.of(seeded, secured, complete)) {
            events.publish(SampleEvents.rootMfaSeeded(f.requestId).setAccountId(f.accountId).build());
        }
        for (AgentFixture f : List.of(secured, complete)) {
            events.publish(SampleEvents.rootSecured(f.requestId).setAccountId(f.accountId).build());
        }
        events.publish(SampleEvents.yubikeysReturned(complete.requestId).setAccountId(complete.accountId).build());

        TaskBoard board = new KafkaTaskLog(toSeed.connection).rebuild();

        assertThat(stage(board, toSeed)).isEqualTo(RootMfaTask.Stage.AWAITING_SEED);
        assertThat(stage(board, seeded)).isEqualTo(RootMfaTask.Stage.AWAITING_PROVISIONER);
        assertThat(stage(board, secured)).isEqualTo(RootMfaTask.Stage.KEYS_TO_RETURN);
        assertThat(stage(board, complete)).isEqualTo(RootMfaTask.Stage.COMPLETE);
        String report = String.join("\n", TaskReport.pending(board));
        assertThat(report).contains("account " + toSeed.accountId).contains("next      yubikey-agent seed " + toSeed.requestId)
                .contains("next      keys back in the safe, then: yubikey-agent returned " + secured.requestId)
                .contains("stage     seeded, awaiting RootSecured")
                .doesNotContain(complete.requestId);
    }

    @Test
    void watchTellsOfANewTaskAndOfEachStep() throws Exception {
        AgentFixture earlier = fixture("earlier");
        AgentFixture later = new AgentFixture(dir.resolve("later"));
        List<String> said = new CopyOnWriteArrayList<>();
        AtomicBoolean caughtUp = new AtomicBoolean();
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread watcher = new Thread(() -> new KafkaTaskLog(earlier.connection).follow(
                board -> {
                    said.addAll(TaskReport.pending(board));
                    caughtUp.set(true);
                },
                task -> said.add(TaskReport.announce(task)),
                watching::get), "watch");
        watcher.start();
        try {
            Awaitility.await().atMost(TestEvents.TIMEOUT).untilTrue(caughtUp);
            assertThat(said).anyMatch(line -> line.contains("request   " + earlier.requestId));

            later.requestRootMfa();
            Awaitility.await().atMost(TestEvents.TIMEOUT).until(() -> said.stream().anyMatch(line ->
                    line.startsWith("New root-MFA task for account " + later.accountId) && line.contains("yubikey-agent seed " + later.requestId)));

            later.events.publish(SampleEvents.rootSecured(later.requestId).setAccountId(later.accountId).build());
            Awaitility.await().atMost(TestEvents.TIMEOUT).until(() -> said.stream().anyMatch(line ->
                    line.startsWith("Account secured: the keys can go back to the safe for account " + later.accountId)));
        } finally {
            watching.set(false);
            watcher.join(10_000);
        }
        assertThat(watcher.isAlive()).isFalse();
    }

    private AgentFixture fixture(String name) {
        AgentFixture fixture = new AgentFixture(dir.resolve(name));
        fixture.requestRootMfa();
        return fixture;
    }

    private static RootMfaTask.Stage stage(TaskBoard board, AgentFixture fixture) {
        return board.task(fixture.requestId).orElseThrow().stage();
    }
}
