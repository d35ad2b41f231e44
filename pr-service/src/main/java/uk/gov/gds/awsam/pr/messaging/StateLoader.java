package uk.gov.gds.awsam.pr.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import uk.gov.gds.awsam.events.StateReaders;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.PrClosed;
import uk.gov.gds.awsam.events.PrMerged;
import uk.gov.gds.awsam.events.PrOpened;
import uk.gov.gds.awsam.events.TerraformGenerated;
import uk.gov.gds.awsam.pr.domain.ProcessedDeliveries;
import uk.gov.gds.awsam.pr.domain.RequestLedger;
import uk.gov.gds.awsam.pr.domain.TrackedRequest.Conclusion;
import uk.gov.gds.awsam.pr.domain.TrackedRequest.RecordLocation;

/**
 * Rebuilds, at start, what pr-service knows from the topics (Kafka is the system of record): every
 * TerraformGenerated, PrOpened, PrMerged and PrClosed into the {@link RequestLedger}, every processed webhook
 * delivery id from the compacted internal topic into {@link ProcessedDeliveries}. Reads from the beginning,
 * without a consumer group; once it has reached the end offsets it saw at start the ledger is loaded (the
 * service becomes ready and the reconciler runs), and it keeps following the topics, so what another
 * instance publishes is known here too. Undecodable records are stepped over (their consumers dead-letter them).
 */
@ApplicationScoped
public class StateLoader {

    private static final Logger LOG = Logger.getLogger(StateLoader.class);

    private final RequestLedger ledger;
    private final ProcessedDeliveries deliveries;
    private final ReconcileSchedule reconcile;
    private final Map<String, Object> kafkaClient;
    private final String registryUrl;
    private final String deliveriesTopic;
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public StateLoader(RequestLedger ledger, ProcessedDeliveries deliveries, ReconcileSchedule reconcile,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaClient,
            @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url") String registryUrl,
            @ConfigProperty(name = "aws-accounts.topic.internal.pr-service-webhook-deliveries") String deliveriesTopic) {
        this.ledger = ledger;
        this.deliveries = deliveries;
        this.reconcile = reconcile;
        this.kafkaClient = kafkaClient;
        this.registryUrl = registryUrl;
        this.deliveriesTopic = deliveriesTopic;
    }

    void start(@Observes StartupEvent started) {
        thread = new Thread(this::follow, "pr-service-state-loader");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent stopping) {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }

    /**
     * The connector's client settings ({@code kafka.*}: bootstrap servers, and in a cluster the TLS and SASL
     * settings) for a consumer of its own that reads from the start and never joins a group.
     */
    private Map<String, Object> consumerConfig() {
        return StateReaders.consumerConfig(kafkaClient, "pr-service-state-loader");
    }

    private void follow() {
        while (running) {
            try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerConfig(),
                    new StringDeserializer(), new ByteArrayDeserializer());
                    AvroKafkaDeserializer<Object> avro = new AvroKafkaDeserializer<>()) {
                consumer = kafka;
                avro.configure(Map.of("apicurio.registry.url", registryUrl, "apicurio.registry.use-specific-avro-reader", true), false);
                List<TopicPartition> partitions = new ArrayList<>();
                for (String topic : List.of(EventType.TERRAFORM_GENERATED.topic(), EventType.PR_OPENED.topic(), EventType.PR_MERGED.topic(),
                        EventType.PR_CLOSED.topic(), deliveriesTopic)) {
                    kafka.partitionsFor(topic, Duration.ofSeconds(30)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
                }
                kafka.assign(partitions);
                kafka.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = new HashMap<>(kafka.endOffsets(partitions, Duration.ofSeconds(30)));
                long records = 0;
                while (running) {
                    for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(500))) {
                        apply(record, avro);
                        records++;
                    }
                    if (!ledger.loaded() && caughtUp(kafka, end.keySet(), end)) {
                        ledger.markLoaded();
                        LOG.infof("state rebuilt from %d records: %d requests, %d processed webhook deliveries", records, ledger.size(),
                                deliveries.size());
                        reconcile.runSoon();
                    }
                }
            } catch (WakeupException stopping) {
                return;
            } catch (RuntimeException broken) {
                if (running) {
                    LOG.warnf("following the topics failed (%s); starting again from the beginning", broken.toString());
                }
            }
        }
    }

    private static boolean caughtUp(KafkaConsumer<String, byte[]> kafka, Set<TopicPartition> partitions, Map<TopicPartition, Long> end) {
        return partitions.stream().allMatch(p -> kafka.position(p) >= end.get(p));
    }

    private void apply(ConsumerRecord<String, byte[]> record, AvroKafkaDeserializer<Object> avro) {
        if (record.topic().equals(deliveriesTopic)) {
            if (record.key() != null && record.value() != null) {
                deliveries.add(record.key());
            }
            return;
        }
        Object event;
        try {
            event = avro.deserialize(record.topic(), record.headers(), record.value());
        } catch (RuntimeException undecodable) {
            return;
        }
        if (event instanceof TerraformGenerated g) {
            ledger.generated(TerraformGeneratedConsumer.toChange(g), new RecordLocation(record.partition(), record.offset()));
        } else if (event instanceof PrOpened o) {
            ledger.opened(o.getRequestId(), o.getNumber(), o.getEventId());
        } else if (event instanceof PrMerged m) {
            ledger.concluded(m.getRequestId(), Conclusion.MERGED);
        } else if (event instanceof PrClosed c) {
            ledger.concluded(c.getRequestId(), Conclusion.CLOSED);
        }
    }

    /** For readiness: the loader is following the topics. */
    public boolean alive() {
        return thread != null && thread.isAlive();
    }
}
