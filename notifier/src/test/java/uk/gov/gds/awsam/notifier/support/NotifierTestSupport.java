package uk.gov.gds.awsam.notifier.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.InternalTopic;
import uk.gov.gds.awsam.testsupport.TestEvents;
import uk.gov.gds.awsam.testsupport.mail.Mailbox;
import uk.gov.gds.awsam.testsupport.mail.ReceivedMail;

/** What the notifier's tests share: mail predicates and views of its Kafka state. */
public final class NotifierTestSupport {

    public static final String TEAM = "team@notifier.test";
    public static final String ENGINEERS = "engineers@notifier.test";
    public static final String STATUS_PAGE = "http://request-service.test:8080/requests/";
    public static final String REQUEST_ID_HEADER = "X-AWS-Accounts-Request-Id";
    public static final String SENT_LOG = InternalTopic.NOTIFIER_SENT_LOG.topic();

    /** The incoming channels, as named in application.properties, with the topic each reads. */
    public static final Map<String, EventType> CHANNELS = Map.ofEntries(
            Map.entry("request-submitted", EventType.REQUEST_SUBMITTED),
            Map.entry("pr-opened", EventType.PR_OPENED),
            Map.entry("pr-closed", EventType.PR_CLOSED),
            Map.entry("root-mfa-requested", EventType.ROOT_MFA_REQUESTED),
            Map.entry("root-secured", EventType.ROOT_SECURED),
            Map.entry("user-created", EventType.USER_CREATED),
            Map.entry("user-removed", EventType.USER_REMOVED),
            Map.entry("request-failed", EventType.REQUEST_FAILED),
            Map.entry("request-waiting", EventType.REQUEST_WAITING),
            Map.entry("account-closing", EventType.ACCOUNT_CLOSING),
            Map.entry("account-closed", EventType.ACCOUNT_CLOSED),
            Map.entry("root-mfa-removed", EventType.ROOT_MFA_REMOVED),
            Map.entry("bootstrap-role-checked", EventType.BOOTSTRAP_ROLE_CHECKED));

    private NotifierTestSupport() {
    }

    /** Emails about one request. */
    public static Predicate<ReceivedMail> about(String requestId) {
        return Mailbox.header(REQUEST_ID_HEADER, requestId);
    }

    public static Predicate<ReceivedMail> about(String requestId, String recipient) {
        return about(requestId).and(Mailbox.to(recipient));
    }

    /** Every record of the sent-log topic so far: Message-ID to its note. */
    public static Map<String, String> sentLog(String bootstrapServers) {
        Map<String, String> records = new HashMap<>();
        for (ConsumerRecord<String, String> record : readAll(bootstrapServers, SENT_LOG)) {
            records.put(record.key(), record.value());
        }
        return records;
    }

    public static List<ConsumerRecord<String, String>> readAll(String bootstrapServers, String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            Awaitility.await().atMost(TestEvents.TIMEOUT).pollInterval(Duration.ZERO).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return partitions.stream().allMatch(partition -> consumer.position(partition) >= ends.get(partition));
            });
            return records;
        }
    }

    /** The offset a consumer group committed for a partition, or -1. */
    public static long committed(String bootstrapServers, String group, TopicPartition partition) {
        try (Admin admin = admin(bootstrapServers)) {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                    .get(partition);
            return offset == null ? -1 : offset.offset();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The partitions that a consumer group of the notifier (named from {@code groupPrefix}) has not consumed to
     * the end, in words; empty when every group is done.
     */
    public static String lag(String bootstrapServers, String groupPrefix) {
        StringBuilder lagging = new StringBuilder();
        try (Admin admin = admin(bootstrapServers)) {
            for (Map.Entry<String, EventType> channel : CHANNELS.entrySet()) {
                String group = groupPrefix + "." + channel.getKey();
                String topic = channel.getValue().topic();
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                        .forEach(info -> latest.put(new TopicPartition(topic, info.partition()), OffsetSpec.latest()));
                for (var end : admin.listOffsets(latest).all().get().entrySet()) {
                    OffsetAndMetadata done = committed.get(end.getKey());
                    long position = done == null ? 0 : done.offset();
                    if (position < end.getValue().offset()) {
                        lagging.append(group).append(' ').append(end.getKey()).append(": committed ").append(position)
                                .append(" of ").append(end.getValue().offset()).append("; ");
                    }
                }
            }
            return lagging.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Admin admin(String bootstrapServers) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }
}
