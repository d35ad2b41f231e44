package uk.gov.gds.awsam.pr.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * GitHub refused a call or could not be reached, classified once (by the client, from GitHub's status,
 * headers and message) so that the rest of pr-service decides on the kind, never on text.
 */
public class GitHubFailure extends RuntimeException {

    public enum Kind {
        /** A rate limit of any form (primary, secondary, 429) or pr-service's own pacing: wait until {@link #until()}, then go on. */
        RATE_LIMITED,
        /** A 5xx, a timeout, a broken connection, a conflict another attempt resolves (409): worth another attempt. */
        UNAVAILABLE,
        NOT_FOUND,
        /** 422 "Reference already exists": an earlier attempt (or someone) made the branch; look it up. */
        REF_EXISTS,
        /** 422 "A pull request already exists for …": look it up. */
        PR_EXISTS,
        /** 422 "No commits between base and head": the branch holds nothing the base does not. */
        NO_COMMITS,
        /** 422/409 "Repository rule violations found": a ruleset refuses the write, for good, with GitHub's reason. */
        RULESET,
        /** 401/403 without a rate limit: the credentials or the permissions do not allow it. */
        REFUSED,
        /** 400/422 of any other kind: GitHub says the request is invalid (e.g. a reviewer who is not a collaborator). */
        INVALID
    }

    /** Which of GitHub's limits, when {@link Kind#RATE_LIMITED}. */
    public enum Limit {
        /** {@code X-RateLimit-Remaining: 0}: the hourly budget of calls, until {@code X-RateLimit-Reset}. */
        PRIMARY,
        /** GitHub's secondary limits (403 or 429 naming them, {@code Retry-After}, {@code gh-limited-by}). */
        SECONDARY,
        /** pr-service's own pacing of content-creating calls under GitHub's documented limits. */
        PACED
    }

    private final Kind kind;
    private final Limit limit;
    private final transient Instant until;

    public GitHubFailure(Kind kind, String message, Throwable cause) {
        this(kind, null, null, message, cause);
    }

    private GitHubFailure(Kind kind, Limit limit, Instant until, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.limit = limit;
        this.until = until;
    }

    /** A rate limit; {@code until} null when GitHub named no time (the policy then decides how long). */
    public static GitHubFailure rateLimited(Limit limit, Instant until, String message) {
        return new GitHubFailure(Kind.RATE_LIMITED, limit, until, message, null);
    }

    /** The same failure, waiting until {@code until}. */
    public GitHubFailure until(Instant when) {
        GitHubFailure copy = new GitHubFailure(kind, limit, when, getMessage(), getCause());
        copy.setStackTrace(getStackTrace());
        return copy;
    }

    public Kind kind() {
        return kind;
    }

    public Optional<Limit> limit() {
        return Optional.ofNullable(limit);
    }

    /** When to try again, for a rate limit. */
    public Optional<Instant> until() {
        return Optional.ofNullable(until);
    }

    public boolean rateLimited() {
        return kind == Kind.RATE_LIMITED;
    }
}
