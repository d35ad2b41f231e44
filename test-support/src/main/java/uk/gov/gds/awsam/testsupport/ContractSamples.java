package uk.gov.gds.awsam.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The same generated inputs for every service's check of the request contract (issue 19: request-service and
 * terraform-generator accept and refuse exactly the same values). Each list holds hand-picked edge cases, then
 * texts generated from a fixed seed out of the alphabet that matters (valid characters, near misses, look-alikes),
 * so that a run is repeatable and both services see the very same strings.
 */
public final class ContractSamples {

    /** How many generated texts each list holds besides its edge cases. */
    public static final int GENERATED = 3_000;

    private static final long SEED = 19L;

    private ContractSamples() {
    }

    /** Candidate account names: about half valid, the rest one step from it. */
    public static List<String> accountNames() {
        List<String> edges = List.of("pay", "pay-platform-staging", "a", "a-b-c-d-e", "a-b-c-d-e-f", "a".repeat(50), "a".repeat(51),
                "pay2", "pay-2", "2pay", "Pay", "pay--x", "-pay", "pay-", "pay_x", "pay.x", "${x}", "pay x", "päy", "pay\n",
                "\u212Aay", "ра у");
        return samples(edges, "abcxyz-", "0129AZ_. é\u212A\u0430$", 1, 60);
    }

    /** Candidate emails of people (IAM user names): valid ones, near misses, long ones, look-alikes. */
    public static List<String> emails() {
        List<String> edges = List.of("a@x.gov.uk", "Jane.Doe@X.GOV.UK", "a.b+c=d_e-f@x-y.gov.uk", "a".repeat(55) + "@x.gov.uk",
                "a".repeat(56) + "@x.gov.uk", "someone", "a@x", "a@.x.uk", "a@x-.uk", "a@-x.uk", ".a@x.uk", "a.@x.uk", "a..b@x.uk",
                "a,b@x.uk", "o'brien@x.gov.uk", "${x}@x.gov.uk", "jane@\u212Aeep.gov.uk", "jane@x.gov.uk\n", "j ane@x.uk", "a@b@x.uk",
                "jаne@x.gov.uk");
        List<String> generated = new ArrayList<>(edges);
        Random random = new Random(SEED);
        for (int i = 0; i < GENERATED; i++) {
            String local = text(random, "abcXYZ09", "._+=-,'\u212A ", 1, 20);
            String domain = text(random, "abcxy", "-.", 1, 12) + (random.nextInt(4) == 0 ? "" : "." + text(random, "govuk", "-", 1, 6));
            generated.add(local + (random.nextInt(10) == 0 ? "" : "@") + domain + (random.nextInt(8) == 0 ? "a".repeat(40) : ""));
        }
        return List.copyOf(new LinkedHashSet<>(generated));
    }

    /** Candidate free texts that may become tag values: every script, symbols, separators, controls, long ones. */
    public static List<String> texts() {
        List<String> edges = List.of("", "GOV.UK Pay: +44 20 7946 0000 / pay@x.gov.uk = ok_1-2", "Zoë Ångström 日本語 ٣", "x²", "Ⅻ",
                "${var.secret}", "%{ if }", "\"quoted\"", "tab\t", "line\nbreak", "zero\u200Bwidth", "non\u00A0breaking", "emoji 😀",
                "a".repeat(256), "a".repeat(257), "𝒜".repeat(256), "𝒜".repeat(257), "\u202Eoverride");
        return samples(edges, "aZé日٣ 0", "_.:/=+-@$%{}\"'`<>\t\n\u00A0\u200B\u2028²Ⅻ😀", 0, 300);
    }

    private static List<String> samples(List<String> edges, String common, String rare, int minLength, int maxLength) {
        Set<String> all = new LinkedHashSet<>(edges);
        Random random = new Random(SEED);
        for (int i = 0; i < GENERATED; i++) {
            all.add(text(random, common, rare, minLength, random.nextInt(5) == 0 ? maxLength : Math.min(maxLength, 12)));
        }
        return List.copyOf(all);
    }

    /** A text of code points mostly from {@code common}, sometimes from {@code rare}. */
    private static String text(Random random, String common, String rare, int minLength, int maxLength) {
        int[] usual = common.codePoints().toArray();
        int[] unusual = rare.codePoints().toArray();
        int length = minLength + random.nextInt(maxLength - minLength + 1);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int[] from = random.nextInt(12) == 0 ? unusual : usual;
            text.appendCodePoint(from[random.nextInt(from.length)]);
        }
        return text.toString();
    }
}
