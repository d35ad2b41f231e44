package uk.gov.gds.awsam.testsupport;

import java.util.Optional;

/** A Kafka broker and a schema registry that tests (or the local run) talk to. */
public interface Infrastructure extends AutoCloseable {

    /** Where the broker listens, for {@code kafka.bootstrap.servers}. */
    String bootstrapServers();

    /** The Apicurio v3 API base URL, for {@code apicurio.registry.url}. */
    String registryUrl();

    /** Which broker and registry these are, in words, for test logs. */
    String description();

    /** Stop and restart the broker, keeping its data; present only for a broker this JVM runs. */
    Optional<BrokerControl> brokerControl();

    @Override
    void close();

    /** Stops and starts a broker in place (same address, same data) for fault tests. */
    interface BrokerControl {
        void stop();

        void start();

        boolean isRunning();
    }
}
