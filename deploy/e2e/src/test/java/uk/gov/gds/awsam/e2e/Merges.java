package uk.gov.gds.awsam.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The load benchmark's merges and what pr-service answered each one's webhook: a merge whose webhook was not
 * answered 200 is concluded only by pr-service's reconciler (every five minutes), which shows as a request
 * minutes late; the report names each such merge, with the answer, so a late request is explained.
 */
final class Merges {

    private static final int NAMED = 10;

    private final List<String> others = new ArrayList<>();
    private int merged;
    private int answered;

    /**
     * Merges ({@code merge} answers the sandbox's merge, whose {@code delivery} is the webhook it sent) and keeps
     * what the webhook was answered; a merge that fails is kept as such.
     */
    void add(String pullRequest, Supplier<JsonNode> merge) {
        String other;
        try {
            JsonNode delivery = merge.get().path("delivery");
            int status = delivery.path("status").asInt(-1);
            if (status == 200) {
                synchronized (this) {
                    merged++;
                    answered++;
                }
                return;
            }
            other = pullRequest + ": webhook answered " + status + " " + oneLine(delivery.path("response").asText(""));
        } catch (RuntimeException | AssertionError failed) {
            other = pullRequest + ": merge failed: " + oneLine(String.valueOf(failed.getMessage()));
        }
        synchronized (this) {
            merged++;
            others.add(other);
        }
    }

    synchronized String report() {
        StringBuilder out = new StringBuilder(String.format("Merges by the reviewer: %d; webhook answered 200: %d; other: %d%n",
                merged, answered, others.size()));
        others.stream().limit(NAMED).forEach(o -> out.append("- ").append(o).append('\n'));
        if (others.size() > NAMED) {
            out.append("- … and ").append(others.size() - NAMED).append(" more\n");
        }
        return out.toString();
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("\\s+", " ").trim();
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
