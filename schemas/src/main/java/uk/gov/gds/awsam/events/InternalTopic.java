package uk.gov.gds.awsam.events;

/**
 * Topics a service keeps for itself (not events others react to), declared here so that, like every
 * event topic, they are named in one place. All are compacted: the latest record per key is the state.
 */
public enum InternalTopic {
    /** One record per Message-ID the notifier has sent, so a re-delivered event sends no second email. */
    NOTIFIER_SENT_LOG("notifier-sent-log"),
    /** One record per GitHub webhook delivery id pr-service has processed, so a replay is dropped. */
    PR_SERVICE_WEBHOOK_DELIVERIES("pr-service-webhook-deliveries");

    /** Prefix of every internal topic. */
    public static final String PREFIX = EventType.TOPIC_PREFIX + "internal.";

    private final String slug;

    InternalTopic(String slug) {
        this.slug = slug;
    }

    public String slug() {
        return slug;
    }

    /** The topic, e.g. {@code aws-accounts.internal.notifier-sent-log}. */
    public String topic() {
        return PREFIX + slug;
    }
}
