package uk.gov.gds.awsam.agent;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import uk.gov.gds.awsam.agent.client.YkmanCli;
import uk.gov.gds.awsam.agent.config.KnownKeysFile;
import uk.gov.gds.awsam.agent.domain.Base32;
import uk.gov.gds.awsam.agent.domain.KnownKey;
import uk.gov.gds.awsam.agent.domain.RemoveRunbook;
import uk.gov.gds.awsam.agent.domain.ReturnRunbook;
import uk.gov.gds.awsam.agent.domain.SeedRunbook;
import uk.gov.gds.awsam.agent.domain.Terminal;
import uk.gov.gds.awsam.agent.domain.VerifyRunbook;
import uk.gov.gds.awsam.agent.messaging.KafkaConnection;
import uk.gov.gds.awsam.agent.messaging.KafkaEventSink;
import uk.gov.gds.awsam.agent.messaging.KafkaTaskLog;
import uk.gov.gds.awsam.events.AccountClosed;
import uk.gov.gds.awsam.events.RootMfaRequested;
import uk.gov.gds.awsam.testsupport.Infrastructure;
import uk.gov.gds.awsam.testsupport.KafkaTestResource;
import uk.gov.gds.awsam.testsupport.SampleEvents;
import uk.gov.gds.awsam.testsupport.TestEvents;
import uk.gov.gds.awsam.testsupport.TestInfrastructure;
import uk.gov.gds.awsam.testsupport.yubikey.FakeYkman;

/**
 * The agent's parts as the application wires them, against the real broker and registry of the test JVM
 * and the fake ykman (two keys: 11111111 on firmware 5.4.3, 22222222 on 5.7.1, both registered), with a
 * test clock. Each fixture has its own request and account.
 */
final class AgentFixture {

    static final String KEY_A = "11111111";
    static final String KEY_B = "22222222";
    static final String ENGINEER = "engineer@digital.cabinet-office.gov.uk";
    /** Ten seconds into a 30-second window. */
    static final Instant START = Instant.parse("2026-11-21T10:00:10Z");

    final FakeYkman ykman;
    final TestTicker ticker;
    final KnownKeysFile keys;
    final KafkaConnection connection;
    final TestEvents events;
    final String requestId = SampleEvents.newRequestId();
    final String accountId = String.valueOf(100_000_000_000L + ThreadLocalRandom.current().nextLong(899_999_999_999L));
    final String credentialName = "Amazon Web Services:root-mfa@" + accountId;

    AgentFixture(Path dir) {
        ykman = FakeYkman.create(dir.resolve("ykman")).addKey(KEY_A, "5.4.3").addKey(KEY_B, "5.7.1");
        ticker = new TestTicker(ykman, START);
        keys = new KnownKeysFile(dir.resolve("yubikeys.properties"));
        keys.add(new KnownKey(KEY_A, "safe key A"));
        keys.add(new KnownKey(KEY_B, "safe key B"));
        Infrastructure infrastructure = TestInfrastructure.get();
        connection = new KafkaConnection(Map.of("bootstrap.servers", infrastructure.bootstrapServers()),
                Map.of("apicurio.registry.url", infrastructure.registryUrl()), Duration.ofSeconds(5), Duration.ofSeconds(8));
        events = KafkaTestResource.events();
    }

    /** Publishes this fixture's RootMfaRequested, as the provisioner does. */
    RootMfaRequested requestRootMfa() {
        RootMfaRequested requested = SampleEvents.rootMfaRequested(requestId).setAccountId(accountId)
                .setCredentialName(credentialName).build();
        events.publish(requested, "provisioner");
        return requested;
    }

    /** Publishes AccountClosed for this fixture's request and account, as the provisioner does once AWS says SUSPENDED. */
    AccountClosed closeAccount() {
        AccountClosed closed = SampleEvents.accountClosed(requestId).setAccountId(accountId).setCredentialName(credentialName).build();
        events.publish(closed, "provisioner");
        return closed;
    }

    /** Both keys hold this fixture's credential, as seeding left them. */
    AgentFixture keysHoldTheCredential() {
        byte[] secret = Base32.decode(newSecret().toCharArray());
        ykman.putCredential(KEY_A, credentialName, secret).putCredential(KEY_B, credentialName, secret);
        return this;
    }

    YkmanCli yubiKeys() {
        return new YkmanCli("ykman", ykman.environment(), Duration.ofSeconds(30));
    }

    SeedRunbook seed(Terminal terminal) {
        return new SeedRunbook(new KafkaTaskLog(connection), new KafkaEventSink(connection, Clock.systemUTC()), yubiKeys(), keys,
                terminal, ticker, new SecureRandom(), ENGINEER);
    }

    VerifyRunbook verify(Terminal terminal) {
        return new VerifyRunbook(new KafkaTaskLog(connection), new KafkaEventSink(connection, Clock.systemUTC()), terminal, ENGINEER);
    }

    ReturnRunbook returned(Terminal terminal) {
        return new ReturnRunbook(new KafkaTaskLog(connection), new KafkaEventSink(connection, Clock.systemUTC()), yubiKeys(),
                terminal, ENGINEER);
    }

    RemoveRunbook remove(Terminal terminal) {
        return new RemoveRunbook(new KafkaTaskLog(connection), new KafkaEventSink(connection, Clock.systemUTC()), yubiKeys(), keys,
                terminal, ENGINEER);
    }

    /** A secret like the console's: 40 random bytes, 64 base32 characters. */
    static String newSecret() {
        byte[] secret = new byte[40];
        new SecureRandom().nextBytes(secret);
        return Base32.encode(secret);
    }

    /** The whole runbook answered as an engineer would, with the given secret. */
    static ScriptedTerminal happyPath(String secret) {
        return new ScriptedTerminal()
                .on("console has accepted it", "")
                .onHidden("secret key", secret)
                .on("Did the console accept both codes", "y")
                .on("Press Enter for a code", "")
                .on("Press Enter for a code", "y");
    }
}
