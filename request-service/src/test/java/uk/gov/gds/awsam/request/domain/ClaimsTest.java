package uk.gov.gds.awsam.request.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Who wins a key: the first live claim in the broker's order. */
class ClaimsTest {

    private static final Instant NOW = Instant.parse("2026-12-07T06:00:00Z");
    private static final Duration HOLD = Duration.ofSeconds(21);
    private static final String KEY = Claim.accountName("pay-staging");

    private static Claim claim(String requestId, Duration ago) {
        return new Claim(KEY, requestId, "sha", NOW.minus(ago));
    }

    @Test
    void theFirstClaimWithinItsHoldAndWithoutARequestWins() {
        List<Claim> claims = List.of(claim("a", Duration.ofSeconds(2)), claim("b", Duration.ofSeconds(3)));
        assertThat(Claims.winner(claims, id -> false, NOW, HOLD)).map(Claim::requestId).contains("a");
    }

    @Test
    void aClaimWhoseRequestIsInTheViewLeavesTheDecisionToTheView() {
        List<Claim> claims = List.of(claim("a", Duration.ofSeconds(2)), claim("b", Duration.ofSeconds(1)));
        assertThat(Claims.winner(claims, Set.of("a")::contains, NOW, HOLD)).map(Claim::requestId).contains("b");
    }

    @Test
    void aClaimOlderThanTheHoldWithoutARequestIsDeadAndHoldsNothing() {
        List<Claim> claims = List.of(claim("dead", HOLD), claim("b", Duration.ZERO));
        assertThat(Claims.winner(claims, id -> false, NOW, HOLD)).map(Claim::requestId).contains("b");
        assertThat(Claims.winner(List.of(claim("dead", HOLD.plusSeconds(1))), id -> false, NOW, HOLD)).isEmpty();
        assertThat(Claims.winner(List.of(claim("young", HOLD.minusMillis(1))), id -> false, NOW, HOLD)).isPresent();
    }

    @Test
    void aClaimFromAClockAheadOfOursIsYoung() {
        assertThat(Claims.winner(List.of(claim("ahead", Duration.ofSeconds(-5))), id -> false, NOW, HOLD)).isPresent();
    }

    @Test
    void theStoreKeepsEachKeysClaimsInOrderOnceEachWithoutTheReleasedOrTheLapsed() {
        Claims claims = new Claims(Clock.fixed(NOW, ZoneOffset.UTC), HOLD);
        claims.claimed(claim("lapsed", HOLD.plusSeconds(1)));
        claims.claimed(claim("a", Duration.ofSeconds(3)));
        claims.claimed(claim("b", Duration.ofSeconds(2)));
        claims.claimed(claim("a", Duration.ofSeconds(3)));
        claims.claimed(claim("c", Duration.ofSeconds(1)));
        assertThat(claims.of(KEY)).extracting(Claim::requestId).containsExactly("a", "b", "c");

        claims.released(KEY, "a");
        assertThat(claims.of(KEY)).extracting(Claim::requestId).containsExactly("b", "c");
        assertThat(claims.of(Claim.closure("210987654321"))).isEmpty();
    }

    @Test
    void anIdempotencyKeysClaimNamesNoEmail() {
        String key = Claim.idempotencyKey("someone@example.gov.uk", "k-1");
        assertThat(key).startsWith("key:").doesNotContain("someone").hasSize("key:".length() + 64);
        assertThat(key).isEqualTo(Claim.idempotencyKey("someone@example.gov.uk", "k-1"))
                .isNotEqualTo(Claim.idempotencyKey("other@example.gov.uk", "k-1"));
    }
}
