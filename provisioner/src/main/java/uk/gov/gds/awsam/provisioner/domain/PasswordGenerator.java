package uk.gov.gds.awsam.provisioner.domain;

import java.security.SecureRandom;

/**
 * Random initial passwords for IAM users: at least 16 characters, with upper and lower case letters, digits
 * and symbols IAM accepts, so that any reasonable account password policy is met. Characters that are easy
 * to misread (I, l, 1, O, 0) are left out, as people may type it from an email. Returned as a char array the
 * caller wipes.
 */
public final class PasswordGenerator {

    public static final int MIN_LENGTH = 16;
    private static final String UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private static final String LOWER = "abcdefghijkmnopqrstuvwxyz";
    private static final String DIGITS = "23456789";
    private static final String SYMBOLS = "!@#$%^&*()_+-=[]{}|";
    private static final String ALL = UPPER + LOWER + DIGITS + SYMBOLS;

    private final SecureRandom random = new SecureRandom();
    private final int length;

    public PasswordGenerator(int length) {
        if (length < MIN_LENGTH) {
            throw new IllegalArgumentException("initial passwords must be at least " + MIN_LENGTH + " characters, configured " + length);
        }
        this.length = length;
    }

    public char[] generate() {
        char[] password = new char[length];
        password[0] = pick(UPPER);
        password[1] = pick(LOWER);
        password[2] = pick(DIGITS);
        password[3] = pick(SYMBOLS);
        for (int i = 4; i < length; i++) {
            password[i] = pick(ALL);
        }
        for (int i = length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            char swap = password[i];
            password[i] = password[j];
            password[j] = swap;
        }
        return password;
    }

    private char pick(String alphabet) {
        return alphabet.charAt(random.nextInt(alphabet.length()));
    }
}
