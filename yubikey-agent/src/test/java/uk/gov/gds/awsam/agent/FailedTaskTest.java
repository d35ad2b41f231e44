package uk.gov.gds.awsam.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.gov.gds.awsam.agent.AgentFixture.KEY_A;
import static uk.gov.gds.awsam.agent.AgentFixture.KEY_B;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.gov.gds.awsam.agent.domain.Outcome;
import uk.gov.gds.awsam.agent.domain.RootMfaTask;
import uk.gov.gds.awsam.agent.domain.TaskBoard;
import uk.gov.gds.awsam.agent.domain.TaskReport;
import uk.gov.gds.awsam.agent.messaging.KafkaTaskLog;
import uk.gov.gds.awsam.events.CloudEventHeaders;
import uk.gov.gds.awsam.events.Envelope;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.RequestFailed;
import uk.gov.gds.awsam.events.RetryRequested;
import uk.gov.gds.awsam.events.RootMfaSeeded;
import uk.gov.gds.awsam.testsupport.SampleEvents;
import uk.gov.gds.awsam.testsupport.TestEvents;

/**
 * A task whose request failed at SECURE_ROOT after its root MFA was seeded (issue 16, item 1): {@code tasks} shows
 * the failure and what to do, {@code seed} says so instead of "nothing to do" and touches no key, and
 * {@code verify} publishes RetryRequested for SECURE_ROOT naming the failure, once; the provisioner's side of the
 * contract (RootSecured after the retry, or a new failure derived from it) is played by publishing its events.
 */
class FailedTaskTest {

    private static final Duration SETTLE = Duration.ofSeconds(1);
    private static final String NO_ADMINS = "none of the admins [a@digital.cabinet-office.gov.uk] has an IAM user in gds-users";

    @TempDir
    Path dir;
    AgentFixture agent;
    RequestFailed failed;

    @BeforeEach
    void aTaskSeededThenFailedAtSecureRoot() {
        agent = new AgentFixture(dir);
        agent.requestRootMfa();
        agent.events.publish(SampleEvents.rootMfaSeeded(agent.requestId).setAccountId(agent.accountId)
                .setYubikeySerials(List.of(KEY_A, KEY_B)).build(), "yubikey-agent");
        failed = failure(SampleEvents.eventId(agent.requestId, EventType.REQUEST_FAILED));
        agent.events.publish(failed, "provisioner");
    }

    @Test
    void tasksShowTheFailureAndWhatToDoInsteadOfWaitingForRootSecured() {
        TaskBoard board = new KafkaTaskLog(agent.connection).rebuild();
        RootMfaTask task = board.task(agent.requestId).orElseThrow();
        assertThat(task.stage()).isEqualTo(RootMfaTask.Stage.FAILED);
        assertThat(String.join("\n", TaskReport.describe(task))).contains("stage     failed", "failed    at SECURE_ROOT", NO_ADMINS,
                "to do     Add the admins to gds-users", "next      fix the cause, then: yubikey-agent verify " + agent.requestId)
                .doesNotContain("wait for the provisioner");
        assertThat(TaskReport.announce(task)).startsWith("Failed at SECURE_ROOT: " + NO_ADMINS);
    }

    @Test
    void seedSaysWhatToDoAndNeitherSeedsAgainNorTouchesAKey() {
        ScriptedTerminal terminal = new ScriptedTerminal();
        assertThat(agent.seed(terminal).run(agent.requestId, List.of())).isEqualTo(Outcome.FAILED);
        assertThat(terminal.transcript()).contains("is already seeded", "do not seed it again", "failed after that, at SECURE_ROOT",
                NO_ADMINS, "yubikey-agent verify " + agent.requestId).doesNotContain("Nothing to do");
        assertThat(agent.ykman.calls()).isEmpty();
        agent.events.assertExactly(RootMfaSeeded.class, agent.requestId, 1, Duration.ZERO);
    }

    @Test
    void verifyPublishesOneRetryOfSecureRootNamingTheFailureAndTheTaskWaitsForTheProvisionerAgain() {
        ScriptedTerminal terminal = new ScriptedTerminal().on("What did you fix", "added the admins to gds-users");
        assertThat(agent.verify(terminal).run(agent.requestId, null)).isEqualTo(Outcome.PUBLISHED);
        assertThat(terminal.transcript()).contains(NO_ADMINS, "RetryRequested published and acknowledged", "no second seeding");

        ConsumerRecord<String, RetryRequested> record = agent.events.awaitRecords(RetryRequested.class,
                TestEvents.forRequest(agent.requestId), 1, TestEvents.TIMEOUT).get(0);
        RetryRequested retry = record.value();
        assertThat(retry.getStage()).isEqualTo("SECURE_ROOT");
        assertThat(retry.getFailedEventId()).isEqualTo(failed.getEventId());
        assertThat(retry.getCausationId()).isEqualTo(failed.getEventId());
        assertThat(retry.getEngineer()).isEqualTo(AgentFixture.ENGINEER);
        assertThat(retry.getReason()).isEqualTo("added the admins to gds-users");
        assertThat(retry.getEventId()).isEqualTo(Envelope.derivedEventId(failed.getEventId(), EventType.RETRY_REQUESTED));
        assertThat(record.key()).isEqualTo(agent.requestId);
        assertThat(new String(record.headers().lastHeader(CloudEventHeaders.SOURCE).value(), StandardCharsets.UTF_8)).isEqualTo("yubikey-agent");

        RootMfaTask task = new KafkaTaskLog(agent.connection).rebuild().task(agent.requestId).orElseThrow();
        assertThat(task.stage()).isEqualTo(RootMfaTask.Stage.AWAITING_PROVISIONER);
        assertThat(task.nextStep()).contains(AgentFixture.ENGINEER + " asked for SECURE_ROOT to be retried");
        ScriptedTerminal again = new ScriptedTerminal();
        assertThat(agent.verify(again).run(agent.requestId, "again")).isEqualTo(Outcome.ALREADY_DONE);
        assertThat(again.transcript()).contains("A retry of SECURE_ROOT was already asked for by " + AgentFixture.ENGINEER);
        agent.events.assertExactly(RetryRequested.class, agent.requestId, 1, SETTLE);
        assertThat(agent.ykman.calls()).isEmpty();

        // The provisioner secures the account from the RootMfaSeeded it has: the keys can go back to the safe.
        agent.events.publish(SampleEvents.rootSecured(agent.requestId).setAccountId(agent.accountId)
                .setCausationId(retry.getEventId()).build(), "provisioner");
        RootMfaTask secured = new KafkaTaskLog(agent.connection).rebuild().task(agent.requestId).orElseThrow();
        assertThat(secured.stage()).isEqualTo(RootMfaTask.Stage.KEYS_TO_RETURN);
        ScriptedTerminal done = new ScriptedTerminal();
        assertThat(agent.verify(done).run(agent.requestId, "x")).isEqualTo(Outcome.ALREADY_DONE);
        assertThat(done.transcript()).contains("already secured");
    }

    @Test
    void aFailureAfterTheRetryStopsTheTaskAgainAndCanBeRetriedInItsTurn() {
        assertThat(agent.verify(new ScriptedTerminal()).run(agent.accountId, "first fix")).isEqualTo(Outcome.PUBLISHED);
        RetryRequested first = agent.events.awaitOne(RetryRequested.class, agent.requestId);
        RequestFailed again = failure(Envelope.derivedEventId(first.getEventId(), EventType.REQUEST_FAILED));
        agent.events.publish(again, "provisioner");
        assertThat(new KafkaTaskLog(agent.connection).rebuild().task(agent.requestId).orElseThrow().stage())
                .isEqualTo(RootMfaTask.Stage.FAILED);

        assertThat(agent.verify(new ScriptedTerminal()).run(agent.requestId, "second fix")).isEqualTo(Outcome.PUBLISHED);
        List<RetryRequested> retries = agent.events.assertExactly(RetryRequested.class, agent.requestId, 2, SETTLE);
        assertThat(retries).extracting(RetryRequested::getFailedEventId).containsExactly(failed.getEventId(), again.getEventId());
    }

    @Test
    void verifyRefusesATaskNotSeededAndAFailureItDoesNotRetry() {
        AgentFixture unseeded = new AgentFixture(dir.resolve("unseeded"));
        unseeded.requestRootMfa();
        ScriptedTerminal notSeeded = new ScriptedTerminal();
        assertThat(unseeded.verify(notSeeded).run(unseeded.requestId, "x")).isEqualTo(Outcome.FAILED);
        assertThat(notSeeded.transcript()).contains("has not been seeded", "yubikey-agent seed " + unseeded.requestId);

        AgentFixture other = new AgentFixture(dir.resolve("other"));
        other.requestRootMfa();
        other.events.publish(SampleEvents.rootMfaSeeded(other.requestId).setAccountId(other.accountId).build(), "yubikey-agent");
        other.events.publish(SampleEvents.requestFailed(other.requestId).setStage("ACCOUNT_READINESS")
                .setOccurredAt(Instant.now().plusSeconds(60)).build(), "provisioner");
        ScriptedTerminal elsewhere = new ScriptedTerminal();
        assertThat(other.verify(elsewhere).run(other.requestId, "x")).isEqualTo(Outcome.FAILED);
        assertThat(elsewhere.transcript()).contains("failed at ACCOUNT_READINESS, which the agent does not retry", "from its page");
        other.events.assertNonePublished(RetryRequested.class, other.requestId, Duration.ZERO);
    }

    private RequestFailed failure(String eventId) {
        return SampleEvents.requestFailed(agent.requestId).setEventId(eventId).setStage("SECURE_ROOT").setReason(NO_ADMINS)
                .setRetryable(false).setOccurredAt(Instant.now())
                .setWhatNext("Add the admins to gds-users (a user-access request), then retry: the keys are not needed again.").build();
    }
}
