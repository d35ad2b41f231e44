package uk.gov.gds.awsam.notifier.messaging;

import java.util.HashMap;
import java.util.Map;

import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.InternalTopic;
import uk.gov.gds.awsam.events.StateReaders;
import uk.gov.gds.awsam.notifier.domain.BootstrapRoleChecks;
import uk.gov.gds.awsam.notifier.domain.KeyCustody;
import uk.gov.gds.awsam.notifier.domain.RequestDirectory;
import uk.gov.gds.awsam.notifier.domain.SentLog;
import uk.gov.gds.awsam.testsupport.TestEvents;

/** A state feed outside Quarkus, on the catalogue's topics, completing its barriers on the feed's own thread. */
final class StateFeeds {

    private StateFeeds() {
    }

    static StateFeed onCatalogueTopics(String bootstrapServers, String registryUrl, RequestDirectory directory,
            SentLog sentLog, KeyCustody custody, BootstrapRoleChecks bootstrapChecks) {
        Map<String, Object> kafka = new HashMap<>();
        kafka.put("bootstrap.servers", bootstrapServers);
        return new StateFeed(StateReaders.consumerConfig(kafka, "notifier-state-feed"), new HashMap<>(TestEvents.serdeConfig(registryUrl)),
                Map.of(EventType.REQUEST_SUBMITTED.topic(), StateFeed.Kind.REQUEST_SUBMITTED,
                        EventType.ROOT_MFA_SEEDED.topic(), StateFeed.Kind.ROOT_MFA_SEEDED,
                        EventType.ROOT_SECURED.topic(), StateFeed.Kind.ROOT_SECURED,
                        EventType.YUBIKEYS_RETURNED.topic(), StateFeed.Kind.YUBIKEYS_RETURNED,
                        EventType.BOOTSTRAP_ROLE_CHECKED.topic(), StateFeed.Kind.BOOTSTRAP_ROLE_CHECKED,
                        InternalTopic.NOTIFIER_SENT_LOG.topic(), StateFeed.Kind.SENT_LOG),
                directory, sentLog, custody, bootstrapChecks, Runnable::run);
    }
}
