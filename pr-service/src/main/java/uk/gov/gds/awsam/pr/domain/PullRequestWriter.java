package uk.gov.gds.awsam.pr.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import uk.gov.gds.awsam.pr.domain.GitHubFailure.Kind;
import uk.gov.gds.awsam.pr.domain.GitHubPort.BranchHead;
import uk.gov.gds.awsam.pr.domain.GitHubPort.FileAt;

/**
 * Gets a pull request with the given files open from a branch, idempotently and with as few content-creating
 * calls as GitHub's REST API allows:
 * <ul>
 * <li>one file that really changes: create the branch at the base, write the file with the contents API (one
 * commit), open the pull request: <b>3</b>;</li>
 * <li>several files (or none that change, which still makes the commit a reviewer approves): one tree with
 * the contents inline (no blob calls), one commit, the branch, the pull request: <b>4</b>.</li>
 * </ul>
 * What exists is found rather than made again: the pull request from the branch into the base, in any state
 * (one read); GitHub's "Reference already exists" (an earlier attempt made the branch: its files are checked
 * and committed only if missing) and "A pull request already exists" (a race: looked up). "No commits
 * between" is an outcome: the branch holds nothing the base does not. Every call can be repeated after a
 * crash at any point without a second pull request or commit. The title and body are made to fit GitHub's limits
 * ({@link GitHubText}): a request of many people or files is opened with its lists cut, saying what was left out.
 */
public final class PullRequestWriter {

    /** What to put on GitHub. */
    public record Proposal(String repository, String baseBranch, String branch, String commitMessage, String title, String body,
            List<FileContent> changes) {
    }

    /** What {@link #ensure} ended with. */
    public sealed interface Result permits Opened, NothingToReview {
    }

    /** The pull request, and whether this call created it. */
    public record Opened(PullRequestState pullRequest, boolean created) implements Result {
    }

    /** GitHub refused the pull request because the branch has no commit the base lacks. */
    public record NothingToReview(String detail) implements Result {
    }

    /** Where a pull request's description cut to GitHub's limit sends a reviewer: every file, person or account it lists is one. */
    static final String IN_FULL = "this pull request's changed files (Files changed) hold every one, and the commit is what is merged";

    private final GitHubPort github;

    public PullRequestWriter(GitHubPort github) {
        this.github = github;
    }

    /**
     * What earlier attempts of one piece of work made, so that an attempt run again after a wait does not spend a
     * content-creating call finding out (GitHub's state stays the truth: this only saves the call that would fail).
     */
    public static final class Progress {
        private volatile boolean branchMade;
        /** The commit made for a new branch (several files) and the base it was made on. */
        private volatile String commit;
        private volatile String commitBase;
    }

    /** One attempt; throws {@link GitHubFailure} (the caller runs it again: every step finds what is there). */
    public Result ensure(Proposal p) {
        return ensure(p, new Progress());
    }

    /** One attempt of a piece of work whose earlier attempts' {@code progress} is known. */
    public Result ensure(Proposal p, Progress progress) {
        Optional<PullRequestState> existing = github.findPullRequest(p.repository(), p.branch(), p.baseBranch());
        if (existing.isPresent()) {
            return new Opened(existing.get(), false);
        }
        if (progress.branchMade) {
            if (commitIfNeeded(p)) {
                return openPullRequest(p);
            }
            progress.branchMade = false;
        }
        BranchHead base = github.branch(p.repository(), p.baseBranch()).orElseThrow(() -> new GitHubFailure(Kind.NOT_FOUND,
                "the base branch " + p.baseBranch() + " of " + p.repository() + " does not exist", null));
        try {
            Optional<SingleChange> single = single(p, base.sha());
            if (single.isPresent()) {
                github.createBranch(p.repository(), p.branch(), base.sha());
                progress.branchMade = true;
                write(p, single.get());
            } else {
                if (progress.commit == null || !base.sha().equals(progress.commitBase)) {
                    String tree = github.createTree(p.repository(), base.treeSha(), present(p, base.sha()));
                    progress.commit = github.createCommit(p.repository(), p.commitMessage(), tree, base.sha());
                    progress.commitBase = base.sha();
                }
                github.createBranch(p.repository(), p.branch(), progress.commit);
                progress.branchMade = true;
            }
        } catch (GitHubFailure exists) {
            if (exists.kind() != Kind.REF_EXISTS) {
                throw exists;
            }
            progress.branchMade = true;
            if (!commitIfNeeded(p)) {
                throw new GitHubFailure(Kind.UNAVAILABLE, "branch " + p.branch() + " was there a moment ago and is gone", exists);
            }
        }
        return openPullRequest(p);
    }

    private Result openPullRequest(Proposal p) {
        try {
            return new Opened(github.createPullRequest(p.repository(), GitHubText.title(p.title()), p.branch(), p.baseBranch(),
                    GitHubText.body(p.body(), IN_FULL)), true);
        } catch (GitHubFailure refused) {
            if (refused.kind() == Kind.PR_EXISTS) {
                return new Opened(github.findPullRequest(p.repository(), p.branch(), p.baseBranch()).orElseThrow(() -> refused), false);
            }
            if (refused.kind() == Kind.NO_COMMITS) {
                return new NothingToReview(refused.getMessage());
            }
            throw refused;
        }
    }

    /** One file to write or delete, and the blob it replaces (null: a new file). */
    private record SingleChange(FileContent change, String replacedBlob) {
    }

    /** The request's one file, if it has one and it changes the base; otherwise the tree path is taken. */
    private Optional<SingleChange> single(Proposal p, String baseSha) {
        if (p.changes().size() != 1) {
            return Optional.empty();
        }
        FileContent change = p.changes().get(0);
        Optional<FileAt> current = github.file(p.repository(), change.path(), baseSha);
        if (change.deleted() ? current.isEmpty() : current.map(f -> f.content().equals(change.content())).orElse(false)) {
            return Optional.empty();
        }
        return Optional.of(new SingleChange(change, current.map(FileAt::blobSha).orElse(null)));
    }

    private void write(Proposal p, SingleChange single) {
        FileContent change = single.change();
        if (change.deleted()) {
            github.deleteFile(p.repository(), p.branch(), change.path(), single.replacedBlob(), p.commitMessage());
        } else {
            github.putFile(p.repository(), p.branch(), change.path(), change.content(), single.replacedBlob(), p.commitMessage());
        }
    }

    /** The changes a tree can carry: every write, and the deletions of files that exist at {@code ref}. */
    private List<FileContent> present(Proposal p, String ref) {
        List<FileContent> changes = new ArrayList<>();
        for (FileContent change : p.changes()) {
            if (!change.deleted() || github.file(p.repository(), change.path(), ref).isPresent()) {
                changes.add(change);
            }
        }
        return changes;
    }

    /** The branch exists (an earlier attempt made it): commit on it only what it does not hold yet; false if it is gone. */
    private boolean commitIfNeeded(Proposal p) {
        Optional<BranchHead> found = github.branch(p.repository(), p.branch());
        if (found.isEmpty()) {
            return false;
        }
        BranchHead head = found.get();
        List<FileContent> missing = new ArrayList<>();
        FileAt onlyCurrent = null;
        for (FileContent change : p.changes()) {
            FileAt current = github.file(p.repository(), change.path(), head.sha()).orElse(null);
            if (!Objects.equals(current == null ? null : current.content(), change.content())) {
                missing.add(change);
                onlyCurrent = current;
            }
        }
        if (missing.isEmpty()) {
            return true;
        }
        if (missing.size() == 1) {
            write(p, new SingleChange(missing.get(0), onlyCurrent == null ? null : onlyCurrent.blobSha()));
            return true;
        }
        // a deletion is missing only where the file is still there, so the tree can carry every missing change
        String tree = github.createTree(p.repository(), head.treeSha(), missing);
        github.moveBranch(p.repository(), p.branch(), github.createCommit(p.repository(), p.commitMessage(), tree, head.sha()));
        return true;
    }
}
