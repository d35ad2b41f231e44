package uk.gov.gds.awsam.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The one declaration of the topics: every catalogue topic, each with the settings DESIGN §4 needs. */
class TopicsTest {

    @Test
    void everyEventTopicAndItsDeadLetterTopicAreKeptForeverAndEveryInternalTopicIsCompacted() {
        List<String> expected = new ArrayList<>();
        for (EventType type : EventType.values()) {
            expected.add(type.topic());
            expected.add(type.deadLetterTopic());
        }
        for (InternalTopic topic : InternalTopic.values()) {
            expected.add(topic.topic());
        }
        assertThat(Topics.names()).doesNotHaveDuplicates().containsExactlyElementsOf(expected);
        for (TopicSpec spec : Topics.all()) {
            assertThat(spec.partitions()).as(spec.name()).isEqualTo(Topics.PARTITIONS);
            if (spec.name().startsWith(InternalTopic.PREFIX)) {
                assertThat(spec.configs()).as(spec.name()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "3600000"));
            } else {
                assertThat(spec.configs()).as(spec.name()).containsEntry("cleanup.policy", "delete").containsEntry("retention.ms", "-1");
            }
        }
    }
}
