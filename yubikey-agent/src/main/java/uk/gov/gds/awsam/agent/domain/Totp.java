package uk.gov.gds.awsam.agent.domain;

import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 time-based one-time passwords as the AWS console uses them: HMAC-SHA-1, 6 digits, 30-second
 * windows counted from the Unix epoch. The agent uses it to check what the keys hold against the secret
 * the engineer typed; the codes shown to the engineer always come from the keys themselves.
 */
public final class Totp {

    public static final int PERIOD_SECONDS = 30;
    public static final int DIGITS = 6;

    private Totp() {
    }

    /** The 30-second window an instant falls in (RFC 6238's T). */
    public static long window(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), PERIOD_SECONDS);
    }

    /** When the window after the one {@code at} falls in begins. */
    public static Instant nextWindowStart(Instant at) {
        return Instant.ofEpochSecond((window(at) + 1) * PERIOD_SECONDS);
    }

    /** How long is left of the window {@code at} falls in. */
    public static Duration leftInWindow(Instant at) {
        return Duration.between(at, nextWindowStart(at));
    }

    /** The 6-digit code of a window. */
    public static String code(byte[] secret, long window) {
        return code(secret, window, DIGITS);
    }

    /** The code of a window with a number of digits (RFC 4226's HOTP of the window). */
    public static String code(byte[] secret, long window, int digits) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret, "HmacSHA1"));
            byte[] hash = mac.doFinal(java.nio.ByteBuffer.allocate(8).putLong(window).array());
            int offset = hash[hash.length - 1] & 0x0F;
            int binary = ((hash[offset] & 0x7F) << 24) | ((hash[offset + 1] & 0xFF) << 16)
                    | ((hash[offset + 2] & 0xFF) << 8) | (hash[offset + 3] & 0xFF);
            int modulus = (int) Math.pow(10, digits);
            String code = Integer.toString(binary % modulus);
            return "0".repeat(digits - code.length()) + code;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }
}
