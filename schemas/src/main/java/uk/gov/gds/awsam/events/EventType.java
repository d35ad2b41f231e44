package uk.gov.gds.awsam.events;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * The one catalogue of the system's events: for each event, its generated Avro class, its topic and its
 * CloudEvents type. Nothing else in the project spells a topic name or an event type.
 *
 * <p>Conventions (held by {@code EventCatalogueTest}): one topic per event type, named
 * {@code aws-accounts.<event-in-kebab-case>}; its dead-letter topic is {@code <topic>.dlq}; the CloudEvents
 * type is {@code uk.gov.gds.aws-accounts.<event-in-kebab-case>.v1}; every record is keyed by its
 * {@code requestId}.
 */
public enum EventType {
    REQUEST_SUBMITTED(RequestSubmitted.class, "request-submitted"),
    TERRAFORM_GENERATED(TerraformGenerated.class, "terraform-generated"),
    PR_OPENED(PrOpened.class, "pr-opened"),
    PR_MERGED(PrMerged.class, "pr-merged"),
    PR_CLOSED(PrClosed.class, "pr-closed"),
    ACCOUNT_CREATED(AccountCreated.class, "account-created"),
    ROOT_MFA_REQUESTED(RootMfaRequested.class, "root-mfa-requested"),
    ROOT_MFA_SEEDED(RootMfaSeeded.class, "root-mfa-seeded"),
    ROOT_SECURED(RootSecured.class, "root-secured"),
    YUBIKEYS_RETURNED(YubikeysReturned.class, "yubikeys-returned"),
    USER_CREATED(UserCreated.class, "user-created"),
    USER_REMOVED(UserRemoved.class, "user-removed"),
    ACCOUNT_CLOSING(AccountClosing.class, "account-closing"),
    ACCOUNT_CLOSED(AccountClosed.class, "account-closed"),
    ROOT_MFA_REMOVED(RootMfaRemoved.class, "root-mfa-removed"),
    BOOTSTRAP_ROLE_CHECKED(BootstrapRoleChecked.class, "bootstrap-role-checked"),
    REQUEST_FAILED(RequestFailed.class, "request-failed"),
    REQUEST_WAITING(RequestWaiting.class, "request-waiting"),
    RETRY_REQUESTED(RetryRequested.class, "retry-requested"),
    DEAD_LETTER_REPLAYED(DeadLetterReplayed.class, "dead-letter-replayed");

    /** Prefix of every topic of the system. */
    public static final String TOPIC_PREFIX = "aws-accounts.";
    /** Suffix of every dead-letter topic: a consumer of {@code t} dead-letters to {@code t + DLQ_SUFFIX}. */
    public static final String DLQ_SUFFIX = ".dlq";
    /** Prefix of every CloudEvents type of the system. */
    public static final String CLOUD_EVENT_TYPE_PREFIX = "uk.gov.gds.aws-accounts.";
    /** Version of the event contracts, carried in the CloudEvents type; schemas evolve BACKWARD-compatibly within it. */
    public static final String CONTRACT_VERSION = "v1";
    /** The record field that is every record's Kafka key (and CloudEvents subject). */
    public static final String KEY_FIELD = "requestId";

    private static final Map<Class<?>, EventType> BY_CLASS = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::recordClass, Function.identity()));
    private static final Map<String, EventType> BY_TOPIC = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::topic, Function.identity()));
    private static final Map<String, EventType> BY_CLOUD_EVENT_TYPE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::cloudEventType, Function.identity()));

    private final Class<? extends SpecificRecord> recordClass;
    private final String slug;

    EventType(Class<? extends SpecificRecord> recordClass, String slug) {
        this.recordClass = recordClass;
        this.slug = slug;
    }

    /** The generated Avro class of this event. */
    public Class<? extends SpecificRecord> recordClass() {
        return recordClass;
    }

    /** The event's name in kebab case, e.g. {@code request-submitted}. */
    public String slug() {
        return slug;
    }

    /** The topic this event is published to, e.g. {@code aws-accounts.request-submitted}. */
    public String topic() {
        return TOPIC_PREFIX + slug;
    }

    /** The dead-letter topic of consumers of {@link #topic()}. */
    public String deadLetterTopic() {
        return topic() + DLQ_SUFFIX;
    }

    /** The CloudEvents {@code ce_type} of this event, e.g. {@code uk.gov.gds.aws-accounts.request-submitted.v1}. */
    public String cloudEventType() {
        return CLOUD_EVENT_TYPE_PREFIX + slug + "." + CONTRACT_VERSION;
    }

    /** The Avro schema the generated class was built from (self-contained: named types are inlined). */
    public Schema schema() {
        return Envelope.schemaOf(recordClass);
    }

    /** The Kafka record key of an event of this system: its requestId. */
    public static String keyOf(SpecificRecord event) {
        return Envelope.of(event).requestId();
    }

    public static EventType of(Class<?> recordClass) {
        EventType type = BY_CLASS.get(recordClass);
        if (type == null) {
            throw new IllegalArgumentException(recordClass.getName() + " is not an event of the catalogue");
        }
        return type;
    }

    public static EventType of(SpecificRecord event) {
        return of(event.getClass());
    }

    public static EventType ofTopic(String topic) {
        EventType type = BY_TOPIC.get(topic);
        if (type == null) {
            throw new IllegalArgumentException(topic + " is not a topic of the catalogue");
        }
        return type;
    }

    public static EventType ofCloudEventType(String cloudEventType) {
        EventType type = BY_CLOUD_EVENT_TYPE.get(cloudEventType);
        if (type == null) {
            throw new IllegalArgumentException(cloudEventType + " is not a CloudEvents type of the catalogue");
        }
        return type;
    }

    /** Every topic of the catalogue, in catalogue order. */
    public static List<String> topics() {
        return Arrays.stream(values()).map(EventType::topic).toList();
    }
}
