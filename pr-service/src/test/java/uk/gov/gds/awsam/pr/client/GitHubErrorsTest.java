package uk.gov.gds.awsam.pr.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import uk.gov.gds.awsam.pr.domain.GitHubFailure;
import uk.gov.gds.awsam.pr.domain.GitHubFailure.Kind;
import uk.gov.gds.awsam.pr.domain.GitHubFailure.Limit;

/**
 * The one classification of GitHub's answers, on the answers as GitHub sends them (its REST documentation on rate
 * limits; github-api's recorded secondary-limit responses; hub4j/github-api#2009's message-only 403; the 422 bodies
 * octokit users record).
 */
class GitHubErrorsTest {

    static final Instant NOW = Instant.parse("2026-11-22T09:00:00Z");
    static final String DATE = "Sun, 22 Nov 2026 09:00:00 GMT";
    static final ObjectMapper JSON = new ObjectMapper();

    private static GitHubFailure classify(int status, Map<String, String> headers, String body) throws Exception {
        Map<String, String> all = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        all.putAll(headers);
        JsonNode json = body == null ? null : JSON.readTree(body);
        return GitHubErrors.classify("POST /repos/o/r/pulls", status, all::get, json, NOW);
    }

    private static Map<String, String> headers(String... pairs) {
        Map<String, String> map = new HashMap<>();
        map.put("Date", DATE);
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    static final String SECONDARY = "{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes before you try"
            + " again. If you reach out to GitHub Support for help, please include the request ID 1A2B:3C4D.\",\"documentation_url\":"
            + "\"https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits\",\"status\":\"403\"}";

    @Test
    void everyRateLimitFormIsARateLimitWithGitHubsWait() throws Exception {
        GitHubFailure primary = classify(403, headers("X-RateLimit-Remaining", "0", "X-RateLimit-Reset",
                String.valueOf(NOW.getEpochSecond() + 120), "X-RateLimit-Limit", "5000"), "{\"message\":\"API rate limit exceeded for installation ID 1.\"}");
        assertThat(primary.limit()).contains(Limit.PRIMARY);
        assertThat(primary.until()).as("reset plus a second").contains(NOW.plusSeconds(121));
        assertThat(primary.getMessage()).contains("primary rate limit").contains("5000 calls an hour");
        assertThat(classify(429, headers("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", String.valueOf(NOW.getEpochSecond() + 5)), null)
                .limit()).contains(Limit.PRIMARY);

        GitHubFailure retryAfter = classify(403, headers("Retry-After", "30", "X-RateLimit-Remaining", "4000"), SECONDARY);
        assertThat(retryAfter.limit()).contains(Limit.SECONDARY);
        assertThat(retryAfter.until()).contains(NOW.plusSeconds(30));
        assertThat(classify(429, headers("Retry-After", "Sun, 22 Nov 2026 09:00:08 GMT"), SECONDARY).until()).contains(NOW.plusSeconds(8));

        GitHubFailure messageOnly = classify(403, headers("X-RateLimit-Remaining", "21"), SECONDARY);
        assertThat(messageOnly.rateLimited()).as("the message alone, remaining above 0, no Retry-After").isTrue();
        assertThat(messageOnly.until()).as("the budget decides how long").isEmpty();
        GitHubFailure limitedBy = classify(403, headers("gh-limited-by", "search-elapsed-time-shared-grouped", "X-RateLimit-Remaining", "4000"),
                "{\"message\":\"Forbidden\"}");
        assertThat(limitedBy.limit()).contains(Limit.SECONDARY);
        assertThat(limitedBy.getMessage()).contains("gh-limited-by");
        assertThat(classify(429, headers(), null).rateLimited()).as("429 is always a limit").isTrue();
        assertThat(classify(403, headers("Retry-After", "0"), SECONDARY).until()).as("at least a second").contains(NOW.plusSeconds(1));
    }

    @Test
    void aForbiddenWithoutARateLimitIsARefusal() throws Exception {
        GitHubFailure refused = classify(403, headers("X-RateLimit-Remaining", "4999"), "{\"message\":\"Resource not accessible by integration\"}");
        assertThat(refused.kind()).isEqualTo(Kind.REFUSED);
        assertThat(refused.getMessage()).contains("403 Resource not accessible by integration");
        assertThat(classify(401, headers(), "{\"message\":\"Bad credentials\"}").kind()).isEqualTo(Kind.REFUSED);
    }

    /** As octokit's and hub4j's users recorded it: a permission has nothing to do with it, so it is not a refusal. */
    @Test
    void aFileOverTheContentsApisMegabyteIsInvalidNotARefusal() throws Exception {
        GitHubFailure tooLarge = classify(403, headers("X-RateLimit-Remaining", "4999"), "{\"message\":\"This API returns blobs up to 1 MB in"
                + " size. The requested blob is too large to fetch via the API, but you can use the Git Data API to request blobs up to 100 MB"
                + " in size.\",\"errors\":[{\"resource\":\"Blob\",\"field\":\"data\",\"code\":\"too_large\"}],"
                + "\"documentation_url\":\"https://docs.github.com/rest/repos/contents#get-repository-content\"}");
        assertThat(tooLarge.kind()).isEqualTo(Kind.INVALID);
        assertThat(tooLarge.getMessage()).contains("403 This API returns blobs up to 1 MB in size.").contains("data too_large");
    }

    @Test
    void gitHubs422sAreToldApart() throws Exception {
        assertThat(classify(422, headers(), "{\"message\":\"Reference already exists\",\"status\":\"422\"}").kind()).isEqualTo(Kind.REF_EXISTS);
        assertThat(classify(422, headers(), "{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"PullRequest\",\"code\":\"custom\","
                + "\"message\":\"A pull request already exists for gds:aws-accounts/x.\"}]}").kind()).isEqualTo(Kind.PR_EXISTS);
        GitHubFailure none = classify(422, headers(), "{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"PullRequest\",\"code\":"
                + "\"custom\",\"message\":\"No commits between main and aws-accounts/x\"}]}");
        assertThat(none.kind()).isEqualTo(Kind.NO_COMMITS);
        assertThat(none.getMessage()).contains("Validation Failed: No commits between main and aws-accounts/x");
        GitHubFailure ruleset = classify(422, headers(), "{\"message\":\"Repository rule violations found\\n\\nCannot create ref due to creations"
                + " being restricted.\\n\\n\",\"documentation_url\":\"https://docs.github.com/rest/git/refs#create-a-reference\",\"status\":\"422\"}");
        assertThat(ruleset.kind()).isEqualTo(Kind.RULESET);
        assertThat(ruleset.getMessage()).endsWith("Repository rule violations found: Cannot create ref due to creations being restricted.");
        assertThat(classify(422, headers(), "{\"message\":\"Reviews may only be requested from collaborators. One or more of the users or teams"
                + " you specified is not a collaborator of the o/r repository.\"}").kind()).isEqualTo(Kind.INVALID);
        assertThat(classify(422, headers(), "{\"message\":\"Invalid request.\\n\\n\\\"sha\\\" wasn't supplied.\"}").kind())
                .as("the file appeared since it was read: read it again").isEqualTo(Kind.UNAVAILABLE);
    }

    @Test
    void outagesAreWorthAnotherAttemptAndTheRestIsNot() throws Exception {
        assertThat(classify(502, headers(), null).kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(classify(503, headers(), "{\"message\":\"Service Unavailable\"}").kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(classify(409, headers(), "{\"message\":\"x does not match y\"}").kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(classify(404, headers(), "{\"message\":\"Not Found\"}").kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(classify(400, headers(), "{\"message\":\"Problems parsing JSON\"}").kind()).isEqualTo(Kind.INVALID);
    }
}
