package uk.gov.gds.awsam.terraform.domain;

import java.net.URI;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import uk.gov.gds.awsam.contract.ParentId;

/**
 * What the generator is configured with, checked when the service starts so that a bad setting stops it
 * there rather than reaching a pull request. Messages name the setting as configured
 * ({@code terraform.<name>}).
 *
 * @param billingRepository  owner/name of the repository new accounts go to
 * @param usersRepository    owner/name of the repository gds-users' IAM users go to
 * @param baseBranch         the branch pull requests target in both
 * @param rootEmailDomain    the domain of every account's root email
 * @param parentId           the organisational unit (or root) new accounts are created in
 * @param usersGroup         the IAM group every user of gds-users joins
 * @param statusPageBaseUrl  request-service's base URL for people, for a link to the request's status page
 */
public record GeneratorSettings(String billingRepository, String usersRepository, String baseBranch,
        String rootEmailDomain, String parentId, String usersGroup, Optional<String> statusPageBaseUrl) {

    private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
    private static final Pattern BRANCH = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*");
    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+");
    /** IAM's pattern for a group name. */
    private static final Pattern IAM_GROUP = Pattern.compile("[\\w+=,.@-]{1,128}");

    public GeneratorSettings {
        check("billing-repository", billingRepository, REPOSITORY.asMatchPredicate(), "owner/name");
        check("users-repository", usersRepository, REPOSITORY.asMatchPredicate(), "owner/name");
        check("base-branch", baseBranch, BRANCH.asMatchPredicate(), "a branch name");
        check("root-email-domain", rootEmailDomain, DOMAIN.asMatchPredicate(), "a lower-case domain name");
        if (RootEmail.roomFor(rootEmailDomain) < RootEmail.MIN_SHORT_LENGTH) {
            throw new IllegalArgumentException("terraform.root-email-domain: '" + rootEmailDomain + "' is too long to fit a root email in "
                    + RootEmail.MAX_LENGTH + " characters");
        }
        check("parent-id", parentId, ParentId::isValid, ParentId.RULE);
        check("users-group", usersGroup, IAM_GROUP.asMatchPredicate(), "an IAM group name");
        statusPageBaseUrl = statusPageBaseUrl.map(GeneratorSettings::baseUrl);
    }

    private static void check(String name, String value, Predicate<String> valid, String expected) {
        if (value == null || !valid.test(value) || value.contains("..")) {
            throw new IllegalArgumentException("terraform." + name + ": '" + value + "' is not " + expected);
        }
    }

    private static String baseUrl(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException notAUri) {
            throw new IllegalArgumentException("terraform.status-page-base-url: '" + url + "' is not a URL", notAUri);
        }
        if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null
                || uri.getQuery() != null || uri.getFragment() != null || url.chars().anyMatch(c -> c <= ' ' || c == '`' || c == ')')) {
            throw new IllegalArgumentException("terraform.status-page-base-url: '" + url + "' is not an http(s) base URL");
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
