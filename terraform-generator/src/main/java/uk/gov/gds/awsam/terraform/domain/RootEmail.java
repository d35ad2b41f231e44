package uk.gov.gds.awsam.terraform.domain;

import java.nio.charset.StandardCharsets;

import uk.gov.gds.awsam.contract.Sha256;

/**
 * The root user's email of a new account: {@code aws-root-accounts+<short>@<domain>}, derived from the
 * account name alone, so the same name always gives the same address and the provisioner can look an
 * account up by it before creating one.
 *
 * <p>AWS accepts at most 64 characters. When the name fits, {@code <short>} is the name itself. When it
 * does not, {@code <short>} is the longest prefix of the name that leaves room for a dot and 8 characters
 * of the name's SHA-256 in lower-case base32 (40 bits), e.g. {@code aws-root-accounts+sample.k3v7q2xa@...}.
 * A valid account name never holds a dot, so a shortened address can never equal a whole-name one, and
 * two shortened ones are equal only if the names share the kept prefix and 40 bits of their hashes.
 */
public final class RootEmail {

    /** The local part before the {@code +}, fixed by the cross-service contract. */
    public static final String PREFIX = "aws-root-accounts";
    /** The most characters AWS accepts in an account's email. */
    public static final int MAX_LENGTH = 64;
    /** Characters of hash that a shortened name keeps. */
    public static final int HASH_LENGTH = 8;
    /** The fewest characters a domain must leave for {@code <short>}: one of the name, a dot and the hash. */
    public static final int MIN_SHORT_LENGTH = 1 + 1 + HASH_LENGTH;

    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private RootEmail() {
    }

    /** The root email of the account {@code accountName} under {@code domain}. */
    public static String of(String accountName, String domain) {
        int room = roomFor(domain);
        if (room < MIN_SHORT_LENGTH) {
            throw new IllegalArgumentException("the domain " + domain + " leaves no room for an account name in a root email");
        }
        String shortName = accountName;
        if (accountName.length() > room) {
            String kept = accountName.substring(0, room - HASH_LENGTH - 1);
            while (kept.endsWith("-")) {
                kept = kept.substring(0, kept.length() - 1);
            }
            shortName = kept + "." + hash(accountName);
        }
        return PREFIX + "+" + shortName + "@" + domain;
    }

    /** How many characters of {@code <short>} fit with this domain. */
    public static int roomFor(String domain) {
        return MAX_LENGTH - PREFIX.length() - "+".length() - "@".length() - domain.length();
    }

    private static String hash(String accountName) {
        byte[] digest = Sha256.of(accountName.getBytes(StandardCharsets.UTF_8));
        // 8 base32 characters are the first 40 bits of the digest, 5 bits each.
        long bits = 0;
        for (int i = 0; i < 5; i++) {
            bits = (bits << 8) | (digest[i] & 0xFF);
        }
        char[] out = new char[HASH_LENGTH];
        for (int i = HASH_LENGTH - 1; i >= 0; i--) {
            out[i] = BASE32[(int) (bits & 31)];
            bits >>>= 5;
        }
        return new String(out);
    }
}
