package uk.gov.gds.awsam.preflight;

import java.util.Objects;

/**
 * One thing a preflight proved, disproved or could not look at, about one outside system. The detail of a failure
 * says what to change; of a cannot-check, why it could not be checked. Details name resources (ARNs, repositories,
 * hosts), never a secret.
 *
 * @param system the outside system, e.g. {@code aws}, {@code github}, {@code smtp}, {@code identity}, {@code kafka}
 * @param check what was checked, in words ("assume the provisioner's role")
 * @param outcome pass, fail or cannot-check
 * @param detail what was seen (pass), what to change (fail) or why it could not be checked
 */
public record Finding(String system, String check, Outcome outcome, String detail) {

    public Finding {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(outcome, "outcome");
        detail = detail == null ? "" : detail;
    }

    public static Finding pass(String system, String check, String seen) {
        return new Finding(system, check, Outcome.PASS, seen);
    }

    public static Finding fail(String system, String check, String whatToChange) {
        return new Finding(system, check, Outcome.FAIL, whatToChange);
    }

    public static Finding cannotCheck(String system, String check, String why) {
        return new Finding(system, check, Outcome.CANNOT_CHECK, why);
    }

    /** One line for a terminal: {@code FAIL          github    the App can read members: grant Members: read}. */
    public String line() {
        return String.format("%-13s %-9s %s%s", outcome.word(), system, check, detail.isEmpty() ? "" : ": " + detail);
    }

    /** What a check can conclude. */
    public enum Outcome {
        PASS("PASS"),
        FAIL("FAIL"),
        CANNOT_CHECK("CANNOT-CHECK");

        private final String word;

        Outcome(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }
}
