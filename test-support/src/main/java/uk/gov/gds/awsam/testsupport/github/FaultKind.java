package uk.gov.gds.awsam.testsupport.github;

/** How the sandbox refuses a call when a test asks it to, as GitHub does. */
public enum FaultKind {
    /** 403 with {@code X-RateLimit-Remaining: 0} and {@code X-RateLimit-Reset} some seconds ahead: the primary rate limit. */
    PRIMARY_RATE_LIMIT,
    /** 403 with {@code Retry-After}: a secondary rate limit. */
    SECONDARY_RATE_LIMIT,
    /** 429 with {@code Retry-After}. */
    TOO_MANY_REQUESTS,
    /** 502, as GitHub answers when a backend is unavailable. */
    SERVER_ERROR
}
