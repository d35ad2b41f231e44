package uk.gov.gds.awsam.pr.domain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Gets a pull request with the given files open on a branch, idempotently: what exists is found and
 * reused (the pull request for the branch, in any state; the branch, with the files already committed), so
 * running it again, after a crash at any point or on a redelivered event, never opens a second pull request
 * or commits the same change twice.
 */
public final class PullRequestWriter {

    /** What to put on GitHub. */
    public record Proposal(String repository, String baseBranch, String branch, String commitMessage, String title, String body,
            List<FileContent> changes) {
    }

    private final GitHubPort github;

    public PullRequestWriter(GitHubPort github) {
        this.github = github;
    }

    /** One attempt; throws {@link GitHubFailure} (a caller retries: every step checks what is already there). */
    public PullRequestState ensure(Proposal p) {
        Optional<PullRequestState> existing = github.findPullRequest(p.repository(), p.branch());
        if (existing.isPresent()) {
            return existing.get();
        }
        Optional<String> head = github.branchHead(p.repository(), p.branch());
        if (head.isEmpty()) {
            String base = github.branchHead(p.repository(), p.baseBranch()).orElseThrow(() -> new GitHubFailure(
                    GitHubFailure.Kind.NOT_FOUND, "base branch " + p.baseBranch() + " of " + p.repository() + " does not exist", null, null));
            String commit = github.commit(p.repository(), base, p.commitMessage(), p.changes());
            try {
                github.createBranch(p.repository(), p.branch(), commit);
            } catch (GitHubFailure raced) {
                if (raced.kind() != GitHubFailure.Kind.CONFLICT) {
                    throw raced;
                }
                commitIfNeeded(p, github.branchHead(p.repository(), p.branch()).orElseThrow(() -> raced));
            }
        } else {
            commitIfNeeded(p, head.get());
        }
        try {
            return github.createPullRequest(p.repository(), p.title(), p.branch(), p.baseBranch(), p.body());
        } catch (GitHubFailure raced) {
            if (raced.kind() != GitHubFailure.Kind.CONFLICT) {
                throw raced;
            }
            return github.findPullRequest(p.repository(), p.branch()).orElseThrow(() -> raced);
        }
    }

    /** The branch exists (an earlier attempt made it): commit only if it does not hold the files yet. */
    private void commitIfNeeded(Proposal p, String head) {
        boolean holdsChanges = p.changes().stream()
                .allMatch(change -> Objects.equals(github.readFile(p.repository(), change.path(), head).orElse(null), change.content()));
        if (!holdsChanges) {
            github.moveBranch(p.repository(), p.branch(), github.commit(p.repository(), head, p.commitMessage(), p.changes()));
        }
    }
}
