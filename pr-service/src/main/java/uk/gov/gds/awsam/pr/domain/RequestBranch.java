package uk.gov.gds.awsam.pr.domain;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import uk.gov.gds.awsam.contract.AccountName;

/**
 * The branch names of the system, which map a pull request back to its request by their last segment:
 * {@code aws-accounts/<kind-slug>/<subject-slug>/<requestId>} for a request's pull request (kind-slug
 * a {@link Journey}'s: {@code new-account}, {@code user-access}, {@code user-removal} or {@code account-closure}; subject-slug
 * {@code [a-z0-9-]{1,40}}),
 * and {@code aws-accounts/<import|removed>/<account-name>/<requestId>} for the follow-up pull requests that import a
 * created account and remove a closed one (an {@link AccountName}).
 */
public record RequestBranch(String kindSlug, String subject, String requestId) {

    public static final String PREFIX = "aws-accounts/";
    public static final String IMPORT = "import";
    public static final String REMOVED = "removed";
    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final Pattern REQUEST = Pattern.compile(
            Pattern.quote(PREFIX) + "(" + Arrays.stream(Journey.values()).map(Journey::slug).collect(Collectors.joining("|"))
                    + ")/([a-z0-9-]{1,40})/(" + UUID + ")");
    private static final Pattern FOLLOW_UP_BRANCH = Pattern.compile(Pattern.quote(PREFIX) + "(" + IMPORT + "|" + REMOVED + ")/([^/]+)/("
            + UUID + ")");

    /** The request a branch belongs to, if it is one of the system's branches. */
    public static Optional<RequestBranch> parse(String branch) {
        if (branch == null) {
            return Optional.empty();
        }
        Matcher m = REQUEST.matcher(branch);
        if (m.matches()) {
            return Optional.of(new RequestBranch(m.group(1), m.group(2), m.group(3)));
        }
        m = FOLLOW_UP_BRANCH.matcher(branch);
        if (m.matches() && AccountName.isValid(m.group(2))) {
            return Optional.of(new RequestBranch(m.group(1), m.group(2), m.group(3)));
        }
        return Optional.empty();
    }

    /** The branch of the follow-up pull request that imports a new account. */
    public static String importBranch(String accountName, String requestId) {
        return PREFIX + IMPORT + "/" + accountName + "/" + requestId;
    }

    /**
     * What the import branches of {@code accountName} start with, without the slash after the name (so a listing by it
     * also names other accounts' branches whose name starts with it: {@link #isImportOf} tells them apart).
     */
    public static String importBranchesPrefix(String accountName) {
        return PREFIX + IMPORT + "/" + accountName;
    }

    /** Whether {@code branch} is one of the import branches of {@code accountName} (whichever request created it). */
    public static boolean isImportOf(String branch, String accountName) {
        return parse(branch).filter(b -> b.kindSlug().equals(IMPORT) && b.subject().equals(accountName)).isPresent();
    }

    /** The branch of the follow-up pull request that removes a closed account from Terraform. */
    public static String removedBranch(String accountName, String requestId) {
        return PREFIX + REMOVED + "/" + accountName + "/" + requestId;
    }

    /** A follow-up pull request's (import or removal), which belongs to no request's journey. */
    public boolean isFollowUp() {
        return kindSlug.equals(IMPORT) || kindSlug.equals(REMOVED);
    }

    public Optional<Journey> journey() {
        return Journey.ofSlug(kindSlug);
    }
}
