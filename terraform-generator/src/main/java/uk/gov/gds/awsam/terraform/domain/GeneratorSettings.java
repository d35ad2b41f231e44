package uk.gov.gds.awsam.terraform.domain;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

import uk.gov.gds.awsam.contract.TerraformLayout;

/**
 * What the generator is configured with, checked when the service starts so that a bad setting stops it
 * there rather than reaching a pull request. Messages name the setting as configured
 * ({@code terraform.<name>}).
 *
 * @param billingRepository  owner/name of the repository new accounts go to
 * @param usersRepository    owner/name of the repository gds-users' IAM users go to
 * @param baseBranch         the branch pull requests target in both
 * @param accountsDirectory  where account files go in the billing repository
 * @param usersDirectory     where user files go in the users repository
 * @param rootEmailDomain    the domain of every account's root email
 * @param parentId           the organisational unit (or root) new accounts are created in
 * @param usersGroup         the IAM group every user of gds-users joins
 * @param statusPageBaseUrl  request-service's base URL for people, for a link to the request's status page
 */
public record GeneratorSettings(String billingRepository, String usersRepository, String baseBranch,
        String accountsDirectory, String usersDirectory, String rootEmailDomain, String parentId,
        String usersGroup, Optional<String> statusPageBaseUrl) {

    private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
    private static final Pattern BRANCH = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*");
    private static final Pattern DIRECTORY = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]*(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*");
    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+");
    /** AWS Organizations' own pattern for a parent: a root or an organisational unit. */
    private static final Pattern PARENT_ID = Pattern.compile("r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}");
    /** IAM's pattern for a group name. */
    private static final Pattern IAM_GROUP = Pattern.compile("[\\w+=,.@-]{1,128}");

    public GeneratorSettings {
        check("billing-repository", billingRepository, REPOSITORY, "owner/name");
        check("users-repository", usersRepository, REPOSITORY, "owner/name");
        check("base-branch", baseBranch, BRANCH, "a branch name");
        check("accounts-directory", accountsDirectory, DIRECTORY, "a relative directory such as terraform/accounts");
        check("users-directory", usersDirectory, DIRECTORY, "a relative directory such as terraform/users");
        check("root-email-domain", rootEmailDomain, DOMAIN, "a lower-case domain name");
        if (RootEmail.roomFor(rootEmailDomain) < RootEmail.MIN_SHORT_LENGTH) {
            throw new IllegalArgumentException("terraform.root-email-domain: '" + rootEmailDomain + "' is too long to fit a root email in "
                    + RootEmail.MAX_LENGTH + " characters");
        }
        check("parent-id", parentId, PARENT_ID, "an organisational unit id (ou-...) or a root id (r-...)");
        check("users-group", usersGroup, IAM_GROUP, "an IAM group name");
        statusPageBaseUrl = statusPageBaseUrl.map(GeneratorSettings::baseUrl);
    }

    /** Where the files go: the contract's layout in the configured directories. */
    public TerraformLayout layout() {
        return new TerraformLayout(accountsDirectory, usersDirectory);
    }

    private static void check(String name, String value, Pattern pattern, String expected) {
        if (value == null || !pattern.matcher(value).matches() || value.contains("..")) {
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
