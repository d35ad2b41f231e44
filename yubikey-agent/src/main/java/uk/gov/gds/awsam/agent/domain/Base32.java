package uk.gov.gds.awsam.agent.domain;

import java.util.Arrays;
import java.util.Optional;

/**
 * RFC 4648 base32, for the MFA secret key the AWS console shows. Works on {@code char[]} so that the
 * secret never becomes a {@link String} (which could not be wiped). Spaces are ignored, letters may be
 * lower case and trailing {@code =} padding is optional, as ykman accepts them.
 */
public final class Base32 {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    /** A secret shorter than this (80 bits) is not one the console shows: most likely a typing slip. */
    public static final int MIN_SECRET_BYTES = 10;

    private Base32() {
    }

    /**
     * Why the input is not an acceptable secret, without repeating any of its characters; empty when it is.
     */
    public static Optional<String> problem(char[] input) {
        int symbols = 0;
        boolean padding = false;
        for (int i = 0; i < input.length; i++) {
            char c = input[i];
            if (c == ' ') {
                continue;
            }
            if (c == '=') {
                padding = true;
                continue;
            }
            if (padding) {
                return Optional.of("padding (=) may only come at the end");
            }
            if (ALPHABET.indexOf(Character.toUpperCase(c)) < 0) {
                return Optional.of("character " + (i + 1) + " is not base32 (only the letters A-Z and the digits 2-7 are)");
            }
            symbols++;
        }
        if (symbols == 0) {
            return Optional.of("nothing was entered");
        }
        int remainder = symbols % 8;
        if (remainder == 1 || remainder == 3 || remainder == 6) {
            return Optional.of("its length (" + symbols + " characters) is not a whole number of base32 bytes: a character is missing or extra");
        }
        if (symbols * 5 / 8 < MIN_SECRET_BYTES) {
            return Optional.of("it is too short (" + symbols + " characters): the console's secret key has 64");
        }
        return Optional.empty();
    }

    /** Decodes a secret {@link #problem(char[]) without problem}; the caller wipes the result. */
    public static byte[] decode(char[] input) {
        problem(input).ifPresent(p -> {
            throw new IllegalArgumentException("not a base32 secret: " + p);
        });
        byte[] out = new byte[input.length * 5 / 8 + 1];
        int length = 0;
        int buffer = 0;
        int bits = 0;
        for (char c : input) {
            if (c == ' ' || c == '=') {
                continue;
            }
            buffer = (buffer << 5) | ALPHABET.indexOf(Character.toUpperCase(c));
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                out[length++] = (byte) (buffer >> bits);
                buffer &= (1 << bits) - 1;
            }
        }
        byte[] secret = Arrays.copyOf(out, length);
        Arrays.fill(out, (byte) 0);
        return secret;
    }

    /** Encodes bytes without padding (for tests and for generating secrets). */
    public static String encode(byte[] data) {
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                out.append(ALPHABET.charAt((buffer >> bits) & 31));
            }
            buffer &= (1 << bits) - 1;
        }
        if (bits > 0) {
            out.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }
}
