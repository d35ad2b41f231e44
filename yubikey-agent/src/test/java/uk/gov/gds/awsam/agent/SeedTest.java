package uk.gov.gds.awsam.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static uk.gov.gds.awsam.agent.AgentFixture.KEY_A;
import static uk.gov.gds.awsam.agent.AgentFixture.KEY_B;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.gov.gds.awsam.agent.domain.Base32;
import uk.gov.gds.awsam.agent.domain.KnownKey;
import uk.gov.gds.awsam.agent.domain.Outcome;
import uk.gov.gds.awsam.agent.domain.Totp;
import uk.gov.gds.awsam.events.CloudEventHeaders;
import uk.gov.gds.awsam.events.Envelope;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.RootMfaRequested;
import uk.gov.gds.awsam.events.RootMfaSeeded;
import uk.gov.gds.awsam.testsupport.Infrastructure;
import uk.gov.gds.awsam.testsupport.TestEvents;
import uk.gov.gds.awsam.testsupport.TestInfrastructure;

/**
 * {@code seed} end to end: the runbook as the application wires it, the fake ykman on the PATH, the real
 * broker and registry; the engineer is a scripted terminal and time is a test clock.
 */
class SeedTest {

    private static final Pattern CODE = Pattern.compile("MFA code ([12]):\\s+([0-9]{6})");
    private static final Duration SETTLE = Duration.ofSeconds(1);

    @TempDir
    Path dir;
    AgentFixture agent;
    RootMfaRequested requested;
    String secret;

    @BeforeEach
    void aRootMfaTask() {
        agent = new AgentFixture(dir);
        requested = agent.requestRootMfa();
        secret = AgentFixture.newSecret();
    }

    @Test
    void theHappyPathPublishesRootMfaSeededWithTheKeysAndShowsCodesOfTwoConsecutiveWindows() {
        ScriptedTerminal terminal = AgentFixture.happyPath(secret);

        assertThat(agent.seed(terminal).run(agent.requestId, List.of())).isEqualTo(Outcome.PUBLISHED);

        ConsumerRecord<String, RootMfaSeeded> record = agent.events.awaitRecords(RootMfaSeeded.class,
                TestEvents.forRequest(agent.requestId), 1, TestEvents.TIMEOUT).get(0);
        RootMfaSeeded seeded = record.value();
        assertThat(seeded.getYubikeySerials()).containsExactly(KEY_A, KEY_B);
        assertThat(seeded.getAccountId()).isEqualTo(agent.accountId);
        assertThat(seeded.getCredentialName()).isEqualTo(agent.credentialName);
        assertThat(seeded.getEngineer()).isEqualTo(AgentFixture.ENGINEER);
        assertThat(seeded.getRootSignInTested()).isTrue();
        assertThat(seeded.getCausationId()).isEqualTo(requested.getEventId());
        assertThat(seeded.getEventId()).isEqualTo(Envelope.derivedEventId(requested.getEventId(), EventType.ROOT_MFA_SEEDED));
        assertThat(header(record, CloudEventHeaders.SOURCE)).isEqualTo("yubikey-agent");
        assertThat(header(record, CloudEventHeaders.TYPE)).isEqualTo(EventType.ROOT_MFA_SEEDED.cloudEventType());
        assertThat(header(record, CloudEventHeaders.ID)).isEqualTo(seeded.getEventId());
        assertThat(record.key()).isEqualTo(agent.requestId);

        // Both keys hold exactly the secret typed, once.
        byte[] expected = Base32.decode(secret.toCharArray());
        assertThat(agent.ykman.secret(KEY_A, agent.credentialName)).hasValue(expected);
        assertThat(agent.ykman.secret(KEY_B, agent.credentialName)).hasValue(expected);
        assertThat(agent.ykman.credentials(KEY_A)).containsOnlyOnce(agent.credentialName);

        // The two codes shown verify against the secret for two consecutive windows, the second after a countdown.
        String transcript = terminal.transcript();
        Matcher codes = CODE.matcher(transcript);
        assertThat(codes.find()).as(transcript).isTrue();
        String first = codes.group(2);
        assertThat(codes.find()).isTrue();
        String second = codes.group(2);
        long window = Totp.window(AgentFixture.START);
        assertThat(first).isEqualTo(Totp.code(expected, window));
        assertThat(second).isEqualTo(Totp.code(expected, window + 1));
        assertThat(transcript).contains("[progress]   Second code in 21 s…").contains("[progress]   Second code in 1 s…");
        assertThat(agent.ticker.slept()).isBetween(Duration.ofSeconds(20), Duration.ofSeconds(21));

        // The password: 40 printable characters, shown once.
        assertThat(terminal.shownOnce()).singleElement().satisfies(password ->
                assertThat(password).hasSize(40).matches("[!-~]{40}"));
        agent.events.assertExactly(RootMfaSeeded.class, agent.requestId, 1, SETTLE);
    }

    @Test
    void theFirstCodeWaitsForAFreshWindowWhenTheCurrentOneIsNearlyOver() {
        agent.ticker.set(Instant.parse("2026-11-21T10:00:27Z"));
        ScriptedTerminal terminal = AgentFixture.happyPath(secret);

        assertThat(agent.seed(terminal).run(agent.requestId, List.of())).isEqualTo(Outcome.PUBLISHED);

        assertThat(terminal.transcript()).contains("First code in 4 s…");
        Matcher codes = CODE.matcher(terminal.transcript());
        codes.find();
        byte[] key = Base32.decode(secret.toCharArray());
        assertThat(codes.group(2)).isEqualTo(Totp.code(key, Totp.window(Instant.parse("2026-11-21T10:00:30Z"))));
    }

    @Test
    void theTaskCanBeNamedByItsAccountId() {
        assertThat(agent.seed(AgentFixture.happyPath(secret)).run(agent.accountId, List.of())).isEqualTo(Outcome.PUBLISHED);
        assertThat(agent.events.awaitOne(RootMfaSeeded.class, agent.requestId).getAccountId()).isEqualTo(agent.accountId);
    }

    @Test
    void aSecretThatIsNotBase32IsAskedForAgainWithoutBeingEchoed() {
        ScriptedTerminal terminal = new ScriptedTerminal()
                .on("console has accepted it", "")
                .onHidden("secret key", "THIS-IS-NOT-BASE32-1890")
                .onHidden("secret key", secret)
                .on("Did the console accept both codes", "y")
                .on("Press Enter for a code", "y");

        assertThat(agent.seed(terminal).run(agent.requestId, List.of())).isEqualTo(Outcome.PUBLISHED);
        assertThat(terminal.transcript()).contains("That is not the secret key: character 5 is not base32")
                .doesNotContain("THIS-IS-NOT");
    }

    @Test
    void threeBadSecretsStopTheRunWithNothingAddedToTheKeys() {
        ScriptedTerminal terminal = new ScriptedTerminal()
                .on("console has accepted it", "")
                .onHidden("secret key", "1")
                .onHidden("secret key", "ABC")
                .onHidden("secret key", "");

        assertThat(agent.seed(terminal).run(agent.requestId, List.of())).isEqualTo(Outcome.FAILED);
        assertThat(terminal.transcript()).contains("No valid secret key after 3 tries; nothing was added to the keys");
        assertThat(agent.ykman.addCalls(KEY_A)).isEmpty();
        agent.events.assertNonePublished(RootMfaSeeded.class, agent.requestId, SETTLE);
    }

    @Test
    void aKeyPulledOutWhileTheSecretIsStoredStopsTheRunAndARerunFinishesWithoutAddingTwice() {
        agent.ykman.unplugDuring(KEY_B, "add");
        ScriptedTerminal first = new ScriptedTerminal()
                .on("console has accepted it", "")
                .onHidden("secret key", secret);

        assertThat(agent.seed(first).run(agent.requestId, List.of())).isEqualTo(Outcome.FAILED);

        assertThat(first.transcript())
                .contains("YubiKey 22222222 (safe key B)")
                .contains("ERROR: An unexpected error has occurred")
                .contains("11111111 holds " + agent.credentialName + " already; that is detected, not duplicated, when you run seed again")
                .contains("Nothing was published");
        assertThat(agent.ykman.credentials(KEY_A)).contains(agent.credentialName);
        assertThat(agent.ykman.credentials(KEY_B)).doesNotContain(agent.credentialName);
        agent.events.assertNonePublished(RootMfaSeeded.class, agent.requestId, SETTLE);

        // The engineer puts the key back and runs seed again with the same secret (the console still shows it).
        agent.ykman.insert(KEY_B);
        ScriptedTerminal again = new ScriptedTerminal()
                .on("console has accepted it", "")
                .onHidden("secret key", secret)
                .on("Did the console accept both codes", "y")
                .on("Press Enter for a code", "y");
        assertThat(agent.seed(again).run(agent.requestId, List.of())).isEqualTo(Outcome.PUBLISHED);

        assertThat(again.transcript()).contains("11111111 (safe key A) already holds " + agent.credentialName + " from an earlier run")
                .contains("YubiKey 11111111 (safe key A) already holds this secret (an earlier run stored it): not added again");
        assertThat(agent.ykman.addCalls(KEY_A)).hasSize(1);
        assertThat(agent.ykman.addCalls(KEY_B)).hasSize(2);
        assertThat(agent.ykman.credentials(KEY_A)).containsOnlyOnce(agent.credentialName);
        assertThat(agent.events.assertExactly(RootMfaSeeded.class, agent.requestId, 1, SETTLE).get(0).getYubikeySerials())
                .containsExactly(KEY_A, KEY_B);
    }

    @Test
    void aKeyRemovedBeforeItIsReadNamesTheKeyWithYkmansMessage() {
        agent.ykman.unplugDuring(KEY_B, "info");

        ScriptedTerminal terminal = new ScriptedTerminal();
        assertThat(agent.seed(terminal).run(agent.requestId, List.of())).isEqualTo(Outcome.FAILED);

        assertThat(terminal.transcript()).contains("ykman failed on YubiKey 22222222 (safe key B): ERROR: An unexpected error has occurred")
                .contains("Nothing was changed on the keys; run seed again.");
        assertThat(agent.ykman.addCalls(KEY_A)).isEmpty();
    }

    @Test
    void aKeyRemovedAfterTheConsoleTookTheCodesIsReportedWithYkmansMessageAndARerunOnlyChecksAndPublishes() {
        ScriptedTerminal first = new ScriptedTerminal()
                .on("console has accepted it", "")
                .onHidden("secret key", secret)
                .on("Did the console accept both codes", () -> agent.ykman.remove(KEY_A), "y")
                .on("Press Enter for a code", "");

        assertThat(agent.seed(first).run(agent.requestId, List.of())).isEqualTo(Outcome.FAILED);

        assertThat(first.transcript()).contains("YubiKey 11111111 (safe key A) is not connected (was it removed?). ykman said: ERROR: Failed"
                + " connecting to a YubiKey with serial: 11111111. Make sure the application has the required permissions.")
                .contains("Put the key back, run seed again and answer yes when asked whether the console step was finished.");
        agent.events.assertNonePublished(RootMfaSeeded.class, agent.requestId, SETTLE);

        // Without the key, a rerun waits for it and says which one is missing.
        ScriptedTerminal waiting = new ScriptedTerminal().on("Press Enter to check again", "q");
        assertThat(agent.seed(waiting).run(agent.requestId, List.of())).isEqualTo(Outcome.FAILED);
        assertThat(waiting.transcript()).contains("Insert YubiKey 11111111 (safe key A).")
                .contains("Stopped: YubiKey 11111111 (safe key A) was not inserted. Nothing was changed");

        agent.ykman.insert(KEY_A);
        ScriptedTerminal again = new ScriptedTerminal()
                .on("Did that earlier run finish the console step", "y")
                .on("Press Enter for a code", "y");
        assertThat(agent.seed(again).run(agent.requestId, List.of())).isEqualTo(Outcome.PUBLISHED);
        assertThat(agent.ykman.addCalls(KEY_A)).hasSize(1);
        agent.events.assertExactly(RootMfaSeeded.class, agent.requestId, 1, SETTLE);
    }

    @Test
    void aWrongKeyInsertedIsNamedAndLeftAloneUntilTheRightOneIsThere() {
        agent.ykman.addKey("33333333", "5.4.3").remove(KEY_B);
        ScriptedTerminal script = new ScriptedTerminal()
                .on("Press Enter to check again", () -> agent.ykman.remove("33333333").insert(KEY_B), "")
                .on("console has accepted it", "")
                .onHidden("secret key", secret)
                .on("Did the console accept both codes", "y")
                .on("Press Enter for a code", "y");

        assertThat(agent.seed(script).run(agent.requestId, List.of())).isEqualTo(Outcome.PUBLISHED);

        assertThat(script.transcript()).contains("Insert YubiKey 22222222 (safe key B).")
                .contains("Connected, but not a key of this task: 33333333. It is left alone");
        assertThat(agent.ykman.credentials("33333333")).isEmpty();
        assertThat(agent.ykman.calls()).noneMatch(argv -> argv.contains("33333333"));
    }

    @Test
    void aSerialThatIsNotRegisteredIsRefused() {
        ScriptedTerminal terminal = new ScriptedTerminal();
        assertThat(agent.seed(terminal).run(agent.requestId, List.of(KEY_A, "44444444"))).isEqualTo(Outcome.FAILED);
        assertThat(terminal.transcript()).contains("YubiKey 44444444 is not registered.");
    }

    @Test
    void fewerThanTwoRegisteredKeysIsRefused() {
        agent.keys.remove(KEY_B);
        ScriptedTerminal terminal = new ScriptedTerminal();
        assertThat(agent.seed(terminal).run(agent.requestId, List.of())).isEqualTo(Outcome.FAILED);
        assertThat(terminal.transcript()).contains("2 YubiKeys must hold the credential and 1 key is registered");
    }

    @Test
    void withoutYkmanTheEngineerIsToldToInstallIt() {
        AgentFixture noYkman = agent;
        SeedRunbookWithoutYkman runbook = new SeedRunbookWithoutYkman(noYkman);
        ScriptedTerminal terminal = new ScriptedTerminal();
        assertThat(runbook.run(terminal)).isEqualTo(Outcome.FAILED);
        assertThat(terminal.transcript()).contains("ykman is not installed: `ykman` is not on the PATH")
                .contains("Install yubikey-manager 5");
    }

    @Test
    void aFullKeyIsRefusedBeforeAnythingChanges() {
        agent.ykman.fill(KEY_A, 32);
        ScriptedTerminal terminal = new ScriptedTerminal();

        assertThat(agent.seed(terminal).run(agent.requestId, List.of())).isEqualTo(Outcome.FAILED);

        assertThat(terminal.transcript()).contains("YubiKey 11111111 (safe key A) is full: 32 of 32 OATH slots are used (firmware 5.4.3;"
                + " keys hold 32 accounts, 64 from firmware 5.7). Nothing was changed.");
        assertThat(terminal.shownOnce()).isEmpty();
        assertThat(agent.ykman.addCalls(KEY_A)).isEmpty();
        assertThat(agent.ykman.addCalls(KEY_B)).isEmpty();
    }

    @Test
    void aKeyOnFirmware57HoldsSixtyFourCredentials() {
        agent.ykman.fill(KEY_B, 63);
        assertThat(agent.seed(AgentFixture.happyPath(secret)).run(agent.requestId, List.of())).isEqualTo(Outcome.PUBLISHED);
        assertThat(agent.ykman.credentials(KEY_B)).hasSize(64).contains(agent.credentialName);

        AgentFixture another = new AgentFixture(dir.resolve("another"));
        another.ykman.fill(KEY_B, 64);
        another.requestRootMfa();
        ScriptedTerminal terminal = new ScriptedTerminal();
        assertThat(another.seed(terminal).run(another.requestId, List.of())).isEqualTo(Outcome.FAILED);
        assertThat(terminal.transcript()).contains("YubiKey 22222222 (safe key B) is full: 64 of 64 OATH slots are used (firmware 5.7.1;");
    }

    @Test
    void aKeyFilledUpBehindTheAgentsBackFailsWithYkmansNoSpaceMessage() {
        agent.ykman.fill(KEY_B, 63);
        ScriptedTerminal terminal = new ScriptedTerminal()
                .on("console has accepted it", () -> agent.ykman.fill(KEY_B, 1), "")
                .onHidden("secret key", secret);

        assertThat(agent.seed(terminal).run(agent.requestId, List.of())).isEqualTo(Outcome.FAILED);
        assertThat(terminal.transcript()).contains("YubiKey 22222222 (safe key B) has no free OATH slot. ykman said: ERROR: No space left on"
                + " the YubiKey for OATH accounts.");
    }

    @Test
    void aPasswordProtectedKeyIsRefusedUnlessYkmanRemembersThePassword() {
        agent.ykman.oathPassword(KEY_A, "hunter2", false);
        ScriptedTerminal terminal = new ScriptedTerminal();
        assertThat(agent.seed(terminal).run(agent.requestId, List.of())).isEqualTo(Outcome.FAILED);
        assertThat(terminal.transcript()).contains("Run `ykman --device 11111111 oath access remember` first");

        agent.ykman.oathPassword(KEY_A, "hunter2", true);
        assertThat(agent.seed(AgentFixture.happyPath(secret)).run(agent.requestId, List.of())).isEqualTo(Outcome.PUBLISHED);
    }

    @Test
    void ctrlCAtTheSecretLeavesNothingBehindAndSaysHowToGoOn() {
        ScriptedTerminal terminal = new ScriptedTerminal().on("console has accepted it", "");

        assertThat(agent.seed(terminal).run(agent.requestId, List.of())).isEqualTo(Outcome.INTERRUPTED);

        assertThat(terminal.transcript()).contains("Interrupted: nothing was published. No key was changed. The root password and the MFA"
                + " secret were not saved anywhere.").contains("To continue: yubikey-agent seed " + agent.requestId);
        assertThat(agent.ykman.addCalls(KEY_A)).isEmpty();
        agent.events.assertNonePublished(RootMfaSeeded.class, agent.requestId, SETTLE);
    }

    @Test
    void ctrlCAfterTheKeysWereSeededThenARerunWithANewSecretReplacesTheAbandonedCredentialOnce() {
        ScriptedTerminal first = new ScriptedTerminal()
                .on("console has accepted it", "")
                .onHidden("secret key", secret);
        assertThat(agent.seed(first).run(agent.requestId, List.of())).isEqualTo(Outcome.INTERRUPTED);
        assertThat(first.transcript()).contains("2 YubiKeys 11111111, 22222222 now hold " + agent.credentialName);

        // The console wizard was closed: AWS shows a new secret. Both keys hold the old one.
        String newSecret = AgentFixture.newSecret();
        ScriptedTerminal again = new ScriptedTerminal()
                .on("Did that earlier run finish the console step", "n")
                .on("console has accepted it", "")
                .onHidden("secret key", newSecret)
                .on("11111111 (safe key A) holds an older", "y")
                .on("22222222 (safe key B) holds an older", "y")
                .on("Did the console accept both codes", "y")
                .on("Press Enter for a code", "y");
        assertThat(agent.seed(again).run(agent.requestId, List.of())).isEqualTo(Outcome.PUBLISHED);

        byte[] expected = Base32.decode(newSecret.toCharArray());
        assertThat(agent.ykman.secret(KEY_A, agent.credentialName)).hasValue(expected);
        assertThat(agent.ykman.secret(KEY_B, agent.credentialName)).hasValue(expected);
        assertThat(agent.ykman.credentials(KEY_A)).containsOnlyOnce(agent.credentialName);
        agent.events.assertExactly(RootMfaSeeded.class, agent.requestId, 1, SETTLE);
    }

    @Test
    void refusingToReplaceAnAbandonedCredentialStopsWithNothingChanged() {
        agent.ykman.putCredential(KEY_A, agent.credentialName, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        ScriptedTerminal terminal = new ScriptedTerminal()
                .on("console has accepted it", "")
                .onHidden("secret key", secret)
                .on("holds an older", "n");

        assertThat(agent.seed(terminal).run(agent.requestId, List.of())).isEqualTo(Outcome.FAILED);
        assertThat(agent.ykman.secret(KEY_A, agent.credentialName)).hasValue(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        assertThat(agent.ykman.addCalls(KEY_A)).isEmpty();
    }

    @Test
    void aTaskAlreadySeededIsNotSeededAgainAndYkmanIsNotTouched() {
        assertThat(agent.seed(AgentFixture.happyPath(secret)).run(agent.requestId, List.of())).isEqualTo(Outcome.PUBLISHED);
        int calls = agent.ykman.calls().size();

        ScriptedTerminal again = new ScriptedTerminal();
        assertThat(agent.seed(again).run(agent.requestId, List.of())).isEqualTo(Outcome.ALREADY_DONE);

        assertThat(again.transcript()).contains("was already seeded: RootMfaSeeded was published")
                .contains("by " + AgentFixture.ENGINEER + " (keys 11111111, 22222222)");
        assertThat(agent.ykman.calls()).hasSize(calls);
        agent.events.assertExactly(RootMfaSeeded.class, agent.requestId, 1, SETTLE);
    }

    @Test
    void anUnknownTaskIsRefused() {
        ScriptedTerminal terminal = new ScriptedTerminal();
        assertThat(agent.seed(terminal).run("999999999999", List.of())).isEqualTo(Outcome.FAILED);
        assertThat(terminal.transcript()).contains("There is no root-MFA task for 999999999999");
    }

    @Test
    void aFailedSignInCanBeRecordedAsNotTestedOnlyWhenTheEngineerSaysSo() {
        ScriptedTerminal refused = new ScriptedTerminal()
                .on("console has accepted it", "")
                .onHidden("secret key", secret)
                .on("Did the console accept both codes", "y")
                .on("Press Enter for a code", "n")
                .on("recording that the root sign-in was NOT tested", "n");
        assertThat(agent.seed(refused).run(agent.requestId, List.of())).isEqualTo(Outcome.FAILED);
        agent.events.assertNonePublished(RootMfaSeeded.class, agent.requestId, SETTLE);

        ScriptedTerminal resumed = new ScriptedTerminal()
                .on("Did that earlier run finish the console step", "y")
                .on("Press Enter for a code", "n")
                .on("recording that the root sign-in was NOT tested", "y");
        assertThat(agent.seed(resumed).run(agent.requestId, List.of())).isEqualTo(Outcome.PUBLISHED);
        assertThat(agent.events.awaitOne(RootMfaSeeded.class, agent.requestId).getRootSignInTested()).isFalse();
        assertThat(agent.ykman.addCalls(KEY_A)).hasSize(1);
    }

    @Test
    void aBrokerDownAtTheStartStopsTheRunBeforeAnyKeyIsTouched() {
        Infrastructure.BrokerControl broker = brokerControl();
        broker.stop();
        try {
            ScriptedTerminal terminal = new ScriptedTerminal();
            assertThat(agent.seed(terminal).run(agent.requestId, List.of())).isEqualTo(Outcome.FAILED);
            assertThat(terminal.transcript()).contains("Cannot read the tasks from Kafka: Kafka at " + agent.connection.bootstrapServers()
                    + " did not answer within 5 s").contains("Nothing was done; run seed again once the broker is reachable.");
            assertThat(agent.ykman.calls()).isEmpty();
        } finally {
            broker.start();
        }
    }

    @Test
    void aBrokerDownAtTheEndKeepsTheWorkAndARerunOnlyPublishes() {
        Infrastructure.BrokerControl broker = brokerControl();
        ScriptedTerminal first = new ScriptedTerminal()
                .on("console has accepted it", "")
                .onHidden("secret key", secret)
                .on("Did the console accept both codes", "y")
                .on("Press Enter for a code", broker::stop, "y");
        try {
            assertThat(agent.seed(first).run(agent.requestId, List.of())).isEqualTo(Outcome.FAILED);
        } finally {
            broker.start();
        }
        assertThat(first.transcript()).contains("Could not publish RootMfaSeeded: Kafka at " + agent.connection.bootstrapServers()
                + " did not acknowledge it within 8 s").contains("The keys and the console are done; only the record is missing.");

        ScriptedTerminal again = new ScriptedTerminal()
                .on("Did that earlier run finish the console step", "y")
                .on("Press Enter for a code", "y");
        assertThat(agent.seed(again).run(agent.requestId, List.of())).as(again::transcript).isEqualTo(Outcome.PUBLISHED);

        assertThat(again.shownOnce()).isEmpty();
        assertThat(again.transcript()).contains("both keys give the same code");
        assertThat(agent.ykman.addCalls(KEY_A)).hasSize(1);
        assertThat(agent.ykman.addCalls(KEY_B)).hasSize(1);
        agent.events.assertExactly(RootMfaSeeded.class, agent.requestId, 1, SETTLE);
    }

    @Test
    void moreRegisteredKeysThanNeededAreChosenWithKey() {
        agent.ykman.addKey("33333333", "5.7.1");
        agent.keys.add(new KnownKey("33333333", "spare"));
        ScriptedTerminal unchosen = new ScriptedTerminal();
        assertThat(agent.seed(unchosen).run(agent.requestId, List.of())).isEqualTo(Outcome.FAILED);
        assertThat(unchosen.transcript()).contains("3 YubiKeys are registered and 2 are needed: choose them with --key <serial>");

        assertThat(agent.seed(AgentFixture.happyPath(secret)).run(agent.requestId, List.of(KEY_A, "33333333"))).isEqualTo(Outcome.PUBLISHED);
        assertThat(agent.events.awaitOne(RootMfaSeeded.class, agent.requestId).getYubikeySerials()).containsExactly(KEY_A, "33333333");
        assertThat(agent.ykman.credentials(KEY_B)).isEmpty();
    }

    private static Infrastructure.BrokerControl brokerControl() {
        Infrastructure infrastructure = TestInfrastructure.get();
        assumeTrue(infrastructure.brokerControl().isPresent(), "only a broker this JVM runs can be stopped");
        return infrastructure.brokerControl().orElseThrow();
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    /** The runbook with ykman missing from the PATH. */
    private record SeedRunbookWithoutYkman(AgentFixture agent) {
        Outcome run(ScriptedTerminal terminal) {
            var yubiKeys = new uk.gov.gds.awsam.agent.client.YkmanCli("ykman", java.util.Map.of("PATH", agent.ykman.dir().toString()),
                    Duration.ofSeconds(5));
            return new uk.gov.gds.awsam.agent.domain.SeedRunbook(new uk.gov.gds.awsam.agent.messaging.KafkaTaskLog(agent.connection),
                    new uk.gov.gds.awsam.agent.messaging.KafkaEventSink(agent.connection, java.time.Clock.systemUTC()), yubiKeys,
                    agent.keys, terminal, agent.ticker, new java.security.SecureRandom(), AgentFixture.ENGINEER)
                    .run(agent.requestId, List.of());
        }
    }
}
