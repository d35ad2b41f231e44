package uk.gov.gds.awsam.testsupport.github;

/**
 * How the sandbox refuses a call when a test asks it to, in each form GitHub uses (GitHub's REST docs, "Rate
 * limits for the REST API"; github-api's recorded secondary-limit responses; hub4j/github-api#2009 for the
 * message-only 403). {@code waitSeconds} sets the time the answer names, where it names one.
 */
public enum FaultKind {
    /** 403 with {@code X-RateLimit-Remaining: 0} and {@code X-RateLimit-Reset} {@code waitSeconds} ahead: the primary rate limit. */
    PRIMARY_RATE_LIMIT,
    /** The same primary limit answered 429 (GitHub: "a 403 or 429 response, and x-ratelimit-remaining is 0"). */
    PRIMARY_RATE_LIMIT_429,
    /** 403 with {@code Retry-After: waitSeconds} and the secondary-limit message. */
    SECONDARY_RATE_LIMIT,
    /** 403 whose body alone says "You have exceeded a secondary rate limit", with {@code X-RateLimit-Remaining} above 0 and no {@code Retry-After}. */
    SECONDARY_MESSAGE_ONLY,
    /** 403 with {@code gh-limited-by} and the message, no {@code Retry-After}. */
    SECONDARY_LIMITED_BY,
    /** 429 with {@code Retry-After: waitSeconds}. */
    TOO_MANY_REQUESTS,
    /** 429 with {@code Retry-After} as an HTTP date {@code waitSeconds} ahead. */
    TOO_MANY_REQUESTS_DATE,
    /** 502, as GitHub answers when a backend is unavailable. */
    SERVER_ERROR
}
