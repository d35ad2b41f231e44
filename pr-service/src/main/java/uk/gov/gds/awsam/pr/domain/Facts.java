package uk.gov.gds.awsam.pr.domain;

import java.time.Instant;
import java.util.List;

/** What pr-service publishes, in domain terms; messaging turns each into its Avro event. */
public final class Facts {

    private Facts() {
    }

    public sealed interface Fact permits Opened, Merged, Closed, Failed {
        String eventId();

        String requestId();
    }

    public record Opened(String eventId, String requestId, String causationId, Instant occurredAt, String repository, int number,
            String url, String headSha) implements Fact {
    }

    public record Merged(String eventId, String requestId, String causationId, Instant occurredAt, String repository, int number,
            String mergeCommitSha, String mergedBy, Instant mergedAt, Journey journey, List<String> subjects,
            List<FileContent> files) implements Fact {
    }

    public record Closed(String eventId, String requestId, String causationId, Instant occurredAt, String repository, int number,
            String closedBy) implements Fact {
    }

    public record Failed(String eventId, String requestId, String causationId, Instant occurredAt, String stage, String reason,
            boolean retryable, int attempt) implements Fact {
    }
}
