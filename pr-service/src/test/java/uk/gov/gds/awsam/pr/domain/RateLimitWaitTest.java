package uk.gov.gds.awsam.pr.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RateLimitWaitTest {

    static final Instant NOW = Instant.parse("2026-11-22T09:00:00Z");

    @Test
    void retryAfterInSecondsOrAsADate() {
        assertThat(RateLimitWait.from(Map.of("Retry-After", "30")::get, NOW)).isEqualTo(Duration.ofSeconds(30));
        assertThat(RateLimitWait.from(Map.of("Retry-After", "Sun, 22 Nov 2026 09:01:00 GMT")::get, NOW)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void untilTheResetWhenNoneRemain() {
        long reset = NOW.plusSeconds(120).getEpochSecond();
        assertThat(RateLimitWait.from(Map.of("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", String.valueOf(reset))::get, NOW))
                .isEqualTo(Duration.ofSeconds(121));
    }

    @Test
    void aMinuteWithoutHeadersAndNeverLessThanASecond() {
        assertThat(RateLimitWait.from(Map.<String, String>of()::get, NOW)).isEqualTo(Duration.ofMinutes(1));
        assertThat(RateLimitWait.from(Map.of("Retry-After", "0")::get, NOW)).isEqualTo(Duration.ofSeconds(1));
        assertThat(RateLimitWait.from(Map.of("Retry-After", "soon")::get, NOW)).isEqualTo(Duration.ofMinutes(1));
    }
}
