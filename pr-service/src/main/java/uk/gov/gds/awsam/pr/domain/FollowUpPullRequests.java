package uk.gov.gds.awsam.pr.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import uk.gov.gds.awsam.contract.AccountId;
import uk.gov.gds.awsam.contract.AccountName;
import uk.gov.gds.awsam.contract.TerraformLayout;
import uk.gov.gds.awsam.contract.TerraformResource;
import uk.gov.gds.awsam.pr.domain.GitHubFailure.Kind;
import uk.gov.gds.awsam.pr.domain.PullRequestExtras.Warning;
import uk.gov.gds.awsam.pr.domain.PullRequestWriter.NothingToReview;
import uk.gov.gds.awsam.pr.domain.PullRequestWriter.Proposal;

/**
 * The follow-up pull requests in the billing repository, which keep its Terraform in step with what the system did
 * in AWS and change nothing there, labelled for auto-merge:
 * <ul>
 * <li>AccountCreated → the account's import file of the layout contract ({@link TerraformLayout#accountImportFile}), a
 * Terraform {@code import} block adopting the created account into {@code aws_organizations_account.<name>};</li>
 * <li>AccountClosed → the account's file and its import file deleted and its removal file
 * ({@link TerraformLayout#accountRemovedFile}) added, a Terraform {@code removed} block with {@code destroy = false}:
 * Terraform forgets the closed account instead of managing it, or removing it from the organisation as deleting the
 * file alone would make it do. None when the account's file is not in the repository. Before it is composed from the
 * base, the account's import pull request still open is closed with a comment saying why (merged later, it would bring
 * back an import block for the resource the removal takes out, and Terraform would fail for the whole repository).</li>
 * </ul>
 * Idempotent like the request's own pull request (the writer finds the pull request, branch or commit an earlier
 * attempt made) and run through the same {@link GitHubPolicy} (rate limits waited out, no RequestWaiting: the
 * request's own stages are done); their merges are not a request's merge and publish nothing.
 */
public final class FollowUpPullRequests {

    public record AccountCreated(String eventId, String requestId, String accountName, String accountId) {
    }

    public record AccountClosed(String eventId, String requestId, String accountName, String accountId) {
    }

    /**
     * The follow-up pull request and any label not added; or none ({@code pullRequest} null) and why none was needed; and
     * the account's import pull requests this closed (a removal's), or found merged as it closed them.
     */
    public record FollowUp(PullRequestState pullRequest, List<Warning> warnings, String noneBecause, List<ImportClosed> importsClosed) {
        public FollowUp {
            importsClosed = importsClosed == null ? List.of() : List.copyOf(importsClosed);
        }
    }

    /** An import pull request that was still open when its account was closed: now closed, or merged meanwhile. */
    public record ImportClosed(PullRequestState pullRequest, boolean mergedMeanwhile) {
    }

    private final GitHubPort github;
    private final PullRequestWriter writer;
    private final PullRequestExtras extras;
    private final GitHubPolicy policy;
    private final RepositorySettings billing;
    private final RepositorySettings labelOnly;
    private final String autoMergeLabel;

    public FollowUpPullRequests(GitHubPort github, GitHubPolicy policy, RepositorySettings billing, String autoMergeLabel) {
        this.github = github;
        this.writer = new PullRequestWriter(github);
        this.extras = new PullRequestExtras(github);
        this.policy = policy;
        this.billing = billing;
        this.labelOnly = new RepositorySettings(billing.name(), billing.baseBranch(), List.of(autoMergeLabel), List.of(), List.of(),
                List.of());
        this.autoMergeLabel = autoMergeLabel;
    }

    /** The account's import file, where the layout contract puts it. */
    public static String importPath(String accountName) {
        return TerraformLayout.DEFAULT.accountImportFile(accountName);
    }

    /** The account's removal file, where the layout contract puts it. */
    public static String removedPath(String accountName) {
        return TerraformLayout.DEFAULT.accountRemovedFile(accountName);
    }

    /**
     * The import block of the layout contract, as Terraform JSON: one {@code import} list adopting the account into
     * {@code aws_organizations_account.<name>}. Names and ids are checked, so nothing needs escaping.
     */
    public static String importBlock(String accountName, String accountId) {
        return "{\n  " + quoted(TerraformLayout.IMPORT) + ": [\n    {\n      " + quoted(TerraformLayout.IMPORT_TO) + ": "
                + quoted(TerraformResource.ORGANIZATIONS_ACCOUNT.address(accountName)) + ",\n      " + quoted(TerraformLayout.IMPORT_ID)
                + ": " + quoted(accountId) + "\n    }\n  ]\n}\n";
    }

    /**
     * The removed block of the layout contract, as Terraform JSON: one {@code removed} list forgetting
     * {@code aws_organizations_account.<name>} with {@code lifecycle { destroy = false }}. The name is checked, so
     * nothing needs escaping.
     */
    public static String removedBlock(String accountName) {
        return "{\n  " + quoted(TerraformLayout.REMOVED) + ": [\n    {\n      " + quoted(TerraformLayout.REMOVED_FROM) + ": "
                + quoted(TerraformResource.ORGANIZATIONS_ACCOUNT.address(accountName)) + ",\n      " + quoted(TerraformLayout.LIFECYCLE)
                + ": {\n        " + quoted(TerraformLayout.LIFECYCLE_DESTROY) + ": false\n      }\n    }\n  ]\n}\n";
    }

    /**
     * What the removal commits, in one commit (Terraform refuses a removed block whose resource is still configured, and
     * an import block whose resource is not): the account's file and its import file deleted (the writer deletes only
     * the files that are there), its removal file added.
     */
    public static List<FileContent> removal(String accountName) {
        return List.of(new FileContent(TerraformLayout.DEFAULT.accountFile(accountName), null), new FileContent(importPath(accountName), null),
                new FileContent(removedPath(accountName), removedBlock(accountName)));
    }

    private static String quoted(String text) {
        return '"' + text + '"';
    }

    public CompletionStage<FollowUp> importAccount(AccountCreated created) {
        String name = created.accountName();
        String refused = refused(name, created.accountId());
        if (refused != null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(refused));
        }
        Proposal proposal = new Proposal(billing.name(), billing.baseBranch(), RequestBranch.importBranch(name, created.requestId()),
                "Import AWS account " + name + " (" + created.accountId() + ") into Terraform state\n\nRequest " + created.requestId() + "\n",
                "Import AWS account " + name + " into Terraform",
                "The account `" + name + "` (`" + created.accountId() + "`) was created by request `" + created.requestId()
                        + "`.\n\nThis adds an `import` block so the repository's Terraform adopts it instead of creating it again."
                        + " It changes nothing in AWS. Labelled `" + autoMergeLabel + "`.\n",
                List.of(new FileContent(importPath(name), importBlock(name, created.accountId()))));
        return open(created.requestId(), proposal, null, null);
    }

    public CompletionStage<FollowUp> removeAccount(AccountClosed closed) {
        String name = closed.accountName();
        String refused = refused(name, closed.accountId());
        if (refused != null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(refused));
        }
        String accountFile = TerraformLayout.DEFAULT.accountFile(name);
        Proposal proposal = new Proposal(billing.name(), billing.baseBranch(), RequestBranch.removedBranch(name, closed.requestId()),
                "Remove closed AWS account " + name + " (" + closed.accountId() + ") from Terraform state\n\nRequest " + closed.requestId()
                        + "\n",
                "Remove closed AWS account " + name + " from Terraform",
                "The account `" + name + "` (`" + closed.accountId() + "`) was closed by request `" + closed.requestId()
                        + "`.\n\nThis deletes `" + accountFile + "` (and its import file) and adds a `removed` block with `destroy = false`,"
                        + " so the repository's Terraform forgets the account instead of managing it, or removing it from the"
                        + " organisation as deleting the file alone would. It changes nothing in AWS. Labelled `" + autoMergeLabel + "`.\n",
                removal(name));
        return open(closed.requestId(), proposal, accountFile, () -> closeOpenImports(name, closed.requestId(), proposal.branch()));
    }

    /** What a closing comment ends with, derived from the closure's request, so that a second run finds it. */
    public static String closingMarker(String requestId) {
        return "<!-- aws-accounts: import closed for the account closure of request " + requestId + " -->";
    }

    /** Why the import pull request is closed, said on it. */
    static String closingComment(String accountName, String requestId, String removalBranch) {
        return "The AWS account `" + accountName + "` was closed (request `" + requestId + "`), so pr-service closes this import"
                + " pull request: merged now, it would bring back an `import` block for a resource the repository no longer"
                + " configures, and Terraform would fail for the whole repository (\"Configuration for import target does not"
                + " exist\"). The removal pull request from `" + removalBranch + "` replaces it: it takes the account out of"
                + " Terraform with a `removed` block (`destroy = false`) and changes nothing in AWS. Please do not reopen this one.\n\n"
                + closingMarker(requestId) + "\n";
    }

    /**
     * The account's import pull requests still open (from any request's import branch), each commented on and closed, before
     * the removal is composed from the base. Each step finds what an earlier attempt did: the comment carries a marker
     * derived from the closure's request and is posted only if absent (the comment goes first, so an import found closed
     * was commented on already, or closed by a person: either way left alone). One merged meanwhile (GitHub refuses to
     * close a merged pull request) has put its import file on the base, which the removal, composed after this, deletes.
     */
    private List<ImportClosed> closeOpenImports(String accountName, String requestId, String removalBranch) {
        List<ImportClosed> closed = new ArrayList<>();
        String repository = billing.name();
        for (String branch : github.branches(repository, RequestBranch.importBranchesPrefix(accountName))) {
            if (!RequestBranch.isImportOf(branch, accountName)) {
                continue;
            }
            Optional<PullRequestState> found = github.findPullRequest(repository, branch, billing.baseBranch());
            if (found.isEmpty() || !found.get().open()) {
                continue;
            }
            int number = found.get().number();
            if (github.comments(repository, number).stream().noneMatch(c -> c.contains(closingMarker(requestId)))) {
                github.comment(repository, number, GitHubText.body(closingComment(accountName, requestId, removalBranch),
                        "the removal pull request from " + removalBranch + " says the rest"));
            }
            PullRequestState after;
            try {
                after = github.closePullRequest(repository, number);
            } catch (GitHubFailure refused) {
                if (refused.kind() != Kind.INVALID) {
                    throw refused;
                }
                after = github.pullRequest(repository, number);
                if (!after.merged()) {
                    throw refused;
                }
            }
            closed.add(new ImportClosed(after, after.merged()));
        }
        return closed;
    }

    private static String refused(String accountName, String accountId) {
        return !AccountName.isValid(accountName) ? "accountName " + accountName + " is not an account name: " + AccountName.RULE
                : !AccountId.isValid(accountId) ? "accountId " + accountId + " is not " + AccountId.RULE : null;
    }

    /**
     * The proposal's pull request, labelled; none if {@code required} (a path) is not on the base branch. {@code first}
     * (null: nothing) runs before the base is read, in the same attempt.
     */
    private CompletionStage<FollowUp> open(String requestId, Proposal proposal, String required,
            Supplier<List<ImportClosed>> first) {
        PullRequestWriter.Progress progress = new PullRequestWriter.Progress();
        return policy.run(requestId, () -> {
            List<ImportClosed> closed = first == null ? List.of() : first.get();
            if (required != null && github.file(proposal.repository(), required, proposal.baseBranch()).isEmpty()) {
                return new FollowUp(null, List.of(), proposal.repository() + " has no " + required + " on " + proposal.baseBranch()
                        + " (never added, or already removed): nothing to take out of Terraform", closed);
            }
            PullRequestWriter.Result result = writer.ensure(proposal, progress);
            if (result instanceof NothingToReview) {
                return new FollowUp(null, List.of(), proposal.repository() + " already holds every change of " + proposal.branch(), closed);
            }
            PullRequestWriter.Opened opened = (PullRequestWriter.Opened) result;
            PullRequestState pr = opened.pullRequest();
            return new FollowUp(pr, pr.open() ? extras.add(labelOnly, pr, opened.created()) : List.of(), null, closed);
        }, GitHubPolicy.Waits.NONE);
    }
}
