package uk.gov.gds.awsam.request;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import uk.gov.gds.awsam.events.CloudEventHeaders;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.testsupport.TestEvents;

/** Publishes many events quickly, as the services would (keyed, CloudEvents headers, Avro), and waits for all acks. */
public final class EventBatch implements AutoCloseable {

    private final KafkaProducer<String, Object> producer;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    public EventBatch(String bootstrapServers, String registryUrl) {
        AvroKafkaSerializer<Object> serializer = new AvroKafkaSerializer<>();
        serializer.configure(TestEvents.serdeConfig(registryUrl), false);
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024), new StringSerializer(), serializer);
    }

    /** Sends without waiting; {@link #flush()} waits for every acknowledgement. */
    public void send(SpecificRecord event) {
        producer.send(new ProducerRecord<>(EventType.of(event).topic(), null, EventType.keyOf(event), event,
                CloudEventHeaders.kafkaHeaders(event, "test-batch")), (metadata, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    }
                });
    }

    public void sendAll(List<? extends SpecificRecord> events) {
        events.forEach(this::send);
    }

    /** Waits until everything sent is acknowledged; fails if anything was refused. */
    public void flush() {
        producer.flush();
        if (failure.get() != null) {
            throw new IllegalStateException("the broker refused an event", failure.get());
        }
    }

    @Override
    public void close() {
        flush();
        producer.close();
    }
}
