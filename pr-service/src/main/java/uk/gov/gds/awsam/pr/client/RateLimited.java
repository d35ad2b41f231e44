package uk.gov.gds.awsam.pr.client;

import java.time.Clock;
import java.time.Duration;

import org.kohsuke.github.GHIOException;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.connector.GitHubConnectorResponse;

import uk.gov.gds.awsam.pr.domain.RateLimitWait;

/**
 * GitHub answered 403/429 for a rate limit. github-api's own handlers would sleep inside the call (up to an
 * hour); these raise this instead, carrying the wait GitHub asked for, so the service's retry policy decides.
 */
final class RateLimited extends GHIOException {

    private final transient Duration wait;

    RateLimited(int status, Duration wait) {
        super("GitHub rate limit (" + status + "), retry after " + wait.toSeconds() + " s");
        this.wait = wait;
    }

    Duration waitFor() {
        return wait;
    }

    static RateLimited of(GitHubConnectorResponse response, Clock clock) {
        return new RateLimited(response.statusCode(), RateLimitWait.from(response::header, clock.instant()));
    }

    /** The primary rate limit: 403 with {@code X-RateLimit-Remaining: 0}. */
    static GitHubRateLimitHandler primary(Clock clock) {
        return new GitHubRateLimitHandler() {
            @Override
            public void onError(GitHubConnectorResponse response) throws RateLimited {
                throw of(response, clock);
            }
        };
    }

    /** Secondary limits: 429, or 403 with {@code Retry-After}. */
    static GitHubAbuseLimitHandler secondary(Clock clock) {
        return new GitHubAbuseLimitHandler() {
            @Override
            public void onError(GitHubConnectorResponse response) throws RateLimited {
                throw of(response, clock);
            }
        };
    }
}
