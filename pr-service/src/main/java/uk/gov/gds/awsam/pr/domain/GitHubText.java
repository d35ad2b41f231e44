package uk.gov.gds.awsam.pr.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Text pr-service posts to GitHub, made to fit GitHub's limits: a pull request's title at most {@value #TITLE_LIMIT}
 * characters, its body and a conversation comment at most {@value #BODY_LIMIT} (GitHub refuses more with 422
 * "Validation Failed": "title is too long (maximum is 256 characters)", "body is too long (maximum is 65536
 * characters)"). The body is kept within {@value #BODY_BUDGET}, a margin under GitHub's limit, as GitHub's own count
 * is not documented. Characters are counted as Java counts them (UTF-16 units), never fewer than GitHub does.
 *
 * <p>What is cut is said where it was cut, and cut the same way every time (the same text gives the same result, so a
 * redelivery composes the same body). A body's bullet lists go first (the people or files of a large request): each
 * list keeps its first items, as many as let the body fit, and ends with "… and N more" saying where every one is; the
 * headings, what merging does and the checklist stay. Only a body still too long after that loses its end, except its
 * last paragraph (a footer, or a comment's marker), with a line saying how much was left out and where it is.
 */
public final class GitHubText {

    /** GitHub's longest pull request title. */
    public static final int TITLE_LIMIT = 256;
    /** GitHub's longest pull request body or comment. */
    public static final int BODY_LIMIT = 65_536;
    /** What pr-service posts at most in a body or comment. */
    public static final int BODY_BUDGET = 60_000;
    /** The longest last paragraph kept when a body's end is cut. */
    static final int KEPT_TAIL = 2_000;

    private GitHubText() {
    }

    /** The title, or its start and "…" when GitHub would refuse it. */
    public static String title(String title) {
        if (title == null || title.length() <= TITLE_LIMIT) {
            return title;
        }
        return start(title, TITLE_LIMIT - 1).stripTrailing() + "…";
    }

    /**
     * The body within {@link #BODY_BUDGET}: unchanged when it fits; otherwise its lists cut, then its end, each cut
     * saying so and that {@code whereInFull} (e.g. "this pull request's changed files name every one") holds the rest.
     */
    public static String body(String body, String whereInFull) {
        return body(body, whereInFull, BODY_BUDGET);
    }

    static String body(String body, String whereInFull, int budget) {
        if (body == null || body.length() <= budget) {
            return body;
        }
        List<String> lines = Arrays.asList(body.split("\n", -1));
        List<int[]> lists = lists(lines);
        int longest = lists.stream().mapToInt(run -> run[1] - run[0]).max().orElse(0);
        String shortest = cutLists(lines, lists, 0, whereInFull);
        if (shortest.length() > budget) {
            return cutEnd(shortest, whereInFull, budget);
        }
        // the most items each list can keep with the body still fitting
        int low = 0;
        int high = longest;
        while (low < high) {
            int keep = (low + high + 1) / 2;
            if (cutLists(lines, lists, keep, whereInFull).length() <= budget) {
                low = keep;
            } else {
                high = keep - 1;
            }
        }
        return cutLists(lines, lists, low, whereInFull);
    }

    /** The runs of consecutive Markdown bullet items ("- "), as [first, after last) line indexes. */
    private static List<int[]> lists(List<String> lines) {
        List<int[]> runs = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= lines.size(); i++) {
            boolean item = i < lines.size() && lines.get(i).startsWith("- ");
            if (item && start < 0) {
                start = i;
            } else if (!item && start >= 0) {
                runs.add(new int[] {start, i});
                start = -1;
            }
        }
        return runs;
    }

    /** Every list longer than {@code keep} items cut to its first {@code keep}, and an item saying how many more and where. */
    private static String cutLists(List<String> lines, List<int[]> lists, int keep, String whereInFull) {
        StringBuilder out = new StringBuilder();
        int next = 0;
        for (int[] run : lists) {
            int items = run[1] - run[0];
            if (items <= keep) {
                continue;
            }
            append(out, lines.subList(next, run[0] + keep));
            out.append("- … and ").append(items - keep).append(" more, not listed here to keep this description within GitHub's limit: ")
                    .append(whereInFull).append('\n');
            next = run[1];
        }
        append(out, lines.subList(next, lines.size()));
        return out.substring(0, out.length() - 1);
    }

    private static void append(StringBuilder out, List<String> lines) {
        lines.forEach(line -> out.append(line).append('\n'));
    }

    /** The text's start, whole lines where it can, then a line saying how much is left out and where; its last paragraph kept. */
    private static String cutEnd(String text, String whereInFull, int budget) {
        int paragraph = text.stripTrailing().lastIndexOf("\n\n");
        String tail = paragraph < 0 || text.length() - paragraph > KEPT_TAIL ? "" : text.substring(paragraph);
        String head = text.substring(0, text.length() - tail.length());
        // the note's count has at most as many digits as the text's length
        String longestNote = note(head.length(), whereInFull);
        int room = budget - longestNote.length() - tail.length();
        int cut = head.lastIndexOf('\n', room);
        String kept = cut > room / 2 ? head.substring(0, cut) : start(head, room);
        return kept + note(head.length() - kept.length(), whereInFull) + tail;
    }

    private static String note(int leftOut, String whereInFull) {
        return "\n\n… " + leftOut + " more characters of this description are left out to keep it within GitHub's limit: " + whereInFull
                + "\n";
    }

    /** At most {@code length} characters of the text's start, never half of a character GitHub counts as one. */
    private static String start(String text, int length) {
        int end = Math.max(0, Math.min(length, text.length()));
        if (end > 0 && end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }
}
