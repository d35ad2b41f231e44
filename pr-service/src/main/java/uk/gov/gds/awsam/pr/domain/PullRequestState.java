package uk.gov.gds.awsam.pr.domain;

import java.time.Instant;
import java.util.List;

/**
 * A pull request as GitHub reports it. {@code mergedBy}/{@code closedBy} may be null where GitHub did not say.
 * {@code labels}, {@code assignees} and {@code reviewsRequested} are what a listing or a read shows of the
 * extras pr-service adds (empty where the source, e.g. a webhook, was not read for them).
 */
public record PullRequestState(String repository, int number, String url, String headRef, String headSha, String baseRef,
        boolean open, boolean merged, String mergeCommitSha, String mergedBy, Instant mergedAt, Instant closedAt, Instant createdAt,
        List<String> labels, List<String> assignees, boolean reviewsRequested) {

    public PullRequestState {
        labels = labels == null ? List.of() : List.copyOf(labels);
        assignees = assignees == null ? List.of() : List.copyOf(assignees);
    }

    public PullRequestState(String repository, int number, String url, String headRef, String headSha, String baseRef, boolean open,
            boolean merged, String mergeCommitSha, String mergedBy, Instant mergedAt, Instant closedAt, Instant createdAt) {
        this(repository, number, url, headRef, headSha, baseRef, open, merged, mergeCommitSha, mergedBy, mergedAt, closedAt, createdAt,
                List.of(), List.of(), false);
    }
}
