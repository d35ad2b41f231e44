package uk.gov.gds.awsam.agent.domain;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The root user's new password: 40 characters drawn with a {@link SecureRandom} from the 94 printable
 * ASCII symbols (as {@code pwgen 40 -y} does), with at least one upper-case letter, one lower-case letter,
 * one digit and one symbol so that it meets any password policy. It is a {@code char[]}, shown once and
 * wiped: it is never written anywhere.
 */
public final class RootPassword {

    public static final int LENGTH = 40;
    private static final char FIRST = '!';
    private static final char LAST = '~';

    private RootPassword() {
    }

    public static char[] generate(SecureRandom random) {
        char[] password = new char[LENGTH];
        do {
            for (int i = 0; i < LENGTH; i++) {
                password[i] = (char) (FIRST + random.nextInt(LAST - FIRST + 1));
            }
        } while (!hasEveryClass(password));
        return password;
    }

    static boolean hasEveryClass(char[] password) {
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        boolean symbol = false;
        for (char c : password) {
            upper |= c >= 'A' && c <= 'Z';
            lower |= c >= 'a' && c <= 'z';
            digit |= c >= '0' && c <= '9';
            symbol |= c >= FIRST && c <= LAST && !Character.isLetterOrDigit(c);
        }
        return upper && lower && digit && symbol;
    }

    public static void wipe(char[] password) {
        if (password != null) {
            Arrays.fill(password, '\0');
        }
    }
}
