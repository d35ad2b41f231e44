package uk.gov.gds.awsam.request.domain;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A claims topic in memory: claims are acknowledged and read back at once, in the order they came. */
class ClaimsInMemory implements ClaimLedger {

    final Claims claims;

    ClaimsInMemory(Claims claims) {
        this.claims = claims;
    }

    @Override
    public CompletionStage<Void> claim(List<Claim> mine) {
        mine.forEach(claims::claimed);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> release(List<Claim> mine) {
        mine.forEach(claim -> claims.released(claim.key(), claim.requestId()));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Map<String, List<Claim>>> read(Collection<String> keys) {
        Map<String, List<Claim>> read = new LinkedHashMap<>();
        keys.forEach(key -> read.put(key, claims.of(key)));
        return CompletableFuture.completedFuture(read);
    }
}
