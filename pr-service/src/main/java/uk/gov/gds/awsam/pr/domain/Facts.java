package uk.gov.gds.awsam.pr.domain;

import java.time.Instant;
import java.util.List;

/** What pr-service publishes, in domain terms; messaging turns each into its Avro event. */
public final class Facts {

    private Facts() {
    }

    public sealed interface Fact permits Opened, Merged, Closed, Failed, Waiting {
        String eventId();

        String requestId();
    }

    /** {@code warnings}: the extras (labels, assignees, reviewers) that could not be added, each saying what to change. */
    public record Opened(String eventId, String requestId, String causationId, Instant occurredAt, String repository, int number,
            String url, String headSha, List<String> warnings) implements Fact {
        public Opened {
            warnings = List.copyOf(warnings);
        }
    }

    public record Merged(String eventId, String requestId, String causationId, Instant occurredAt, String repository, int number,
            String mergeCommitSha, String mergedBy, Instant mergedAt, Journey journey, List<String> subjects,
            List<FileContent> files) implements Fact {
    }

    public record Closed(String eventId, String requestId, String causationId, Instant occurredAt, String repository, int number,
            String closedBy) implements Fact {
    }

    /** {@code whatNext}: what a person does to move the request on. */
    public record Failed(String eventId, String requestId, String causationId, Instant occurredAt, String stage, String reason,
            boolean retryable, int attempt, String whatNext) implements Fact {
    }

    /** A stage waits for GitHub (a rate limit, or the pacing under GitHub's limits) and resumes by itself at {@code until}. */
    public record Waiting(String eventId, String requestId, String causationId, Instant occurredAt, String stage, String waitingFor,
            String reason, Instant until) implements Fact {
    }
}
