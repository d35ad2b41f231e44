package uk.gov.gds.awsam.pr.client;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import uk.gov.gds.awsam.pr.domain.FileContent;
import uk.gov.gds.awsam.pr.domain.GitHubBudget;
import uk.gov.gds.awsam.pr.domain.GitHubFailure;
import uk.gov.gds.awsam.pr.domain.GitHubFailure.Kind;
import uk.gov.gds.awsam.pr.domain.GitHubPort;
import uk.gov.gds.awsam.pr.domain.PullRequestState;

/**
 * pr-service's GitHub: the REST API (version 2022-11-28) at any URL (GitHub Enterprise Server included), with
 * a token or as a GitHub App installation, one method per call and nothing hidden (no lookups of users or
 * teams, no reads before writes, no retries, no sleeping through rate limits: those are the policy's).
 */
public final class GitHubClient implements GitHubPort {

    /** Told of every call sent: its method, whether it creates content, and GitHub's status (-1: no answer). */
    @FunctionalInterface
    public interface Calls {
        void sent(String method, boolean content, int status);

        Calls NONE = (method, content, status) -> {
        };
    }

    private final GitHubHttp http;

    private GitHubClient(GitHubHttp http) {
        this.http = http;
    }

    /** With a token (personal, fine-grained, or any bearer token GitHub accepts). */
    public static GitHubClient withToken(String apiUrl, String token, Duration timeout, GitHubBudget budget, Clock clock,
            Calls calls) {
        return new GitHubClient(new GitHubHttp(apiUrl, Credentials.token(token), GitHubHttp.httpClient(timeout), timeout, budget, clock,
                calls));
    }

    /** As a GitHub App installation: the App's JWT (signed with its key) exchanged for installation tokens, renewed before they expire. */
    public static GitHubClient asApp(String apiUrl, long appId, long installationId, PrivateKey key, Duration timeout, GitHubBudget budget,
            Clock clock, Calls calls) {
        var client = GitHubHttp.httpClient(timeout);
        var credentials = new Credentials.AppInstallation(apiUrl, installationId, new AppJwt(appId, key, clock), client, timeout, clock);
        return new GitHubClient(new GitHubHttp(apiUrl, credentials, client, timeout, budget, clock, calls));
    }

    /** Reads a GitHub App's PEM private key (PKCS#1 as GitHub issues it, or PKCS#8). */
    public static PrivateKey readAppKey(Path pem) throws IOException {
        return AppJwt.readKey(pem);
    }

    /** Checks GitHub answers with these credentials ({@code GET /rate_limit}, which costs no rate limit). */
    public void ping() {
        http.get("/rate_limit");
    }

    /** The preflight of GitHub with these credentials and this client (see {@link GitHubPreflight}). */
    public GitHubPreflight preflight(GitHubPreflight.Settings settings, Clock clock) {
        return new GitHubPreflight(http, http.credentials(), settings, clock);
    }

    /**
     * GitHub filters the listing by {@code owner:branch}, the owner being the head repository's. After a transfer to
     * another owner the configured name's owner is the old one and the listing is empty although the pull request
     * exists (a retry would then meet "A pull request already exists"): for a repository GitHub has redirected, an
     * empty listing is asked again with the owner GitHub names now.
     */
    @Override
    public Optional<PullRequestState> findPullRequest(String repository, String branch, String base) {
        String owner = repository.substring(0, repository.indexOf('/'));
        Optional<PullRequestState> found = findPullRequest(repository, owner, branch, base);
        if (found.isEmpty() && http.moved(repository)) {
            String current = http.get(repo(repository)).path("owner").path("login").asText();
            if (!current.isEmpty() && !current.equalsIgnoreCase(owner)) {
                return findPullRequest(repository, current, branch, base);
            }
        }
        return found;
    }

    private Optional<PullRequestState> findPullRequest(String repository, String owner, String branch, String base) {
        JsonNode list = http.get(repo(repository) + "/pulls?state=all&per_page=100&head=" + query(owner + ":" + branch) + "&base="
                + query(base));
        PullRequestState newest = null;
        for (JsonNode pr : list) {
            if (pr.path("head").path("ref").asText().equals(branch) && pr.path("base").path("ref").asText().equals(base)
                    && (newest == null || pr.path("number").asInt() > newest.number())) {
                newest = state(repository, pr);
            }
        }
        return Optional.ofNullable(newest);
    }

    @Override
    public List<String> branches(String repository, String prefix) {
        List<String> names = new ArrayList<>();
        for (JsonNode ref : http.get(repo(repository) + "/git/matching-refs/heads/" + path(prefix))) {
            String name = ref.path("ref").asText();
            if (name.startsWith("refs/heads/")) {
                names.add(name.substring("refs/heads/".length()));
            }
        }
        return names;
    }

    @Override
    public Optional<BranchHead> branch(String repository, String branch) {
        return http.find(repo(repository) + "/branches/" + path(branch)).map(b -> new BranchHead(b.path("commit").path("sha").asText(),
                b.path("commit").path("commit").path("tree").path("sha").asText()));
    }

    @Override
    public Optional<FileAt> file(String repository, String path, String ref) {
        return http.find(repo(repository) + "/contents/" + path(path) + "?ref=" + query(ref)).map(f -> {
            if (!f.path("type").asText().equals("file")) {
                throw new GitHubFailure(Kind.INVALID, path + " at " + ref + " in " + repository + " is a " + f.path("type").asText()
                        + ", not a file", null);
            }
            byte[] content = Base64.getMimeDecoder().decode(f.path("content").asText());
            return new FileAt(new String(content, StandardCharsets.UTF_8), f.path("sha").asText());
        });
    }

    @Override
    public String createTree(String repository, String baseTree, List<FileContent> changes) {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (FileContent change : changes) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("path", change.path());
            entry.put("mode", "100644");
            entry.put("type", "blob");
            if (change.deleted()) {
                entry.put("sha", null);
            } else {
                entry.put("content", change.content());
            }
            entries.add(entry);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("base_tree", baseTree);
        body.put("tree", entries);
        return http.write("POST", repo(repository) + "/git/trees", body).path("sha").asText();
    }

    @Override
    public String createCommit(String repository, String message, String tree, String parent) {
        return http.write("POST", repo(repository) + "/git/commits", Map.of("message", message, "tree", tree, "parents", List.of(parent)))
                .path("sha").asText();
    }

    @Override
    public void createBranch(String repository, String branch, String sha) {
        http.write("POST", repo(repository) + "/git/refs", Map.of("ref", "refs/heads/" + branch, "sha", sha));
    }

    @Override
    public void moveBranch(String repository, String branch, String sha) {
        http.write("PATCH", repo(repository) + "/git/refs/heads/" + path(branch), Map.of("sha", sha, "force", false));
    }

    @Override
    public String putFile(String repository, String branch, String path, String content, String blobSha, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", message);
        body.put("content", Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8)));
        body.put("branch", branch);
        if (blobSha != null) {
            body.put("sha", blobSha);
        }
        return http.write("PUT", repo(repository) + "/contents/" + path(path), body).path("commit").path("sha").asText();
    }

    @Override
    public String deleteFile(String repository, String branch, String path, String blobSha, String message) {
        return http.write("DELETE", repo(repository) + "/contents/" + path(path), Map.of("message", message, "sha", blobSha, "branch", branch))
                .path("commit").path("sha").asText();
    }

    @Override
    public PullRequestState createPullRequest(String repository, String title, String head, String base, String body) {
        return state(repository, http.write("POST", repo(repository) + "/pulls", Map.of("title", title, "head", head, "base", base,
                "body", body == null ? "" : body)));
    }

    @Override
    public void addLabels(String repository, int number, List<String> labels) {
        http.write("POST", repo(repository) + "/issues/" + number + "/labels", Map.of("labels", labels));
    }

    @Override
    public List<String> comments(String repository, int number) {
        List<String> bodies = new ArrayList<>();
        http.pages(repo(repository) + "/issues/" + number + "/comments?per_page=100").forEach(c -> bodies.add(c.path("body").asText("")));
        return bodies;
    }

    @Override
    public void comment(String repository, int number, String body) {
        http.write("POST", repo(repository) + "/issues/" + number + "/comments", Map.of("body", body));
    }

    @Override
    public PullRequestState closePullRequest(String repository, int number) {
        return state(repository, http.write("PATCH", repo(repository) + "/pulls/" + number, Map.of("state", "closed")));
    }

    @Override
    public List<String> addAssignees(String repository, int number, List<String> logins) {
        JsonNode issue = http.write("POST", repo(repository) + "/issues/" + number + "/assignees", Map.of("assignees", logins));
        return issue.path("assignees").findValuesAsText("login");
    }

    @Override
    public void requestReviewers(String repository, int number, List<String> users, List<String> teams) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (!users.isEmpty()) {
            body.put("reviewers", users);
        }
        if (!teams.isEmpty()) {
            body.put("team_reviewers", teams);
        }
        http.write("POST", repo(repository) + "/pulls/" + number + "/requested_reviewers", body);
    }

    @Override
    public boolean reviewed(String repository, int number) {
        return http.get(repo(repository) + "/pulls/" + number + "/reviews?per_page=1").size() > 0;
    }

    @Override
    public PullRequestState pullRequest(String repository, int number) {
        return state(repository, http.get(repo(repository) + "/pulls/" + number));
    }

    @Override
    public List<Integer> closedSince(String repository, Instant since) {
        List<Integer> numbers = new ArrayList<>();
        http.pagesWhile(repo(repository) + "/pulls?state=closed&sort=updated&direction=desc&per_page=100", pr -> {
            Instant updated = instant(pr.path("updated_at"));
            if (updated != null && updated.isBefore(since)) {
                return false;
            }
            numbers.add(pr.path("number").asInt());
            return true;
        });
        return numbers;
    }

    @Override
    public String closedBy(String repository, int number) {
        JsonNode closedBy = http.get(repo(repository) + "/issues/" + number).path("closed_by");
        return closedBy.isObject() ? closedBy.path("login").asText(null) : null;
    }

    /** A pull request as GitHub renders it, in a list (no {@code merged}, no {@code merged_by}) or alone. */
    static PullRequestState state(String repository, JsonNode pr) {
        Instant mergedAt = instant(pr.path("merged_at"));
        boolean merged = pr.has("merged") ? pr.path("merged").asBoolean() : mergedAt != null;
        JsonNode mergedBy = pr.path("merged_by");
        return new PullRequestState(repository, pr.path("number").asInt(), pr.path("html_url").asText(), pr.path("head").path("ref").asText(),
                pr.path("head").path("sha").asText(), pr.path("base").path("ref").asText(), pr.path("state").asText().equals("open"), merged,
                merged ? pr.path("merge_commit_sha").asText(null) : null, mergedBy.isObject() ? mergedBy.path("login").asText(null) : null,
                mergedAt, instant(pr.path("closed_at")), instant(pr.path("created_at")), pr.path("labels").findValuesAsText("name"),
                pr.path("assignees").findValuesAsText("login"),
                pr.path("requested_reviewers").size() > 0 || pr.path("requested_teams").size() > 0);
    }

    private static Instant instant(JsonNode node) {
        return node.isTextual() ? Instant.parse(node.asText()) : null;
    }

    private static String repo(String repository) {
        return "/repos/" + repository;
    }

    /** A path in a URL: each segment encoded, the slashes kept (branch names and file paths have them). */
    private static String path(String value) {
        StringBuilder encoded = new StringBuilder();
        for (String segment : value.split("/", -1)) {
            encoded.append(encoded.length() > 0 ? "/" : "").append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return encoded.toString();
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
