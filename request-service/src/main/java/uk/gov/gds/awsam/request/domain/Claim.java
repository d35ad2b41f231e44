package uk.gov.gds.awsam.request.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A claim on something that must be unique across request-service's instances: an account name, an account's
 * closure, a requester's Idempotency-Key, or the replay of a dead letter. Claims are written to one topic keyed by
 * {@link #key}, so the broker puts the competing claims of one key in one order; see {@link Claims} for who wins.
 *
 * @param key what is claimed: {@code name:<account name>}, {@code closure:<account id>}, {@code key:<sha256>} or
 *        {@code replay:<dead-letter topic>/<partition>/<offset>}
 * @param requestId the request the claimer would publish; for a replay, the id of that one attempt to replay
 * @param payloadSha256 the hash of the claimer's body (for an Idempotency-Key: what a repeat is compared with)
 * @param claimedAt when the claimer claimed, by its clock
 */
public record Claim(String key, String requestId, String payloadSha256, Instant claimedAt) {

    private static final String NAME = "name:";
    private static final String CLOSURE = "closure:";
    private static final String IDEMPOTENCY_KEY = "key:";
    private static final String REPLAY = "replay:";

    public Claim {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(claimedAt, "claimedAt");
    }

    /** The key of a new account's name. */
    public static String accountName(String name) {
        return NAME + name;
    }

    /** The key of an account's closure. */
    public static String closure(String accountId) {
        return CLOSURE + accountId;
    }

    /** The key of a requester's Idempotency-Key: a hash, so that no email travels in a key. */
    public static String idempotencyKey(String requesterEmail, String idempotencyKey) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((requesterEmail + '\n' + idempotencyKey).getBytes(StandardCharsets.UTF_8));
            return IDEMPOTENCY_KEY + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JVM has SHA-256", impossible);
        }
    }

    /** The key of a dead letter's replay: where the dead letter is, {@code <dead-letter topic>/<partition>/<offset>}. */
    public static String replay(DeadLetter letter) {
        return REPLAY + letter.position();
    }

    boolean isIdempotencyKey() {
        return key.startsWith(IDEMPOTENCY_KEY);
    }
}
