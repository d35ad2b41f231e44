package uk.gov.gds.awsam.provisioner.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.jboss.logging.Logger;

import uk.gov.gds.awsam.events.AccountClosed;
import uk.gov.gds.awsam.events.AccountClosing;
import uk.gov.gds.awsam.events.AccountCreated;
import uk.gov.gds.awsam.events.AvroDecoder;
import uk.gov.gds.awsam.events.BootstrapRoleChecked;
import uk.gov.gds.awsam.events.CloudEventHeaders;
import uk.gov.gds.awsam.events.Envelope;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.InternalTopic;
import uk.gov.gds.awsam.events.ReplicaHealth;
import uk.gov.gds.awsam.events.RequestFailed;
import uk.gov.gds.awsam.events.RequestWaiting;
import uk.gov.gds.awsam.events.StateReaders;
import uk.gov.gds.awsam.events.TopicReplica;
import uk.gov.gds.awsam.events.YubikeysReturned;
import uk.gov.gds.awsam.provisioner.domain.BootstrapRoleSchedule;
import uk.gov.gds.awsam.provisioner.domain.Stopping;

/**
 * What the provisioner has already published, rebuilt from its own topics at start (Kafka is the system of
 * record; there is no database) and kept up to date as it publishes. It lets a redelivered PrMerged or
 * RootMfaSeeded give its events out exactly once (the event ids are derived from the cause), and it keeps
 * each request's AccountCreated, whose reviewed admin list the RootMfaSeeded step needs, across restarts; the closure
 * quota's count and queue; and, for the bootstrap role checks after hand-over ({@link BootstrapRoleSchedule.Known}),
 * the hand-overs (YubikeysReturned), each request's BootstrapRoleChecked and the accounts whose closure it announced.
 *
 * <p>One {@link TopicReplica} (it waits for its topics to exist), one rule a topic: of the provisioner's output topics
 * only the records it published ({@code ce_source}); every record of its journal and of the hand-over topic. Handlers
 * and the scheduled jobs wait until it has read up to the end offsets it found at start.
 */
public final class PublishedEvents implements BootstrapRoleSchedule.Known, AutoCloseable {

    /** The topics the provisioner publishes to. */
    public static final List<EventType> OWN_EVENTS = List.of(EventType.ACCOUNT_CREATED, EventType.ROOT_MFA_REQUESTED,
            EventType.ROOT_SECURED, EventType.USER_CREATED, EventType.USER_REMOVED, EventType.ACCOUNT_CLOSING, EventType.ACCOUNT_CLOSED,
            EventType.BOOTSTRAP_ROLE_CHECKED, EventType.REQUEST_FAILED, EventType.REQUEST_WAITING);
    /** The topics whose events are decoded (the rest only count by id). */
    private static final List<String> DECODED = List.of(EventType.ACCOUNT_CREATED.topic(), EventType.ACCOUNT_CLOSING.topic(),
            EventType.BOOTSTRAP_ROLE_CHECKED.topic(), EventType.ACCOUNT_CLOSED.topic(), EventType.REQUEST_FAILED.topic(),
            EventType.REQUEST_WAITING.topic(), EventType.YUBIKEYS_RETURNED.topic());
    /** The hand-overs (the yubikey-agent's YubikeysReturned, which completes a new-account request): every record counts. */
    private static final String HAND_OVERS_TOPIC = EventType.YUBIKEYS_RETURNED.topic();
    /** The provisioner's journal ({@link ProvisionerJournal}): read back with its events. */
    public static final String JOURNAL_TOPIC = InternalTopic.PROVISIONER_JOURNAL.topic();

    private static final Logger LOG = Logger.getLogger(PublishedEvents.class);

    /** The account of a request, as the provisioner announced it in AccountCreated. */
    public record KnownAccount(String accountId, String accountName, String rootEmail, List<String> adminUserEmails) {

        public KnownAccount {
            adminUserEmails = List.copyOf(adminUserEmails);
        }

        static KnownAccount of(AccountCreated created) {
            return new KnownAccount(created.getAccountId(), created.getAccountName(), created.getRootEmail(), created.getAdminUserEmails());
        }
    }

    private final String source;
    private final Set<String> eventIds = ConcurrentHashMap.newKeySet();
    private final Map<String, KnownAccount> accounts = new ConcurrentHashMap<>();
    private final Map<String, String> journal = new ConcurrentHashMap<>();
    /** When each closure the provisioner announced was requested, by the AccountClosing's id: the closure quota's count. */
    private final Map<String, Instant> closures = new ConcurrentHashMap<>();
    /** The accounts whose closure the provisioner announced (AccountClosing): their bootstrap roles are no longer looked for. */
    private final Set<String> closingAccounts = ConcurrentHashMap.newKeySet();
    /** Each request's BootstrapRoleChecked, by id, in the order published. */
    private final Map<String, Map<String, BootstrapRoleSchedule.Check>> bootstrapRoleChecks = new ConcurrentHashMap<>();
    /** The closure queue: the closures put down to wait, and what ended their waits. */
    private final QueuedClosures queuedClosures = new QueuedClosures();
    /** The first YubikeysReturned of each request. */
    private final Map<String, BootstrapRoleSchedule.HandOver> handOvers = new ConcurrentHashMap<>();
    private final TopicReplica<Object> replica;

    /**
     * @param source the ce_source of the provisioner's events: only those count
     * @param kafkaClient the Kafka client settings (bootstrap servers and, in a cluster, TLS and SASL)
     * @param registryUrl the Apicurio registry, to decode the events kept
     */
    public PublishedEvents(String source, Map<String, Object> kafkaClient, String registryUrl) {
        this.source = source;
        List<String> topics = new ArrayList<>(OWN_EVENTS.stream().map(EventType::topic).toList());
        topics.add(JOURNAL_TOPIC);
        topics.add(HAND_OVERS_TOPIC);
        this.replica = TopicReplica.<Object>builder(source + "-published-events", StateReaders.consumerConfig(kafkaClient, source + "-published-events"),
                topics, AvroDecoder.forRegistry(registryUrl), this::apply)
                .undecoded(topics.stream().filter(topic -> !DECODED.contains(topic)).toArray(String[]::new))
                .waitForTopics()
                .onCaughtUp(() -> LOG.infof("Read back %d published events (%d accounts) and %d hand-overs", eventIds.size(), accounts.size(),
                        handOvers.size()))
                .build();
    }

    /** Starts reading in its own thread. */
    public void start() {
        replica.start();
    }

    /** Whether an event with this id has been published by the provisioner. */
    public boolean contains(String eventId) {
        return eventIds.contains(eventId);
    }

    /** The AccountCreated the provisioner published for a request, if any. */
    public Optional<KnownAccount> account(String requestId) {
        return Optional.ofNullable(accounts.get(requestId));
    }

    /** When each closure the provisioner announced (AccountClosing) at or after {@code since} was requested, oldest first. */
    public List<Instant> closuresRequestedSince(Instant since) {
        return closures.values().stream().filter(at -> !at.isBefore(since)).sorted().toList();
    }

    @Override
    public boolean closing(String accountId) {
        return closingAccounts.contains(accountId);
    }

    @Override
    public Collection<BootstrapRoleSchedule.HandOver> handOvers() {
        return List.copyOf(handOvers.values());
    }

    @Override
    public Optional<BootstrapRoleSchedule.Announced> announced(String requestId) {
        return account(requestId).map(account -> new BootstrapRoleSchedule.Announced(account.accountId(), account.accountName()));
    }

    @Override
    public List<BootstrapRoleSchedule.Check> checks(String requestId) {
        Map<String, BootstrapRoleSchedule.Check> checks = bootstrapRoleChecks.get(requestId);
        if (checks == null) {
            return List.of();
        }
        synchronized (checks) {
            return List.copyOf(checks.values());
        }
    }

    /** The queued closures whose wait is over at {@code now} ({@link QueuedClosures#due}). */
    List<QueuedClosures.Queued> closuresDue(Instant now, Duration unknownAfter) {
        return queuedClosures.due(now, unknownAfter);
    }

    /** Records an event the provisioner just published (the broker acknowledged it). */
    public void record(SpecificRecord event) {
        Envelope envelope = Envelope.of(event);
        eventIds.add(envelope.eventId());
        keep(event);
    }

    private void keep(Object event) {
        if (event instanceof AccountCreated created) {
            accounts.put(created.getRequestId(), KnownAccount.of(created));
        } else if (event instanceof AccountClosing closing) {
            closures.put(closing.getEventId(), closing.getClosureRequestedAt());
            closingAccounts.add(closing.getAccountId());
            queuedClosures.closing(closing.getRequestId(), closing.getEventId(), closing.getOccurredAt());
        } else if (event instanceof AccountClosed closed) {
            queuedClosures.settled(closed.getRequestId(), closed.getOccurredAt());
        } else if (event instanceof RequestFailed failed) {
            queuedClosures.settled(failed.getRequestId(), failed.getOccurredAt());
        } else if (event instanceof RequestWaiting waiting) {
            queuedClosures.waiting(waiting);
        } else if (event instanceof BootstrapRoleChecked checked) {
            Map<String, BootstrapRoleSchedule.Check> checks = bootstrapRoleChecks.computeIfAbsent(checked.getRequestId(),
                    id -> new LinkedHashMap<>());
            synchronized (checks) {
                checks.putIfAbsent(checked.getEventId(), new BootstrapRoleSchedule.Check(checked.getEventId(),
                        BootstrapRoleSchedule.RoleState.valueOf(checked.getState().name()), checked.getCheckedAt(), checked.getNextCheckAt()));
            }
        }
    }

    /** The journal entry under {@code key}, if any (see {@link ProvisionerJournal}). */
    public Optional<String> journalEntry(String key) {
        return Optional.ofNullable(journal.get(key));
    }

    /** Records a journal entry the broker acknowledged (null: forgotten). */
    public void recordJournal(String key, String value) {
        if (value == null) {
            journal.remove(key);
        } else {
            journal.put(key, value);
        }
    }

    public boolean caughtUp() {
        return replica.isCaughtUp();
    }

    /** The readiness check of the read-back, named {@code name} ({@link ReplicaHealth}); the check adds its own data. */
    public HealthCheckResponseBuilder readiness(String name) {
        return ReplicaHealth.readiness(name, replica);
    }

    /** The liveness check of the read-back, named {@code name}: DOWN once its thread has stopped ({@link ReplicaHealth}). */
    public HealthCheckResponse liveness(String name) {
        return ReplicaHealth.liveness(name, replica);
    }

    /** Waits until everything published before the start has been read. */
    public void awaitCaughtUp(Duration timeout) {
        try {
            if (!replica.awaitCaughtUp(timeout)) {
                throw new IllegalStateException("the provisioner's published events were not read back within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopping("reading back the provisioner's published events", e);
        }
    }

    public int size() {
        return eventIds.size();
    }

    @Override
    public void close() {
        replica.close();
    }

    private void apply(TopicReplica.Entry<Object> record) {
        if (record.topic().equals(JOURNAL_TOPIC)) {
            recordJournal(record.key(), record.value() == null ? null : new String((byte[]) record.value(), StandardCharsets.UTF_8));
            return;
        }
        if (record.value() instanceof YubikeysReturned returned) {
            handOvers.putIfAbsent(returned.getRequestId(), new BootstrapRoleSchedule.HandOver(returned.getRequestId(), returned.getEventId(),
                    returned.getAccountId(), returned.getOccurredAt()));
            return;
        }
        if (!source.equals(header(record.headers(), CloudEventHeaders.SOURCE))) {
            return;
        }
        String eventId = header(record.headers(), CloudEventHeaders.ID);
        if (eventId == null) {
            return;
        }
        keep(record.value());
        eventIds.add(eventId);
    }

    private static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
