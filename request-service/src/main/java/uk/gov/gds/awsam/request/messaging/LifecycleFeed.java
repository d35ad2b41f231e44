package uk.gov.gds.awsam.request.messaging;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import uk.gov.gds.awsam.events.AvroDecoder;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.ReplicaHealth;
import uk.gov.gds.awsam.events.StateReaders;
import uk.gov.gds.awsam.events.TopicReplica;
import uk.gov.gds.awsam.request.config.RequestConfig;
import uk.gov.gds.awsam.request.domain.LifecycleEvent;
import uk.gov.gds.awsam.request.domain.Projection;

/**
 * Reads every lifecycle topic (one per event type) from its beginning into the {@link Projection}, then
 * keeps following them: a {@link TopicReplica}, waiting for the topics to exist. Every instance rebuilds its
 * whole view at start-up (Kafka is the system of record), and the view is caught up once every partition
 * has been read to the end offset it had at start-up.
 *
 * <p>Large batches are decoded on a few threads at once (the view does not depend on the order events are
 * applied in) and applied by the replica's thread alone. A record that cannot be decoded, or is not a usable
 * lifecycle event, is counted, logged and stepped over (the services that act on the topic dead-letter it).
 */
@ApplicationScoped
public class LifecycleFeed {

    private static final String APICURIO_PREFIX = "mp.messaging.connector.smallrye-kafka.";

    private final TopicReplica<LifecycleEvent> replica;

    @Inject
    public LifecycleFeed(Projection projection, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            Config config, RequestConfig requestConfig) {
        this(projection, kafkaConfig, serdeConfig(config), requestConfig.projection().pollTimeout());
    }

    /**
     * @param kafkaConfig the Kafka client's settings (bootstrap servers, security)
     * @param serdeConfig the Apicurio serde's settings
     */
    public LifecycleFeed(Projection projection, Map<String, Object> kafkaConfig, Map<String, Object> serdeConfig, Duration pollTimeout) {
        Map<String, Object> consumer = StateReaders.promptConsumerConfig(kafkaConfig, "request-service-lifecycle-feed");
        consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        consumer.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
        consumer.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        Supplier<AvroDecoder<SpecificRecord>> avro = AvroDecoder.of(serdeConfig);
        this.replica = TopicReplica.<LifecycleEvent>builder("lifecycle-feed", consumer, EventType.topics(),
                () -> avro.get().andThen(LifecycleEvents::toDomain),
                record -> {
                    if (record.value() == null) {
                        throw new IllegalArgumentException("a tombstone is not a lifecycle event");
                    }
                    projection.apply(record.value());
                })
                .waitForTopics()
                .decoderThreads(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())))
                .pollTimeout(pollTimeout)
                .onCaughtUp(projection::markCaughtUp)
                .build();
        projection.readBy(replica::sync);
    }

    /** Starts reading (the service does at start-up). */
    public LifecycleFeed start() {
        replica.start();
        return this;
    }

    void onStart(@Observes StartupEvent started) {
        start();
    }

    @PreDestroy
    public void stop() {
        replica.close();
    }

    /** The readiness check of the view's reader, named {@code name} ({@link ReplicaHealth}); the check adds its own data. */
    public HealthCheckResponseBuilder readiness(String name) {
        return ReplicaHealth.readiness(name, replica);
    }

    /** The liveness check of the view's reader, named {@code name}: DOWN once its thread has stopped ({@link ReplicaHealth}). */
    public HealthCheckResponse liveness(String name) {
        return ReplicaHealth.liveness(name, replica);
    }

    public long applied() {
        return replica.read();
    }

    public long undecodable() {
        return replica.skipped();
    }

    /** How long the rebuild took, in milliseconds; -1 until caught up. */
    public long caughtUpMillis() {
        return replica.caughtUpMillis();
    }

    /** The Apicurio serde settings the channels use ({@code mp.messaging.connector.smallrye-kafka.apicurio.*}). */
    private static Map<String, Object> serdeConfig(Config config) {
        Map<String, Object> serde = new HashMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(APICURIO_PREFIX + "apicurio.")) {
                config.getOptionalValue(name, String.class).ifPresent(value -> serde.put(name.substring(APICURIO_PREFIX.length()), value));
            }
        }
        return serde;
    }
}
