package uk.gov.gds.awsam.events;

/**
 * Topics a service keeps for itself (not events others react to), declared here so that, like every
 * event topic, they are named in one place. All are compacted: the latest record per key is the state.
 */
public enum InternalTopic {
    /** One record per Message-ID the notifier has sent, so a re-delivered event sends no second email. */
    NOTIFIER_SENT_LOG("notifier-sent-log"),
    /** One record per GitHub webhook delivery id pr-service has processed, so a replay is dropped. */
    PR_SERVICE_WEBHOOK_DELIVERIES("pr-service-webhook-deliveries"),
    /**
     * What the provisioner is about to do in AWS that it could not learn again afterwards (a user's removal plan
     * with the trust policies naming the user, an initial password being set), so that a redelivery after a crash
     * reports the truth. Key {@code <requestId>/<kind>/<subject>}; a null value once the outcome is published.
     */
    PROVISIONER_JOURNAL("provisioner-journal"),
    /**
     * request-service's claims on what must be unique across its instances (an account name, a closure mark, an
     * Idempotency-Key), so that concurrent requests sent to two instances give one request: the broker orders the
     * claims of one key (one partition), and the first live claim wins. Key {@code name:<account name>},
     * {@code closure:<account id>} or {@code key:<sha256 of requester and key>}; value a JSON claim or release.
     */
    REQUEST_SERVICE_CLAIMS("request-service-claims");

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
