package uk.gov.gds.awsam.terraform.domain;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import uk.gov.gds.awsam.contract.TagText;

/**
 * The tags of a new account: one per field of the request, keys lower-case-dashed, values reduced to what
 * AWS accepts in a tag value.
 *
 * <p>AWS allows in tag values only letters, digits, spaces and {@code _ . : / = + - @}, at most 256 of
 * them: the request contract's {@link TagText}, which request-service holds every text to. A value is put in
 * Unicode NFC form; every run of other characters (quotes, {@code $ % { }}, control characters, line breaks,
 * emoji, invisible formatting characters, ...) becomes one space; runs of spaces collapse to one; the value is
 * trimmed and cut to 256 characters ({@link TagText#fitted}). A value left blank is dropped with its key. So no
 * tag value can hold a Terraform template sequence.
 */
public final class Tags {

    /** The most characters (Unicode code points) AWS accepts in a tag value. */
    public static final int MAX_VALUE_LENGTH = TagText.MAX_LENGTH;
    /** The form of every tag key the generator writes. */
    public static final Pattern KEY = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    private Tags() {
    }

    /** A text as AWS will accept it in a tag value; empty when nothing usable is left. */
    public static String value(String raw) {
        return TagText.fitted(raw);
    }

    /**
     * The tags of a new account (sorted by key, blank values dropped). {@code adminEmails} and
     * {@code requesterEmail} are the normalised emails the rest of the file uses.
     */
    public static Map<String, String> of(String requestId, String requesterEmail, Submitted.Account account, List<String> adminEmails) {
        Submitted.Team team = account.team();
        Submitted.Lead lead = team.lead();
        Submitted.Service service = account.service();
        Map<String, String> tags = new TreeMap<>();
        put(tags, "account-name", account.name());
        put(tags, "description", account.description());
        put(tags, "organisation", account.organisation());
        put(tags, "cost-centre", account.costCentre());
        put(tags, "team-name", team.name());
        put(tags, "team-email", team.email());
        put(tags, "team-lead-name", lead.name());
        put(tags, "team-lead-email", lead.email());
        put(tags, "team-lead-phone", lead.phone());
        put(tags, "team-lead-role", lead.role());
        put(tags, "service-name", service.name());
        put(tags, "out-of-hours-support", Boolean.toString(service.outOfHoursSupport()));
        put(tags, "out-of-hours-phone", service.outOfHoursPhone());
        put(tags, "out-of-hours-email", service.outOfHoursEmail());
        put(tags, "alert-priority", account.security().alertPriority());
        put(tags, "critical-resources", account.security().criticalResources());
        put(tags, "holds-pii", Boolean.toString(account.security().holdsPii()));
        put(tags, "holds-pci-data", Boolean.toString(account.security().holdsPciData()));
        put(tags, "admin-user-emails", joinedWithin(adminEmails, MAX_VALUE_LENGTH));
        put(tags, "requested-by", requesterEmail);
        put(tags, "request-id", requestId);
        return tags;
    }

    /**
     * As many whole items as fit in {@code limit} characters, space-separated, with {@code and N more} for
     * the rest, so that a long list is never cut in the middle of an email.
     */
    static String joinedWithin(List<String> items, int limit) {
        List<String> values = items.stream().map(Tags::value).filter(v -> !v.isEmpty()).toList();
        for (int shown = values.size(); shown > 0; shown--) {
            String joined = String.join(" ", values.subList(0, shown))
                    + (shown < values.size() ? " and " + (values.size() - shown) + " more" : "");
            if (codePoints(joined) <= limit) {
                return joined;
            }
        }
        return "";
    }

    private static void put(Map<String, String> tags, String key, String raw) {
        String value = value(raw);
        if (!value.isEmpty()) {
            tags.put(key, value);
        }
    }

    private static int codePoints(String value) {
        return value.codePointCount(0, value.length());
    }
}
