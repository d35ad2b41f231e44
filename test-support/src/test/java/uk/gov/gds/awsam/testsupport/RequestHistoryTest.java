package uk.gov.gds.awsam.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.PrMerged;
import uk.gov.gds.awsam.events.RequestHistory;
import uk.gov.gds.awsam.events.RequestSubmitted;

/** schemas' {@link RequestHistory}, the lookup retries use, against a real broker and registry. */
class RequestHistoryTest {

    private final Infrastructure infrastructure = TestInfrastructure.get();
    private final TestEvents events = KafkaTestResource.events();
    private final RequestHistory history = new RequestHistory(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers()), infrastructure.registryUrl(), "history-test");

    @Test
    void theRequestsLatestEventOfTheTypePastOthersAndPastAnUndecodableRecord() {
        String requestId = SampleEvents.newRequestId();
        String other = SampleEvents.newRequestId();
        events.publish(SampleEvents.prMerged(requestId).setMergeCommitSha("a".repeat(40)).build());
        events.publish(SampleEvents.prMerged(other).setMergeCommitSha("b".repeat(40)).build());
        events.publishRaw(EventType.PR_MERGED.topic(), requestId, "not an event".getBytes(StandardCharsets.UTF_8));
        events.publish(SampleEvents.prMerged(requestId).setMergeCommitSha("c".repeat(40)).build());

        assertThat(history.latest(EventType.PR_MERGED, requestId, PrMerged.class)).hasValueSatisfying(
                merged -> assertThat(merged.getMergeCommitSha()).isEqualTo("c".repeat(40)));
        assertThat(history.latest(EventType.PR_MERGED, other, PrMerged.class)).hasValueSatisfying(
                merged -> assertThat(merged.getMergeCommitSha()).isEqualTo("b".repeat(40)));
    }

    @Test
    void aRegistryThatCannotBeReachedFailsTheLookupRatherThanFindingNothing() {
        String requestId = SampleEvents.newRequestId();
        events.publish(SampleEvents.prMerged(requestId).build());
        RequestHistory registryAway = new RequestHistory(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers()),
                "http://127.0.0.1:1/apis/registry/v3", "history-test");

        assertThatThrownBy(() -> registryAway.latest(EventType.PR_MERGED, requestId, PrMerged.class))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("the schema registry is unavailable");
    }

    @Test
    void nothingForARequestTheTopicDoesNotHoldOrAnEventOfAnotherClass() {
        String requestId = SampleEvents.newRequestId();
        events.publish(SampleEvents.prMerged(requestId).build());

        assertThat(history.latest(EventType.REQUEST_SUBMITTED, requestId, RequestSubmitted.class)).isEmpty();
        assertThat(history.latest(EventType.PR_MERGED, requestId, RequestSubmitted.class)).isEmpty();
    }
}
