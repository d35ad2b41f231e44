package uk.gov.gds.awsam.pr.domain;

import java.util.List;
import java.util.Optional;

/** A GitHub whose every call fails the test: a test overrides the calls it expects. */
public class UnusedGitHub implements GitHubPort {

    @Override
    public Optional<PullRequestState> findPullRequest(String repository, String branch, String base) {
        throw unexpected();
    }

    @Override
    public List<String> branches(String repository, String prefix) {
        throw unexpected();
    }

    @Override
    public List<String> comments(String repository, int number) {
        throw unexpected();
    }

    @Override
    public void comment(String repository, int number, String body) {
        throw unexpected();
    }

    @Override
    public PullRequestState closePullRequest(String repository, int number) {
        throw unexpected();
    }

    @Override
    public Optional<BranchHead> branch(String repository, String branch) {
        throw unexpected();
    }

    @Override
    public Optional<FileAt> file(String repository, String path, String ref) {
        throw unexpected();
    }

    @Override
    public String createTree(String repository, String baseTree, List<FileContent> changes) {
        throw unexpected();
    }

    @Override
    public String createCommit(String repository, String message, String tree, String parent) {
        throw unexpected();
    }

    @Override
    public void createBranch(String repository, String branch, String sha) {
        throw unexpected();
    }

    @Override
    public void moveBranch(String repository, String branch, String sha) {
        throw unexpected();
    }

    @Override
    public String putFile(String repository, String branch, String path, String content, String blobSha, String message) {
        throw unexpected();
    }

    @Override
    public String deleteFile(String repository, String branch, String path, String blobSha, String message) {
        throw unexpected();
    }

    @Override
    public PullRequestState createPullRequest(String repository, String title, String head, String base, String body) {
        throw unexpected();
    }

    @Override
    public void addLabels(String repository, int number, List<String> labels) {
        throw unexpected();
    }

    @Override
    public List<String> addAssignees(String repository, int number, List<String> logins) {
        throw unexpected();
    }

    @Override
    public void requestReviewers(String repository, int number, List<String> users, List<String> teams) {
        throw unexpected();
    }

    @Override
    public boolean reviewed(String repository, int number) {
        throw unexpected();
    }

    @Override
    public PullRequestState pullRequest(String repository, int number) {
        throw unexpected();
    }

    @Override
    public List<Integer> closedSince(String repository, java.time.Instant since) {
        throw unexpected();
    }

    @Override
    public String closedBy(String repository, int number) {
        throw unexpected();
    }

    private static UnsupportedOperationException unexpected() {
        return new UnsupportedOperationException("not expected in this test");
    }
}
