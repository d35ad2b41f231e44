package uk.gov.gds.awsam.pr.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What pr-service needs of GitHub: one method per REST call, so that what a pull request costs is what
 * the callers spend. Every method throws {@link GitHubFailure} when GitHub refuses or cannot be reached,
 * classified once (rate limits, refusals, GitHub's 422 variants).
 */
public interface GitHubPort {

    /** A branch's head commit and its tree. */
    record BranchHead(String sha, String treeSha) {
    }

    /** A file at a ref: its content and its blob SHA (which the contents API asks for to change or delete it). */
    record FileAt(String content, String blobSha) {
    }

    /** The newest pull request (in any state) from {@code branch} into {@code base}: {@code GET /pulls?head=&base=&state=all}. */
    Optional<PullRequestState> findPullRequest(String repository, String branch, String base);

    /** {@code GET /git/matching-refs/heads/{prefix}}: the names of the branches whose name starts with {@code prefix}. */
    List<String> branches(String repository, String prefix);

    /** {@code GET /branches/{branch}}: its head and tree, if the branch exists. */
    Optional<BranchHead> branch(String repository, String branch);

    /** {@code GET /contents/{path}?ref=}: a file at a ref (branch or commit SHA), if it exists there. */
    Optional<FileAt> file(String repository, String path, String ref);

    /** {@code POST /git/trees}: {@code baseTree} with the files written (content inline) or, content null, deleted. */
    String createTree(String repository, String baseTree, List<FileContent> changes);

    /** {@code POST /git/commits}: one commit of {@code tree} on {@code parent}; returns its SHA. */
    String createCommit(String repository, String message, String tree, String parent);

    /** {@code POST /git/refs}; {@link GitHubFailure.Kind#REF_EXISTS} if the branch exists. */
    void createBranch(String repository, String branch, String sha);

    /** {@code PATCH /git/refs/heads/{branch}}: moves a branch forward to {@code sha}. */
    void moveBranch(String repository, String branch, String sha);

    /** {@code PUT /contents/{path}} on a branch: one commit writing the file ({@code blobSha} of the file replaced, null if new). */
    String putFile(String repository, String branch, String path, String content, String blobSha, String message);

    /** {@code DELETE /contents/{path}} on a branch: one commit deleting the file whose blob is {@code blobSha}. */
    String deleteFile(String repository, String branch, String path, String blobSha, String message);

    /** {@code POST /pulls}; {@link GitHubFailure.Kind#PR_EXISTS} or {@link GitHubFailure.Kind#NO_COMMITS} as GitHub says. */
    PullRequestState createPullRequest(String repository, String title, String head, String base, String body);

    /** {@code POST /issues/{n}/labels}: adds labels, removing none. */
    void addLabels(String repository, int number, List<String> labels);

    /**
     * {@code GET /issues/{n}/comments?per_page=100}, page after page as GitHub's {@code Link: rel="next"} leads: the bodies
     * of all of a pull request's conversation comments, oldest first.
     */
    List<String> comments(String repository, int number);

    /** {@code POST /issues/{n}/comments}: a comment on a pull request's conversation. */
    void comment(String repository, int number, String body);

    /**
     * {@code PATCH /pulls/{n}} with {@code state: closed}: closes it without merging (a closed one stays as it is); GitHub
     * refuses it for a merged one ({@link GitHubFailure.Kind#INVALID}, 422 "state cannot be changed").
     */
    PullRequestState closePullRequest(String repository, int number);

    /** {@code POST /issues/{n}/assignees}: adds assignees; returns who is assigned after (GitHub drops those it cannot assign). */
    List<String> addAssignees(String repository, int number, List<String> logins);

    /** {@code POST /pulls/{n}/requested_reviewers} with logins and team slugs (no lookups of users or teams). */
    void requestReviewers(String repository, int number, List<String> users, List<String> teams);

    /** {@code GET /pulls/{n}/reviews}: whether anyone has reviewed it yet. */
    boolean reviewed(String repository, int number);

    /** {@code GET /pulls/{n}}. */
    PullRequestState pullRequest(String repository, int number);

    /**
     * The numbers of the pull requests closed (merged or not) and updated at or after {@code since}: {@code GET
     * /pulls?state=closed&sort=updated&direction=desc}, a page of 100 a call, until a page reaches back past {@code since}.
     */
    List<Integer> closedSince(String repository, Instant since);

    /** Who closed a pull request (GitHub's issue {@code closed_by}); null if GitHub does not say. */
    String closedBy(String repository, int number);
}
