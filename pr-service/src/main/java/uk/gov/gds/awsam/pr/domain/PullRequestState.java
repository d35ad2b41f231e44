package uk.gov.gds.awsam.pr.domain;

import java.time.Instant;

/** A pull request as GitHub reports it. {@code mergedBy}/{@code closedBy} may be null where GitHub did not say. */
public record PullRequestState(String repository, int number, String url, String headRef, String headSha, String baseRef,
        boolean open, boolean merged, String mergeCommitSha, String mergedBy, Instant mergedAt, Instant closedAt, Instant createdAt) {
}
