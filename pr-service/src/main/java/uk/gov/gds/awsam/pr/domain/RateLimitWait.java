package uk.gov.gds.awsam.pr.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;

/**
 * How long GitHub asks a client to wait after a 403/429 rate-limit answer, from its headers: {@code Retry-After}
 * (seconds or an HTTP date) first; otherwise, with {@code X-RateLimit-Remaining: 0}, until
 * {@code X-RateLimit-Reset} (epoch seconds); otherwise a minute, as GitHub's documentation advises for a
 * secondary rate limit without headers.
 */
public final class RateLimitWait {

    static final Duration DEFAULT = Duration.ofMinutes(1);
    private static final Duration MINIMUM = Duration.ofSeconds(1);

    private RateLimitWait() {
    }

    public static Duration from(Function<String, String> header, Instant now) {
        return retryAfter(header.apply("Retry-After"), now)
                .or(() -> "0".equals(header.apply("X-RateLimit-Remaining")) ? reset(header.apply("X-RateLimit-Reset"), now) : Optional.empty())
                .map(wait -> wait.compareTo(MINIMUM) < 0 ? MINIMUM : wait)
                .orElse(DEFAULT);
    }

    private static Optional<Duration> retryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                return Optional.of(Duration.between(now, ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()));
            } catch (DateTimeParseException neither) {
                return Optional.empty();
            }
        }
    }

    private static Optional<Duration> reset(String value, Instant now) {
        try {
            // one second more: GitHub's reset is a whole second and clocks differ a little
            return value == null ? Optional.empty() : Optional.of(Duration.between(now, Instant.ofEpochSecond(Long.parseLong(value.trim()) + 1)));
        } catch (NumberFormatException garbled) {
            return Optional.empty();
        }
    }
}
