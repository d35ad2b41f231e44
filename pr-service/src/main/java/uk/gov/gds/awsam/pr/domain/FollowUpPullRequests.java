package uk.gov.gds.awsam.pr.domain;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import uk.gov.gds.awsam.contract.AccountId;
import uk.gov.gds.awsam.contract.AccountName;
import uk.gov.gds.awsam.contract.TerraformLayout;
import uk.gov.gds.awsam.contract.TerraformResource;
import uk.gov.gds.awsam.pr.domain.PullRequestExtras.Warning;
import uk.gov.gds.awsam.pr.domain.PullRequestWriter.NothingToReview;
import uk.gov.gds.awsam.pr.domain.PullRequestWriter.Proposal;

/**
 * AccountCreated → a follow-up pull request in the billing repository adding the account's import file of the
 * layout contract ({@link TerraformLayout#accountImportFile}), a Terraform {@code import} block adopting the created
 * account into {@code aws_organizations_account.<name>}, labelled for auto-merge. Idempotent like the
 * request's own pull request and run through the same {@link GitHubPolicy} (rate limits waited out, no
 * RequestWaiting: the request's own stages are done); its merge is not a request's merge and publishes nothing.
 */
public final class ImportPullRequests {

    public record AccountCreated(String eventId, String requestId, String accountName, String accountId) {
    }

    /** The import pull request (null when the billing repository already imports the account), and any label not added. */
    public record Imported(PullRequestState pullRequest, List<Warning> warnings) {
    }

    private final PullRequestWriter writer;
    private final PullRequestExtras extras;
    private final GitHubPolicy policy;
    private final RepositorySettings billing;
    private final RepositorySettings labelOnly;
    private final String autoMergeLabel;

    public ImportPullRequests(GitHubPort github, GitHubPolicy policy, RepositorySettings billing, String autoMergeLabel) {
        this.writer = new PullRequestWriter(github);
        this.extras = new PullRequestExtras(github);
        this.policy = policy;
        this.billing = billing;
        this.labelOnly = new RepositorySettings(billing.name(), billing.baseBranch(), List.of(autoMergeLabel), List.of(), List.of(),
                List.of());
        this.autoMergeLabel = autoMergeLabel;
    }

    /** The account's import file, where the layout contract puts it. */
    public static String path(String accountName) {
        return TerraformLayout.DEFAULT.accountImportFile(accountName);
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

    private static String quoted(String text) {
        return '"' + text + '"';
    }

    public CompletionStage<Imported> open(AccountCreated created) {
        String name = created.accountName();
        String refused = !AccountName.isValid(name) ? "accountName " + name + " is not an account name: " + AccountName.RULE
                : !AccountId.isValid(created.accountId()) ? "accountId " + created.accountId() + " is not " + AccountId.RULE : null;
        if (refused != null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(refused));
        }
        Proposal proposal = new Proposal(billing.name(), billing.baseBranch(), RequestBranch.importBranch(name, created.requestId()),
                "Import AWS account " + name + " (" + created.accountId() + ") into Terraform state\n\nRequest " + created.requestId() + "\n",
                "Import AWS account " + name + " into Terraform",
                "The account `" + name + "` (`" + created.accountId() + "`) was created by request `" + created.requestId()
                        + "`.\n\nThis adds an `import` block so the repository's Terraform adopts it instead of creating it again."
                        + " It changes nothing in AWS. Labelled `" + autoMergeLabel + "`.\n",
                List.of(new FileContent(path(name), importBlock(name, created.accountId()))));
        PullRequestWriter.Progress progress = new PullRequestWriter.Progress();
        return policy.run(created.requestId(), () -> {
            PullRequestWriter.Result result = writer.ensure(proposal, progress);
            if (result instanceof NothingToReview) {
                return new Imported(null, List.of());
            }
            PullRequestWriter.Opened opened = (PullRequestWriter.Opened) result;
            PullRequestState pr = opened.pullRequest();
            return new Imported(pr, pr.open() ? extras.add(labelOnly, pr, opened.created()) : List.of());
        }, GitHubPolicy.Waits.NONE);
    }
}
