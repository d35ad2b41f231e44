package uk.gov.gds.awsam.pr.client;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.kohsuke.github.GHException;
import org.kohsuke.github.GHIssueState;
import org.kohsuke.github.GHPullRequest;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GHTeam;
import org.kohsuke.github.GHTreeBuilder;
import org.kohsuke.github.GHUser;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.HttpException;
import org.kohsuke.github.authorization.AppInstallationAuthorizationProvider;
import org.kohsuke.github.authorization.AuthorizationProvider;

import uk.gov.gds.awsam.pr.domain.FileContent;
import uk.gov.gds.awsam.pr.domain.GitHubFailure;
import uk.gov.gds.awsam.pr.domain.GitHubFailure.Kind;
import uk.gov.gds.awsam.pr.domain.GitHubPort;
import uk.gov.gds.awsam.pr.domain.PullRequestState;

/**
 * pr-service's GitHub, through {@code org.kohsuke:github-api}: any REST API URL (GitHub Enterprise
 * included), a token or GitHub App credentials. Rate limits surface as {@link GitHubFailure} with GitHub's
 * wait instead of a sleep inside the library; every other error is classified for the retry policy.
 */
public final class GitHubClient implements GitHubPort {

    @FunctionalInterface
    private interface Call<T> {
        T call() throws IOException;
    }

    private final GitHub github;
    private final Map<String, GHRepository> repositories = new ConcurrentHashMap<>();

    private GitHubClient(GitHub github) {
        this.github = github;
    }

    /** With a token. */
    public static GitHubClient withToken(String apiUrl, String token, Duration timeout, Clock clock) throws IOException {
        return new GitHubClient(builder(apiUrl, timeout, clock).withOAuthToken(token).build());
    }

    /** As a GitHub App installation: a JWT signed with the App's key, exchanged for installation tokens (renewed by github-api). */
    public static GitHubClient asApp(String apiUrl, long appId, long installationId, java.security.PrivateKey key, Duration timeout,
            Clock clock) throws IOException {
        AuthorizationProvider jwt = new AppJwt(appId, key, clock);
        AuthorizationProvider installation = new AppInstallationAuthorizationProvider(app -> app.getInstallationById(installationId), jwt);
        return new GitHubClient(builder(apiUrl, timeout, clock).withAuthorizationProvider(installation).build());
    }

    private static GitHubBuilder builder(String apiUrl, Duration timeout, Clock clock) {
        return new GitHubBuilder().withEndpoint(apiUrl).withConnector(new TimeoutConnector(timeout))
                .withRateLimitHandler(RateLimited.primary(clock)).withAbuseLimitHandler(RateLimited.secondary(clock));
    }

    /** Checks GitHub answers with these credentials ({@code GET /rate_limit}, which costs no rate limit). */
    public void ping() {
        call("reading the rate limit", () -> github.getRateLimit());
    }

    @Override
    public Optional<PullRequestState> findPullRequest(String repository, String branch) {
        return call("listing pull requests of " + branch, () -> {
            GHRepository repo = repo(repository);
            return repo.queryPullRequests().head(repo.getOwnerName() + ":" + branch).state(GHIssueState.ALL).list().toList().stream()
                    .filter(pr -> pr.getHead().getRef().equals(branch))
                    .max(Comparator.comparingInt(GHPullRequest::getNumber))
                    .map(pr -> listed(repository, pr));
        });
    }

    @Override
    public Optional<String> branchHead(String repository, String branch) {
        return optional(() -> call("reading branch " + branch, () -> repo(repository).getRef("heads/" + branch).getObject().getSha()));
    }

    @Override
    public Optional<String> readFile(String repository, String path, String ref) {
        return optional(() -> call("reading " + path + " at " + ref, () -> {
            try (InputStream content = repo(repository).getFileContent(path, ref).read()) {
                return new String(content.readAllBytes(), StandardCharsets.UTF_8);
            }
        }));
    }

    @Override
    public String commit(String repository, String parentSha, String message, List<FileContent> changes) {
        return call("committing " + changes.size() + " file(s)", () -> {
            GHRepository repo = repo(repository);
            GHTreeBuilder tree = repo.createTree().baseTree(repo.getCommit(parentSha).getTree().getSha());
            for (FileContent change : changes) {
                if (change.deleted()) {
                    if (readFile(repository, change.path(), parentSha).isPresent()) {
                        tree.delete(change.path());
                    }
                } else {
                    tree.add(change.path(), change.content(), false);
                }
            }
            String treeSha = tree.create().getSha();
            return repo.createCommit().message(message).tree(treeSha).parent(parentSha).create().getSHA1();
        });
    }

    @Override
    public void createBranch(String repository, String branch, String sha) {
        call("creating branch " + branch, () -> repo(repository).createRef("refs/heads/" + branch, sha));
    }

    @Override
    public void moveBranch(String repository, String branch, String sha) {
        call("moving branch " + branch, () -> {
            repo(repository).getRef("heads/" + branch).updateTo(sha);
            return null;
        });
    }

    @Override
    public PullRequestState createPullRequest(String repository, String title, String head, String base, String body) {
        return call("opening a pull request from " + head, () -> full(repository, repo(repository).createPullRequest(title, head, base, body)));
    }

    @Override
    public void addLabels(String repository, int number, List<String> labels) {
        call("labelling #" + number, () -> repo(repository).getIssue(number).addLabels(labels.toArray(String[]::new)));
    }

    @Override
    public void requestReviews(String repository, int number, List<String> users, List<String> teams) {
        call("requesting reviews on #" + number, () -> {
            GHRepository repo = repo(repository);
            GHPullRequest pr = repo.getPullRequest(number);
            if (!users.isEmpty()) {
                List<GHUser> reviewers = new ArrayList<>();
                for (String login : users) {
                    reviewers.add(github.getUser(login));
                }
                pr.requestReviewers(reviewers);
            }
            if (!teams.isEmpty()) {
                List<GHTeam> reviewers = new ArrayList<>();
                for (String slug : teams) {
                    reviewers.add(github.getOrganization(repo.getOwnerName()).getTeamBySlug(slug));
                }
                pr.requestTeamReviewers(reviewers);
            }
            return null;
        });
    }

    @Override
    public PullRequestState pullRequest(String repository, int number) {
        return call("reading pull request #" + number, () -> full(repository, repo(repository).getPullRequest(number)));
    }

    @Override
    public String closedBy(String repository, int number) {
        return call("reading who closed #" + number, () -> {
            GHUser user = repo(repository).getIssue(number).getClosedBy();
            return user == null ? null : user.getLogin();
        });
    }

    private GHRepository repo(String repository) throws IOException {
        GHRepository cached = repositories.get(repository);
        if (cached == null) {
            cached = github.getRepository(repository);
            repositories.put(repository, cached);
        }
        return cached;
    }

    /** A pull request as a list shows it: enough to identify and link it. */
    private static PullRequestState listed(String repository, GHPullRequest pr) {
        return new PullRequestState(repository, pr.getNumber(), String.valueOf(pr.getHtmlUrl()), pr.getHead().getRef(), pr.getHead().getSha(),
                pr.getBase().getRef(), pr.getState() == GHIssueState.OPEN, false, null, null, null, instant(pr.getClosedAt()),
                instantOrNull(pr));
    }

    private static PullRequestState full(String repository, GHPullRequest pr) throws IOException {
        boolean merged = pr.isMerged();
        return new PullRequestState(repository, pr.getNumber(), String.valueOf(pr.getHtmlUrl()), pr.getHead().getRef(), pr.getHead().getSha(),
                pr.getBase().getRef(), pr.getState() == GHIssueState.OPEN, merged, merged ? pr.getMergeCommitSha() : null,
                merged && pr.getMergedBy() != null ? pr.getMergedBy().getLogin() : null, instant(pr.getMergedAt()), instant(pr.getClosedAt()),
                instantOrNull(pr));
    }

    private static Instant instantOrNull(GHPullRequest pr) {
        try {
            return instant(pr.getCreatedAt());
        } catch (IOException unreadable) {
            return null;
        }
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    private static <T> Optional<T> optional(java.util.function.Supplier<T> call) {
        try {
            return Optional.ofNullable(call.get());
        } catch (GitHubFailure failure) {
            if (failure.kind() == Kind.NOT_FOUND) {
                return Optional.empty();
            }
            throw failure;
        }
    }

    private static <T> T call(String what, Call<T> call) {
        try {
            return call.call();
        } catch (IOException e) {
            throw translate(what, e);
        } catch (GHException e) {
            throw e.getCause() instanceof IOException io ? translate(what, io) : new GitHubFailure(Kind.UNAVAILABLE, what + ": " + e.getMessage(), null, e);
        }
    }

    static GitHubFailure translate(String what, IOException e) {
        if (e instanceof RateLimited limited) {
            return GitHubFailure.rateLimited(what + ": " + limited.getMessage(), limited.waitFor());
        }
        if (e.getCause() instanceof RateLimited limited) {
            return GitHubFailure.rateLimited(what + ": " + limited.getMessage(), limited.waitFor());
        }
        if (e instanceof FileNotFoundException) {
            return new GitHubFailure(Kind.NOT_FOUND, what + ": not found", null, e);
        }
        if (e instanceof HttpException http) {
            int status = http.getResponseCode();
            String message = what + ": GitHub answered " + status + " " + firstLine(http.getMessage());
            if (status == 404) {
                return new GitHubFailure(Kind.NOT_FOUND, message, null, e);
            }
            if (status == 409 || status == 422) {
                return new GitHubFailure(Kind.CONFLICT, message, null, e);
            }
            if (status >= 500 || status == -1 || status == 408) {
                return new GitHubFailure(Kind.UNAVAILABLE, message, null, e);
            }
            return new GitHubFailure(Kind.REFUSED, message, null, e);
        }
        return new GitHubFailure(Kind.UNAVAILABLE, what + ": " + firstLine(e.getMessage()), null, e);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String line = message.lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
