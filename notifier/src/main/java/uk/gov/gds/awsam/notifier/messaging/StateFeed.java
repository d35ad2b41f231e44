package uk.gov.gds.awsam.notifier.messaging;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import uk.gov.gds.awsam.events.AvroDecoder;
import uk.gov.gds.awsam.events.BootstrapRoleChecked;
import uk.gov.gds.awsam.events.ReplicaHealth;
import uk.gov.gds.awsam.events.RequestSubmitted;
import uk.gov.gds.awsam.events.RootMfaSeeded;
import uk.gov.gds.awsam.events.RootSecured;
import uk.gov.gds.awsam.events.StateReaders;
import uk.gov.gds.awsam.events.TopicReplica;
import uk.gov.gds.awsam.events.YubikeysReturned;
import uk.gov.gds.awsam.notifier.config.NotifierConfig;
import uk.gov.gds.awsam.notifier.domain.BootstrapRoleChecks;
import uk.gov.gds.awsam.notifier.domain.KeyCustody;
import uk.gov.gds.awsam.notifier.domain.RequestDirectory;
import uk.gov.gds.awsam.notifier.domain.SentLog;

/**
 * The state the notifier needs, rebuilt from the topics at start and kept up to date: the request directory
 * (RequestSubmitted), the sent-log (the compacted internal topic), and the YubiKeys' custody
 * (RootMfaSeeded, RootSecured, YubikeysReturned), and the checks that found a handed-over account's bootstrap role
 * still there (BootstrapRoleChecked). A {@link TopicReplica} of those topics; one that does not
 * exist yet is read as empty until it does.
 *
 * <p>{@link #sync()} is a read barrier: it completes once the feed has read everything those topics held
 * when it was called. A handler that calls it before it looks a request up sees every RequestSubmitted
 * published before the event it handles (which its producer published after), and every email any
 * instance recorded as sent.
 */
@ApplicationScoped
public class StateFeed {

    private static final Logger LOG = Logger.getLogger(StateFeed.class);

    private final Map<String, Kind> topics = new HashMap<>();
    private final RequestDirectory directory;
    private final SentLog sentLog;
    private final KeyCustody custody;
    private final BootstrapRoleChecks bootstrapChecks;
    private final TopicReplica<Object> replica;

    enum Kind {
        REQUEST_SUBMITTED, ROOT_MFA_SEEDED, ROOT_SECURED, YUBIKEYS_RETURNED, BOOTSTRAP_ROLE_CHECKED, SENT_LOG
    }

    @Inject
    public StateFeed(@Identifier("default-kafka-broker") Map<String, Object> kafka,
            @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url") String registryUrl,
            @ConfigProperty(name = "aws-accounts.topic.request-submitted") String requestSubmitted,
            @ConfigProperty(name = "aws-accounts.topic.root-mfa-seeded") String rootMfaSeeded,
            @ConfigProperty(name = "aws-accounts.topic.root-secured") String rootSecured,
            @ConfigProperty(name = "aws-accounts.topic.yubikeys-returned") String yubikeysReturned,
            @ConfigProperty(name = "aws-accounts.topic.bootstrap-role-checked") String bootstrapRoleChecked,
            NotifierConfig config, RequestDirectory directory, SentLog sentLog, KeyCustody custody,
            BootstrapRoleChecks bootstrapChecks) {
        this(StateReaders.consumerConfig(kafka, "notifier-state-feed"), Map.of("apicurio.registry.url", registryUrl),
                Map.of(requestSubmitted, Kind.REQUEST_SUBMITTED, rootMfaSeeded, Kind.ROOT_MFA_SEEDED,
                        rootSecured, Kind.ROOT_SECURED, yubikeysReturned, Kind.YUBIKEYS_RETURNED,
                        bootstrapRoleChecked, Kind.BOOTSTRAP_ROLE_CHECKED, config.sentLogTopic(), Kind.SENT_LOG),
                directory, sentLog, custody, bootstrapChecks, io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool());
    }

    StateFeed(Map<String, Object> consumerConfig, Map<String, Object> serdeConfig, Map<String, Kind> topics,
            RequestDirectory directory, SentLog sentLog, KeyCustody custody, BootstrapRoleChecks bootstrapChecks,
            Executor completions) {
        this.topics.putAll(topics);
        this.directory = directory;
        this.sentLog = sentLog;
        this.custody = custody;
        this.bootstrapChecks = bootstrapChecks;
        String[] sentLogs = topics.entrySet().stream().filter(e -> e.getValue() == Kind.SENT_LOG).map(Map.Entry::getKey).toArray(String[]::new);
        this.replica = TopicReplica.<Object>builder("notifier-state-feed", consumerConfig, List.copyOf(topics.keySet()),
                AvroDecoder.of(serdeConfig), this::apply)
                .undecoded(sentLogs)
                .pollTimeout(Duration.ofMillis(100))
                .completions(completions)
                .onCaughtUp(() -> LOG.infof("State feed caught up: %d records read, %d requests known, %d emails in the sent-log, "
                        + "%d accounts with YubiKeys out", recordsRead(), directory.size(), sentLog.size(), custody.outstanding().size()))
                .build();
    }

    void onStart(@Observes StartupEvent started) {
        start();
    }

    void onStop(@Observes ShutdownEvent stopping) {
        stop();
    }

    void start() {
        replica.start();
    }

    void stop() {
        replica.close();
    }

    /**
     * Completes once everything published to the feed's topics before this call has been read. Once the feed
     * has stopped, never: an event whose handler waits on it is then neither acknowledged nor dead-lettered, and
     * is delivered again after the restart.
     */
    public CompletionStage<Void> sync() {
        return replica.sync();
    }

    /** Whether the topics have been read up to where they were at start. */
    public boolean isCaughtUp() {
        return replica.isCaughtUp();
    }

    /** The readiness check of the feed, named {@code name} ({@link ReplicaHealth}); the check adds its own data. */
    public HealthCheckResponseBuilder readiness(String name) {
        return ReplicaHealth.readiness(name, replica);
    }

    /** The liveness check of the feed, named {@code name}: DOWN once its thread has stopped ({@link ReplicaHealth}). */
    public HealthCheckResponse liveness(String name) {
        return ReplicaHealth.liveness(name, replica);
    }

    /** Every record read, skipped ones included. */
    public long recordsRead() {
        return replica.read() + replica.skipped();
    }

    public long recordsSkipped() {
        return replica.skipped();
    }

    private void apply(TopicReplica.Entry<Object> record) {
        if (topics.get(record.topic()) == Kind.SENT_LOG) {
            if (record.value() == null) {
                sentLog.remove(record.key());
            } else {
                sentLog.add(record.key());
            }
        } else if (record.value() instanceof RequestSubmitted submitted) {
            directory.put(AvroMapping.request(submitted));
        } else if (record.value() instanceof RootMfaSeeded seeded) {
            custody.seeded(AvroMapping.rootMfaSeeded(seeded));
        } else if (record.value() instanceof RootSecured secured) {
            custody.secured(AvroMapping.rootSecured(secured));
        } else if (record.value() instanceof YubikeysReturned returned) {
            custody.returned(AvroMapping.yubikeysReturned(returned));
        } else if (record.value() instanceof BootstrapRoleChecked checked) {
            bootstrapChecks.checked(AvroMapping.bootstrapRoleChecked(checked));
        } else {
            throw new IllegalArgumentException("unexpected record " + (record.value() == null ? null : record.value().getClass().getName()));
        }
    }
}
