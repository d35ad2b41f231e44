package uk.gov.gds.awsam.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.gov.gds.awsam.agent.domain.Base32;
import uk.gov.gds.awsam.agent.domain.Outcome;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.RootMfaSeeded;
import uk.gov.gds.awsam.events.YubikeysReturned;
import uk.gov.gds.awsam.testsupport.SampleEvents;
import uk.gov.gds.awsam.testsupport.TestInfrastructure;

/**
 * The MFA secret and the root password reach no published record and no log: the whole journey (a seed
 * interrupted after the keys were seeded, a rerun that publishes, the return of the keys) runs with every
 * log record captured at DEBUG, then every record of every topic of the catalogue is read back as raw
 * bytes (key, value, headers) and searched, with the log, for the secret in every form it could take.
 */
class NoSecretLeaksTest {

    @TempDir
    Path dir;

    @Test
    void theSecretAndThePasswordAppearInNoPublishedRecordAndNoLog() throws Exception {
        AgentFixture agent = new AgentFixture(dir);
        agent.requestRootMfa();
        String secret = AgentFixture.newSecret();
        List<String> passwords = new ArrayList<>();
        String transcript;
        String log;
        try (LogCapture capture = new LogCapture()) {
            ScriptedTerminal interrupted = new ScriptedTerminal()
                    .on("console has accepted it", "")
                    .onHidden("secret key", secret);
            assertThat(agent.seed(interrupted).run(agent.requestId, List.of())).isEqualTo(Outcome.INTERRUPTED);
            ScriptedTerminal rerun = new ScriptedTerminal()
                    .on("Did that earlier run finish the console step", "n")
                    .on("console has accepted it", "")
                    .onHidden("secret key", secret)
                    .on("Did the console accept both codes", "y")
                    .on("Press Enter for a code", "")
                    .on("Press Enter for a code", "y");
            assertThat(agent.seed(rerun).run(agent.requestId, List.of())).isEqualTo(Outcome.PUBLISHED);
            agent.events.awaitOne(RootMfaSeeded.class, agent.requestId);
            agent.events.publish(SampleEvents.rootSecured(agent.requestId).setAccountId(agent.accountId).build(), "provisioner");
            agent.ykman.remove(AgentFixture.KEY_A).remove(AgentFixture.KEY_B);
            ScriptedTerminal returned = new ScriptedTerminal().on("locked back in the safe", "y");
            assertThat(agent.returned(returned).run(agent.requestId)).isEqualTo(Outcome.PUBLISHED);
            agent.events.awaitOne(YubikeysReturned.class, agent.requestId);

            passwords.addAll(interrupted.shownOnce());
            passwords.addAll(rerun.shownOnce());
            transcript = interrupted.transcript() + rerun.transcript() + returned.transcript();
            log = capture.text();
            assertThat(capture.size()).as("the agent logged its steps").isGreaterThan(10);
        }
        assertThat(passwords).hasSize(2).doesNotHaveDuplicates();
        assertThat(log).contains("RootMfaSeeded").contains(agent.requestId).contains("stored on YubiKey 11111111");

        byte[] secretBytes = Base32.decode(secret.toCharArray());
        List<byte[]> forbidden = new ArrayList<>();
        forbidden.add(secretBytes);
        for (String text : List.of(secret, secret.toLowerCase(Locale.ROOT), HexFormat.of().formatHex(secretBytes),
                java.util.Base64.getEncoder().encodeToString(secretBytes), passwords.get(0), passwords.get(1))) {
            forbidden.add(text.getBytes(StandardCharsets.UTF_8));
        }

        List<byte[]> published = everyRecordOfEveryTopic();
        assertThat(published).as("records read back").hasSizeGreaterThan(4);
        for (byte[] bytes : published) {
            for (byte[] secretForm : forbidden) {
                assertThat(indexOf(bytes, secretForm)).as("a secret inside a published record").isEqualTo(-1);
            }
        }
        byte[] logBytes = log.getBytes(StandardCharsets.UTF_8);
        for (byte[] secretForm : forbidden) {
            assertThat(indexOf(logBytes, secretForm)).as("a secret in the log").isEqualTo(-1);
        }
        // Neither on the screen, except the password in the one place it is shown, nor on ykman's command line.
        assertThat(transcript).doesNotContain(secret).doesNotContain(passwords.get(0)).doesNotContain(passwords.get(1));
        assertThat(agent.ykman.calls()).allSatisfy(argv -> assertThat(String.join(" ", argv)).doesNotContain(secret));
        assertThat(agent.ykman.addCalls(AgentFixture.KEY_A)).isNotEmpty();
        for (Path file : agent.ykman.files()) {
            if (file.getFileName().toString().endsWith(".calls")) {
                assertThat(Files.readString(file)).doesNotContain(secret);
            }
        }
    }

    /** Every record on every topic of the catalogue, as raw bytes: key, value and each header. */
    private static List<byte[]> everyRecordOfEveryTopic() {
        List<byte[]> raw = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.get().bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (EventType type : EventType.values()) {
                for (String topic : List.of(type.topic(), type.deadLetterTopic())) {
                    var infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
                    if (infos != null) {
                        infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
                    }
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() != null) {
                        raw.add(record.key());
                    }
                    if (record.value() != null) {
                        raw.add(record.value());
                    }
                    for (Header header : record.headers()) {
                        raw.add(header.value());
                    }
                }
            }
        }
        return raw;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
