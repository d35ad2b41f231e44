package uk.gov.gds.awsam.request.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import uk.gov.gds.awsam.events.EventMessages;
import uk.gov.gds.awsam.events.InternalTopic;
import uk.gov.gds.awsam.events.ReplicaHealth;
import uk.gov.gds.awsam.events.StateReaders;
import uk.gov.gds.awsam.events.TopicReplica;
import uk.gov.gds.awsam.request.domain.Claim;
import uk.gov.gds.awsam.request.domain.ClaimLedger;
import uk.gov.gds.awsam.request.domain.Claims;
import uk.gov.gds.awsam.request.domain.Projection;

/**
 * The claims on their compacted topic ({@link InternalTopic#REQUEST_SERVICE_CLAIMS}): written
 * on the {@value #CHANNEL} channel (acks=all, idempotent), read back by a {@link TopicReplica} into {@link Claims}. Key the
 * claim's key (no email in it); value {@code {"requestId", "payloadSha256", "claimedAt"}}, or
 * {@code {"requestId", "releasedAt"}} when the claimer gives the claim up. One key is one partition, so the broker
 * orders a key's claims and every instance reads them in that order.
 */
@ApplicationScoped
public class ClaimsTopic implements ClaimLedger {

    public static final String TOPIC = InternalTopic.REQUEST_SERVICE_CLAIMS.topic();
    public static final String CHANNEL = "claims";
    private static final Logger LOG = Logger.getLogger(ClaimsTopic.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Claims are few and small: the replica polls often, so a read barrier is met soon. */
    private static final Duration POLL = Duration.ofMillis(100);
    /**
     * How old a reached barrier on the view may be for a claim's decision. A claim past its hold (3 publish timeouts)
     * had its request published within 2 of them, so that request is one publish timeout (7 s) old at least, less
     * what the instances' clocks disagree by: 2 s of it go to the view, 5 s stay the clocks' margin.
     */
    private static final Duration VIEW_USABLE = Duration.ofSeconds(2);
    /** How old it may grow before the next decision asks for a new one (without waiting for it). */
    private static final Duration VIEW_REFRESH = Duration.ofMillis(500);

    /** Writes one record to the claims topic; completes once the broker has acknowledged it. */
    @FunctionalInterface
    public interface Writer {
        CompletionStage<Void> write(String key, String value);
    }

    private final Claims claims;
    private final RecentViewBarrier view;
    private final Writer writer;
    private final TopicReplica<JsonNode> replica;

    @Inject
    public ClaimsTopic(Claims claims, Projection view, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            @Channel(CHANNEL) Emitter<String> emitter) {
        this(claims, view, kafkaConfig, (key, value) -> EventMessages.sendAcknowledged(emitter, value,
                Metadata.of(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build())));
    }

    /**
     * @param kafkaConfig the Kafka client's settings (bootstrap servers, security), for the reader
     * @param writer how claims are written (the service: the {@value #CHANNEL} channel, acknowledged by all in-sync replicas)
     */
    public ClaimsTopic(Claims claims, Projection view, Map<String, Object> kafkaConfig, Writer writer) {
        this(claims, view, kafkaConfig, writer, TOPIC);
    }

    /** Reading another topic: a test's, to see the reader wait for a topic that does not exist. */
    ClaimsTopic(Claims claims, Projection view, Map<String, Object> kafkaConfig, Writer writer, String topic) {
        this.claims = claims;
        this.view = new RecentViewBarrier(view::sync, VIEW_USABLE, VIEW_REFRESH, System::nanoTime);
        this.writer = writer;
        this.replica = TopicReplica.<JsonNode>builder("claims", StateReaders.promptConsumerConfig(kafkaConfig, "request-service-claims"),
                List.of(topic), () -> (from, headers, value) -> read(value), this::apply)
                .waitForTopics()
                .pollTimeout(POLL)
                .build();
    }

    void onStart(@Observes StartupEvent started) {
        start();
    }

    public ClaimsTopic start() {
        replica.start();
        return this;
    }

    @PreDestroy
    public void close() {
        replica.close();
    }

    /** The readiness check of the claims' reader, named {@code name} ({@link ReplicaHealth}); the check adds its own data. */
    public HealthCheckResponseBuilder readiness(String name) {
        return ReplicaHealth.readiness(name, replica);
    }

    /** The liveness check of the claims' reader, named {@code name}: DOWN once its thread has stopped ({@link ReplicaHealth}). */
    public HealthCheckResponse liveness(String name) {
        return ReplicaHealth.liveness(name, replica);
    }

    /** How many keys are held by claims within their hold. */
    public int held() {
        return claims.size();
    }

    @Override
    public CompletionStage<Void> claim(List<Claim> mine) {
        return send(mine, claim -> JSON.createObjectNode().put("requestId", claim.requestId())
                .put("payloadSha256", claim.payloadSha256()).put("claimedAt", claim.claimedAt().toString()));
    }

    @Override
    public CompletionStage<Void> release(List<Claim> mine) {
        return send(mine, claim -> JSON.createObjectNode().put("requestId", claim.requestId())
                .put("releasedAt", Instant.now().toString())).whenComplete((done, failure) -> {
                    if (failure != null) {
                        LOG.warnf("Could not release the claims of request %s (they lapse after their hold): %s",
                                mine.get(0).requestId(), failure.toString());
                    }
                });
    }

    @Override
    public CompletionStage<Map<String, List<Claim>>> read(Collection<String> keys) {
        return CompletableFuture.allOf(replica.sync().toCompletableFuture(), view.recentEnough()).thenApply(synced -> {
            Map<String, List<Claim>> read = new LinkedHashMap<>();
            keys.forEach(key -> read.put(key, claims.of(key)));
            return read;
        });
    }

    private CompletionStage<Void> send(List<Claim> mine, java.util.function.Function<Claim, ObjectNode> value) {
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (Claim claim : mine) {
            CompletableFuture<Void> ack = new CompletableFuture<>();
            try {
                writer.write(claim.key(), value.apply(claim).toString()).whenComplete((done, failure) -> {
                    if (failure == null) {
                        ack.complete(null);
                    } else {
                        ack.completeExceptionally(failure);
                    }
                });
            } catch (RuntimeException refused) {
                ack.completeExceptionally(refused);
            }
            acks.add(ack);
        }
        return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new));
    }

    private static JsonNode read(byte[] value) {
        try {
            return value == null ? null : JSON.readTree(new String(value, StandardCharsets.UTF_8));
        } catch (java.io.IOException notJson) {
            throw new IllegalArgumentException("a claim is JSON", notJson);
        }
    }

    private void apply(TopicReplica.Entry<JsonNode> entry) {
        JsonNode value = entry.value();
        if (value == null || !value.hasNonNull("requestId")) {
            return; // a tombstone, or not a claim: nothing held
        }
        String requestId = value.get("requestId").asText();
        if (value.has("releasedAt")) {
            claims.released(entry.key(), requestId);
        } else {
            claims.claimed(new Claim(entry.key(), requestId, value.path("payloadSha256").asText(null),
                    Instant.parse(value.get("claimedAt").asText())));
        }
    }
}
