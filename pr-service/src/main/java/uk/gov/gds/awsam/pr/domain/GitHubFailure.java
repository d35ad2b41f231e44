package uk.gov.gds.awsam.pr.domain;

import java.time.Duration;
import java.util.Optional;

/**
 * GitHub refused a call or could not be reached. {@code retryable}: a rate limit, a 5xx, a timeout or a
 * broken connection; {@code retryAfter}: the wait GitHub asked for ({@code Retry-After} or the rate-limit
 * reset), when it did.
 */
public class GitHubFailure extends RuntimeException {

    public enum Kind {
        RATE_LIMITED, UNAVAILABLE, NOT_FOUND, CONFLICT, REFUSED
    }

    private final Kind kind;
    private final transient Duration retryAfter;

    public GitHubFailure(Kind kind, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.retryAfter = retryAfter;
    }

    public static GitHubFailure rateLimited(String message, Duration retryAfter) {
        return new GitHubFailure(Kind.RATE_LIMITED, message, retryAfter, null);
    }

    public Kind kind() {
        return kind;
    }

    public boolean retryable() {
        return kind == Kind.RATE_LIMITED || kind == Kind.UNAVAILABLE;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
