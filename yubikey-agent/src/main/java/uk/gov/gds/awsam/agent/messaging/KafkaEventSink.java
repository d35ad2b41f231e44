package uk.gov.gds.awsam.agent.messaging;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import uk.gov.gds.awsam.agent.domain.ClosureTask;
import uk.gov.gds.awsam.agent.domain.EventSink;
import uk.gov.gds.awsam.agent.domain.RootMfaTask;
import uk.gov.gds.awsam.events.CloudEventHeaders;
import uk.gov.gds.awsam.events.EventType;

/**
 * Publishes the agent's events the way every producer of the system does: Avro through the registry,
 * keyed by requestId, with the CloudEvents headers, idempotent, and done only once every in-sync replica
 * has the record (acks=all). A broker that does not acknowledge within the publish timeout is a failure
 * the engineer is told about.
 */
public final class KafkaEventSink implements EventSink {

    /** The CloudEvents source of the agent's events. */
    public static final String SOURCE = "yubikey-agent";
    private static final Logger LOG = Logger.getLogger(KafkaEventSink.class);

    private final KafkaConnection connection;
    private final Clock clock;

    public KafkaEventSink(KafkaConnection connection, Clock clock) {
        this.connection = connection;
        this.clock = clock;
    }

    @Override
    public String publishSeeded(RootMfaTask task, List<String> serials, String engineer, boolean signInTested) {
        return publish(EventMapping.seeded(task, serials, engineer, signInTested, clock.instant()));
    }

    @Override
    public String publishReturned(RootMfaTask task, List<String> serials, String engineer) {
        return publish(EventMapping.returned(task, serials, engineer, clock.instant()));
    }

    @Override
    public String publishRetry(RootMfaTask task, String engineer, String reason) {
        return publish(EventMapping.retry(task, engineer, reason, clock.instant()));
    }

    @Override
    public String publishRemoved(ClosureTask task, List<String> serials, String engineer) {
        return publish(EventMapping.removed(task, serials, engineer, clock.instant()));
    }

    private String publish(SpecificRecord event) {
        EventType type = EventType.of(event);
        String eventId = uk.gov.gds.awsam.events.Envelope.of(event).eventId();
        long timeout = connection.publishTimeout().toMillis();
        Map<String, Object> config = new HashMap<>(connection.clientProperties());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "yubikey-agent-publisher");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout, 10_000));
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        AvroKafkaSerializer<Object> serializer = new AvroKafkaSerializer<>();
        serializer.configure(connection.serdeConfig(), false);
        KafkaProducer<String, Object> producer;
        try {
            producer = new KafkaProducer<>(config, new StringSerializer(), serializer);
        } catch (RuntimeException e) {
            throw new Failed("the Kafka producer could not be set up (" + e.getMessage() + ")", e);
        }
        try {
            ProducerRecord<String, Object> record = new ProducerRecord<>(type.topic(), null, EventType.keyOf(event), event,
                    CloudEventHeaders.kafkaHeaders(event, SOURCE));
            RecordMetadata metadata = producer.send(record).get(timeout + 5_000, TimeUnit.MILLISECONDS);
            LOG.infof("published %s %s at %s-%d offset %d", type.recordClass().getSimpleName(), eventId, metadata.topic(),
                    metadata.partition(), metadata.offset());
            return eventId;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failed("interrupted before Kafka acknowledged it", e);
        } catch (ExecutionException e) {
            throw failed(e.getCause() == null ? e : e.getCause());
        } catch (TimeoutException | RuntimeException e) {
            throw failed(e);
        } finally {
            producer.close(Duration.ofSeconds(2));
        }
    }

    private Failed failed(Throwable cause) {
        LOG.warnf("publishing failed: %s: %s", cause.getClass().getSimpleName(), cause.getMessage());
        return new Failed("Kafka at " + connection.bootstrapServers() + " did not acknowledge it within "
                + connection.publishTimeout().toSeconds() + " s (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")", cause);
    }
}
