package uk.gov.gds.awsam.provisioner.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.events.AccountCreated;
import uk.gov.gds.awsam.events.RequestFailed;
import uk.gov.gds.awsam.events.RootMfaRequested;
import uk.gov.gds.awsam.events.YubikeysReturned;
import uk.gov.gds.awsam.provisioner.domain.BootstrapRoleSchedule.HandOver;
import uk.gov.gds.awsam.provisioner.messaging.PublishedEvents.KnownAccount;
import uk.gov.gds.awsam.testsupport.KafkaTestResource;
import uk.gov.gds.awsam.testsupport.ReplicaReadinessAssertions;
import uk.gov.gds.awsam.testsupport.SampleEvents;
import uk.gov.gds.awsam.testsupport.TestEvents;

/**
 * After a restart the provisioner knows, from its own topics, what it published and each request's reviewed admins; and,
 * from the yubikey-agent's topic, every hand-over. Its readiness is DOWN once the read-back has stopped.
 */
class PublishedEventsTest {

    @Test
    void aFreshStartReadsBackTheProvisionersEventsAndNoOneElsesAndEveryHandOver() {
        TestEvents events = KafkaTestResource.events();
        String requestId = SampleEvents.newRequestId();
        AccountCreated created = SampleEvents.accountCreated(requestId).setEventId(UUID.randomUUID().toString())
                .setAdminUserEmails(List.of("admin.one@digital.cabinet-office.gov.uk", "admin.two@digital.cabinet-office.gov.uk")).build();
        RootMfaRequested requested = SampleEvents.rootMfaRequested(requestId).setEventId(UUID.randomUUID().toString()).build();
        RequestFailed someoneElses = SampleEvents.requestFailed(requestId).setEventId(UUID.randomUUID().toString()).build();
        events.publish(created, ProvisionerEvents.SOURCE);
        events.publish(requested, ProvisionerEvents.SOURCE);
        events.publish(someoneElses, "pr-service");
        YubikeysReturned returned = SampleEvents.yubikeysReturned(requestId).setEventId(UUID.randomUUID().toString()).build();
        events.publish(returned, "yubikey-agent");

        try (PublishedEvents published = new PublishedEvents(ProvisionerEvents.SOURCE, java.util.Map.of("bootstrap.servers", events.bootstrapServers()), events.registryUrl())) {
            published.start();
            published.awaitCaughtUp(TestEvents.TIMEOUT);

            assertThat(published.contains(created.getEventId())).isTrue();
            assertThat(published.contains(requested.getEventId())).isTrue();
            assertThat(published.contains(someoneElses.getEventId())).isFalse();
            assertThat(published.account(requestId)).contains(new KnownAccount(created.getAccountId(), created.getAccountName(),
                    created.getRootEmail(), created.getAdminUserEmails()));
            assertThat(published.account(SampleEvents.newRequestId())).isEmpty();
            assertThat(published.handOvers()).contains(new HandOver(requestId, returned.getEventId(), returned.getAccountId(), returned.getOccurredAt()));
            assertThat(published.contains(returned.getEventId())).as("a hand-over is not an event the provisioner published").isFalse();
        }
    }

    @Test
    void readinessIsDownOnceTheReadBackHasStoppedAlthoughItHadCaughtUp() {
        TestEvents events = KafkaTestResource.events();
        PublishedEvents published = new PublishedEvents(ProvisionerEvents.SOURCE, java.util.Map.of("bootstrap.servers", events.bootstrapServers()),
                events.registryUrl());
        ReplicaReadinessAssertions.upOnceCaughtUpDownOnceStopped(new PublishedEventsHealth(published), published::start, published::close);
    }
}
