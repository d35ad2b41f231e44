package uk.gov.gds.awsam.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.apache.kafka.common.Uuid;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

/**
 * A real Kafka broker in KRaft mode running inside this JVM, on 127.0.0.1, that can be stopped and
 * started again at the same address with its data kept, so tests can take the broker away mid-flight.
 */
public final class EmbeddedBroker implements Infrastructure.BrokerControl, AutoCloseable {

    private final int kafkaPort;
    private final int controllerPort;
    private final Path logDir;
    private final String clusterId = Uuid.randomUuid().toString();
    private EmbeddedKafkaBroker broker;

    private EmbeddedBroker(int kafkaPort, int controllerPort, Path logDir) {
        this.kafkaPort = kafkaPort;
        this.controllerPort = controllerPort;
        this.logDir = logDir;
    }

    public static EmbeddedBroker startNew() {
        try {
            EmbeddedBroker broker = new EmbeddedBroker(freePort(), freePort(), Files.createTempDirectory("awsam-kafka-"));
            broker.start();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    @Override
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        // Kafka loads some of its classes by the thread's context class loader: make it the one that loaded
        // Kafka, whatever test framework called us.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(EmbeddedKafkaBroker.class.getClassLoader());
        try {
            broker = startBroker();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private EmbeddedKafkaBroker startBroker() {
        return new EmbeddedKafkaBroker()
                .withNodeId(1)
                .withKafkaHost("127.0.0.1")
                .withKafkaPort(kafkaPort)
                .withControllerPort(controllerPort)
                .withClusterId(clusterId)
                .withDeleteLogDirsOnClose(false)
                .withAdditionalProperties(properties -> {
                    properties.put("log.dir", logDir.toString());
                    properties.put("num.partitions", "3");
                    properties.put("auto.create.topics.enable", "true");
                    properties.put("group.initial.rebalance.delay.ms", "0");
                    properties.put("transaction.state.log.num.partitions", "3");
                })
                .start();
    }

    @Override
    public synchronized void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return broker != null && broker.isRunning();
    }

    @Override
    public synchronized void close() {
        stop();
        try (Stream<Path> files = Files.walk(logDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
