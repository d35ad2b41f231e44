package uk.gov.gds.awsam.provisioner.messaging;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import uk.gov.gds.awsam.events.AvroDecoder;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.StateReaders;
import uk.gov.gds.awsam.events.TopicReplica;
import uk.gov.gds.awsam.events.YubikeysReturned;
import uk.gov.gds.awsam.provisioner.domain.BootstrapRoleSchedule;
import uk.gov.gds.awsam.provisioner.domain.BootstrapRoleSchedule.HandOver;

/**
 * The accounts handed over (the yubikey-agent's YubikeysReturned, which completes a new-account request), read from
 * the topic at start and followed: a {@link TopicReplica} of its own, since {@link PublishedEvents} reads only what
 * the provisioner published. With what the provisioner published (AccountCreated, its BootstrapRoleChecked,
 * AccountClosing) it is what the {@link BootstrapRoleSchedule} decides from.
 */
public final class HandOvers implements BootstrapRoleSchedule.Known, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(HandOvers.class);

    private final PublishedEvents published;
    private final Map<String, HandOver> handOvers = new ConcurrentHashMap<>();
    private final TopicReplica<Object> replica;

    /**
     * @param source the provisioner's ce_source: names the reader
     * @param kafkaClient the Kafka client settings (bootstrap servers and, in a cluster, TLS and SASL)
     * @param registryUrl the Apicurio registry, to decode YubikeysReturned
     */
    public HandOvers(String source, Map<String, Object> kafkaClient, String registryUrl, PublishedEvents published) {
        this.published = published;
        String name = source + "-hand-overs";
        this.replica = TopicReplica.<Object>builder(name, StateReaders.consumerConfig(kafkaClient, name),
                List.of(EventType.YUBIKEYS_RETURNED.topic()), AvroDecoder.forRegistry(registryUrl), this::apply)
                .onCaughtUp(() -> LOG.infof("Read back %d hand-overs", handOvers.size()))
                .build();
    }

    /** Starts reading in its own thread. */
    public void start() {
        replica.start();
    }

    /** Whether both this and the provisioner's own events have been read up to where they were at start. */
    public boolean caughtUp() {
        return replica.isCaughtUp() && published.caughtUp();
    }

    @Override
    public Collection<HandOver> handOvers() {
        return List.copyOf(handOvers.values());
    }

    @Override
    public Optional<BootstrapRoleSchedule.Announced> announced(String requestId) {
        return published.account(requestId).map(account -> new BootstrapRoleSchedule.Announced(account.accountId(), account.accountName()));
    }

    @Override
    public List<BootstrapRoleSchedule.Check> checks(String requestId) {
        return published.bootstrapRoleChecks(requestId);
    }

    @Override
    public boolean closing(String accountId) {
        return published.closing(accountId);
    }

    @Override
    public void close() {
        replica.close();
    }

    private void apply(TopicReplica.Entry<Object> record) {
        if (record.value() instanceof YubikeysReturned returned) {
            handOvers.putIfAbsent(returned.getRequestId(), new HandOver(returned.getRequestId(), returned.getEventId(), returned.getAccountId(),
                    returned.getOccurredAt()));
        }
    }
}
