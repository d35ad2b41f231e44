package uk.gov.gds.awsam.pr.domain;

import java.util.List;
import java.util.Optional;

/**
 * The JSON of a webhook delivery, read for the domain (which holds no JSON library) by rest's
 * {@code WebhookJson}. {@link WebhookProcessing} calls it only once the signature over the raw bytes is checked.
 */
public interface WebhookPayloads {

    /**
     * A {@code pull_request} payload, strictly: one JSON object, nothing after it, every field pr-service uses
     * present with GitHub's type, and the merge fields present and well formed when the pull request says it was
     * merged. Anything else is a {@link Malformed} naming the field, never another exception.
     */
    PullRequestEvent pullRequest(byte[] json);

    /** What a {@code ping} says of its webhook; empty when it cannot be read. */
    Optional<Ping> ping(byte[] json);

    /** A ping's hook: its id ({@code ?} when absent) and the events it sends ({@code null} when it lists none). */
    record Ping(String hookId, List<String> events) {
    }

    /** The delivery is not one pr-service can read; {@code field} says where. */
    final class Malformed extends RuntimeException {
        private final String field;

        public Malformed(String field, String message) {
            super(field + ": " + message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }
}
