package uk.gov.gds.awsam.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.gov.gds.awsam.agent.domain.Base32;
import uk.gov.gds.awsam.agent.domain.Totp;
import uk.gov.gds.awsam.events.RootMfaRemoved;
import uk.gov.gds.awsam.events.RootMfaRequested;
import uk.gov.gds.awsam.events.RootMfaSeeded;
import uk.gov.gds.awsam.events.YubikeysReturned;
import uk.gov.gds.awsam.testsupport.Infrastructure;
import uk.gov.gds.awsam.testsupport.KafkaTestResource;
import uk.gov.gds.awsam.testsupport.SampleEvents;
import uk.gov.gds.awsam.testsupport.TestEvents;
import uk.gov.gds.awsam.testsupport.TestInfrastructure;
import uk.gov.gds.awsam.testsupport.terminal.Tmux;
import uk.gov.gds.awsam.testsupport.yubikey.FakeYkman;

/**
 * The packaged agent, run through its launcher script in a real terminal (tmux): keys registered, the task
 * listed, {@code seed} typed into interactively (the secret key hidden, the password shown once on the
 * alternate screen), interrupted with Ctrl-C, run again to the end with codes from the real clock, and the
 * keys returned; and a closed account's credential removed from both keys ({@code remove}, interrupted after the
 * deletions, then run again to the end); against the fake ykman on the PATH and the real broker and registry.
 */
class AgentTerminalIT {

    private static final Pattern PASSWORD_LINE = Pattern.compile("(?m)^    ([!-~]{40})\\s*$");
    private static final Pattern CODE = Pattern.compile("MFA code ([12]):\\s+([0-9]{6})");
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;
    Path launcher;
    FakeYkman ykman;
    Path config;
    Path log;
    Map<String, String> env;
    Tmux terminal;
    TestEvents events;

    @BeforeEach
    void anEngineersMachine() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/tmux")) || onPath("tmux"), "tmux is needed for the real-terminal test");
        launcher = Path.of(System.getProperty("agent.launcher", "bin/yubikey-agent")).toAbsolutePath();
        Path jar = Path.of(System.getProperty("agent.jar", "target/yubikey-agent-1.0.0-SNAPSHOT-runner.jar")).toAbsolutePath();
        assertThat(jar).as("the packaged agent").exists();
        Infrastructure infrastructure = TestInfrastructure.get();
        events = KafkaTestResource.events();
        ykman = FakeYkman.create(dir.resolve("ykman")).addKey("11111111", "5.4.3").addKey("22222222", "5.7.1");
        config = dir.resolve("home/.config/aws-accounts/agent.properties");
        Files.createDirectories(config.getParent());
        Files.writeString(config, String.join("\n",
                "agent.engineer=jane.doe@digital.cabinet-office.gov.uk",
                "agent.kafka.bootstrap.servers=" + infrastructure.bootstrapServers(),
                "agent.apicurio.registry.url=" + infrastructure.registryUrl(),
                "") + "\n");
        log = dir.resolve("agent.log");
        env = new HashMap<>(ykman.environment());
        env.put("HOME", dir.resolve("home").toString());
        env.put("YUBIKEY_AGENT_LOG", log.toString());
        env.put("YUBIKEY_AGENT_JAR", jar.toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        terminal = new Tmux("yubikey-agent-it", env);
    }

    @AfterEach
    void stopTmux() {
        terminal.close();
    }

    @Test
    void anEngineerSeedsRootMfaInARealTerminalInterruptsItRunsItAgainAndReturnsTheKeys() throws Exception {
        // Register the keys (configuration in the home directory) and see the task.
        assertThat(agent(null, "keys", "add", "11111111", "--label", "safe A"))
                .contains("✓ Registered YubiKey 11111111 (safe A): firmware 5.4.3, 0 of 32 OATH slots used, 32 free.");
        assertThat(agent(null, "keys", "add", "22222222")).contains("✓ Registered YubiKey 22222222");
        assertThat(agent(null, "keys", "add", "33333333")).contains("YubiKey 33333333 is not connected");
        ykman.fill("22222222", 3);
        assertThat(agent(null, "keys", "list")).contains("11111111 (safe A): firmware 5.4.3, 0 of 32 OATH slots used, 32 free")
                .contains("22222222: firmware 5.7.1, 3 of 64 OATH slots used, 61 free");
        assertThat(dir.resolve("home/.config/aws-accounts/yubikeys.properties")).exists();
        String requestId = SampleEvents.newRequestId();
        String accountId = "9" + String.valueOf(System.nanoTime()).substring(0, 11);
        RootMfaRequested requested = SampleEvents.rootMfaRequested(requestId).setAccountId(accountId)
                .setCredentialName("Amazon Web Services:root-mfa@" + accountId).build();
        events.publish(requested, "provisioner");
        assertThat(agent(null, "tasks")).contains("request   " + requestId).contains("next      yubikey-agent seed " + requestId);

        String secret = AgentFixture.newSecret();
        List<String> passwords = new ArrayList<>();

        // First run: the password is shown once, the secret typed hidden, then Ctrl-C.
        startInTmux("seed", requestId);
        String shown = waitFor("console has accepted it");
        Matcher password = PASSWORD_LINE.matcher(shown);
        assertThat(password.find()).as(shown).isTrue();
        passwords.add(password.group(1));
        keys("Enter");
        waitFor("secret key the console shows (hidden)");
        assertThat(screen()).as("the password is gone from the screen and its history").doesNotContain(passwords.get(0));
        type(secret);
        keys("Enter");
        waitFor("Did the console accept both codes");
        assertThat(screen()).doesNotContain(secret);
        keys("C-c");
        String interrupted = waitFor("[exit 130]");
        assertThat(interrupted).contains("Interrupted: nothing was published.")
                .contains("11111111, 22222222 now hold Amazon Web Services:root-mfa@" + accountId)
                .contains("The root password and the MFA secret were not saved anywhere.")
                .contains("To continue: yubikey-agent seed " + requestId)
                .doesNotContain(secret).doesNotContain(passwords.get(0));
        events.assertNonePublished(RootMfaSeeded.class, requestId, Duration.ofSeconds(1));

        // Second run, to the end, with the codes of the real clock.
        startInTmux("seed", requestId);
        waitFor("Did that earlier run finish the console step");
        type("n");
        keys("Enter");
        shown = waitFor("console has accepted it");
        password = PASSWORD_LINE.matcher(shown);
        assertThat(password.find()).as(shown).isTrue();
        passwords.add(password.group(1));
        keys("Enter");
        waitFor("secret key the console shows (hidden)");
        type(secret);
        keys("Enter");
        String codes = waitFor("Did the console accept both codes");
        assertThat(codes).contains("already holds this secret (an earlier run stored it): not added again");
        Matcher code = CODE.matcher(codes);
        assertThat(code.find()).isTrue();
        String first = code.group(2);
        assertThat(code.find()).isTrue();
        String second = code.group(2);
        byte[] key = Base32.decode(secret.toCharArray());
        long now = Totp.window(java.time.Instant.now());
        boolean consecutive = false;
        for (long w = now - 3; w <= now; w++) {
            consecutive |= Totp.code(key, w).equals(first) && Totp.code(key, w + 1).equals(second);
        }
        assertThat(consecutive).as("codes %s and %s are those of two consecutive windows", first, second).isTrue();
        type("y");
        keys("Enter");
        waitFor("Press Enter for a code to sign in with");
        type("y");
        keys("Enter");
        String done = waitFor("[exit 0]");
        assertThat(done).contains("✓ Done: RootMfaSeeded published and acknowledged");
        RootMfaSeeded seeded = events.assertExactly(RootMfaSeeded.class, requestId, 1, Duration.ofSeconds(1)).get(0);
        assertThat(seeded.getYubikeySerials()).containsExactly("11111111", "22222222");
        assertThat(seeded.getEngineer()).isEqualTo("jane.doe@digital.cabinet-office.gov.uk");
        assertThat(seeded.getRootSignInTested()).isTrue();
        assertThat(agent(null, "seed", requestId)).contains("seed is interactive");

        // The keys go back to the safe: not while one is still plugged in.
        events.publish(SampleEvents.rootSecured(requestId).setAccountId(accountId).build(), "provisioner");
        assertThat(agent("y\n", "returned", requestId)).contains("is still connected to this computer");
        ykman.remove("11111111").remove("22222222");
        assertThat(agent("y\n", "returned", requestId)).contains("✓ Done: YubikeysReturned published");
        assertThat(agent(null, "keys", "list")).contains("11111111 (safe A): not inserted (insert it to see its slots)");
        assertThat(events.awaitOne(YubikeysReturned.class, requestId).getYubikeySerials()).containsExactly("11111111", "22222222");

        // The log is JSON, carries the request id, and holds neither the secret nor a password.
        String logText = Files.readString(log);
        assertThat(logText).startsWith("{").contains("\"requestId\":\"" + requestId + "\"").contains("RootMfaSeeded")
                .doesNotContain(secret).doesNotContain(secret.toLowerCase(java.util.Locale.ROOT))
                .doesNotContain(passwords.get(0)).doesNotContain(passwords.get(1));
        assertThat(screen()).doesNotContain(secret).doesNotContain(passwords.get(0)).doesNotContain(passwords.get(1));
    }

    @Test
    void anEngineerRemovesAClosedAccountsCredentialFromBothKeysInARealTerminalAfterAnInterruptedRun() throws Exception {
        assertThat(agent(null, "keys", "add", "11111111", "--label", "safe A")).contains("✓ Registered YubiKey 11111111 (safe A)");
        assertThat(agent(null, "keys", "add", "22222222")).contains("✓ Registered YubiKey 22222222");
        String requestId = SampleEvents.newRequestId();
        String accountId = "8" + String.valueOf(System.nanoTime()).substring(0, 11);
        String credential = "Amazon Web Services:root-mfa@" + accountId;
        byte[] secret = Base32.decode(AgentFixture.newSecret().toCharArray());
        ykman.putCredential("11111111", credential, secret).putCredential("22222222", credential, secret)
                .putCredential("11111111", "GitHub:someone-else", secret);
        events.publish(SampleEvents.accountClosed(requestId).setAccountId(accountId).setCredentialName(credential).build(), "provisioner");
        assertThat(agent(null, "tasks")).contains("closed account: remove the root MFA credential from both keys:")
                .contains("request   " + requestId).contains("to remove " + credential)
                .contains("next      yubikey-agent remove " + requestId);
        assertThat(agent(null, "keys", "list")).contains("11111111 (safe A): firmware 5.4.3, 2 of 32 OATH slots used, 30 free")
                .contains("22222222: firmware 5.7.1, 1 of 64 OATH slots used, 63 free");

        // First run: both deletions, then Ctrl-C at the safe question, as a crash before the publication would.
        startInTmux("remove", accountId);
        String asked = waitFor("unplugged and locked back in the safe?");
        assertThat(asked).contains("✓ deleted from YubiKey 11111111 (safe A), checked: 1 of 32 OATH slots used now")
                .contains("✓ deleted from YubiKey 22222222, checked: 0 of 64 OATH slots used now");
        assertThat(ykman.credentials("11111111")).containsExactly("GitHub:someone-else");
        assertThat(ykman.credentials("22222222")).isEmpty();
        assertThat(agent(null, "keys", "list")).contains("11111111 (safe A): firmware 5.4.3, 1 of 32 OATH slots used, 31 free")
                .contains("22222222: firmware 5.7.1, 0 of 64 OATH slots used, 64 free");
        keys("C-c");
        assertThat(waitFor("[exit 130]")).contains("Interrupted: nothing was published. The credential is gone from: 11111111, 22222222.");
        events.assertNonePublished(RootMfaRemoved.class, requestId, Duration.ofSeconds(1));

        // The rerun finds both keys clean, and publishes once the keys are in the safe.
        startInTmux("remove", requestId);
        String rerun = waitFor("unplugged and locked back in the safe?");
        assertThat(rerun).contains("✓ YubiKey 11111111 (safe A) does not hold it: nothing to delete")
                .contains("✓ YubiKey 22222222 does not hold it: nothing to delete");
        ykman.remove("11111111").remove("22222222");
        type("y");
        keys("Enter");
        assertThat(waitFor("[exit 0]")).contains("✓ Done: RootMfaRemoved published and acknowledged")
                .contains("The closure of account " + accountId + " is complete.");
        RootMfaRemoved removed = events.assertExactly(RootMfaRemoved.class, requestId, 1, Duration.ofSeconds(1)).get(0);
        assertThat(removed.getYubikeySerials()).containsExactly("11111111", "22222222");
        assertThat(removed.getEngineer()).isEqualTo("jane.doe@digital.cabinet-office.gov.uk");
        assertThat(removed.getCredentialName()).isEqualTo(credential);
        assertThat(ykman.calls()).filteredOn(call -> call.contains("delete")).hasSize(2);

        assertThat(agent(null, "remove", requestId)).contains("was already removed by jane.doe@digital.cabinet-office.gov.uk");
        assertThat(agent(null, "tasks")).doesNotContain(requestId);
        events.assertExactly(RootMfaRemoved.class, requestId, 1, Duration.ofSeconds(1));
    }

    // ------------------------------------------------------------------ the agent, tmux

    /** Runs the agent without a terminal (stdin a pipe): its output, whatever its exit status. */
    private String agent(String input, String... args) {
        List<String> command = new ArrayList<>(List.of(launcher.toString(), "--config", config.toString()));
        command.addAll(List.of(args));
        return Tmux.run(command, input, env);
    }

    private void startInTmux(String... args) {
        List<String> command = new ArrayList<>(List.of(launcher.toString(), "--config", config.toString()));
        command.addAll(List.of(args));
        terminal.start(command);
    }

    private void type(String text) {
        terminal.type(text);
    }

    private void keys(String key) {
        terminal.keys(key);
    }

    /** The pane with its history. */
    private String screen() {
        return terminal.screen();
    }

    private String waitFor(String text) {
        return terminal.waitFor(text, WAIT);
    }

    private static boolean onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }
}
