package uk.gov.gds.awsam.pr.domain;

import java.util.List;
import java.util.Optional;

/**
 * What pr-service needs of GitHub. Every method throws {@link GitHubFailure} when GitHub refuses or cannot
 * be reached; the failure says whether retrying may help and how long GitHub asked to wait.
 */
public interface GitHubPort {

    /** The newest pull request (in any state) whose head is {@code branch} in {@code repository}. */
    Optional<PullRequestState> findPullRequest(String repository, String branch);

    /** The SHA a branch points at, if the branch exists. */
    Optional<String> branchHead(String repository, String branch);

    /** A file's content at a ref (branch or commit SHA), if the file exists there. */
    Optional<String> readFile(String repository, String path, String ref);

    /** Creates one commit on top of {@code parentSha} writing (or, content null, deleting) the files; returns its SHA. */
    String commit(String repository, String parentSha, String message, List<FileContent> changes);

    void createBranch(String repository, String branch, String sha);

    /** Moves a branch forward to {@code sha}. */
    void moveBranch(String repository, String branch, String sha);

    PullRequestState createPullRequest(String repository, String title, String head, String base, String body);

    void addLabels(String repository, int number, List<String> labels);

    void requestReviews(String repository, int number, List<String> users, List<String> teams);

    PullRequestState pullRequest(String repository, int number);

    /** Who closed a pull request (GitHub's issue {@code closed_by}); null if GitHub does not say. */
    String closedBy(String repository, int number);
}
