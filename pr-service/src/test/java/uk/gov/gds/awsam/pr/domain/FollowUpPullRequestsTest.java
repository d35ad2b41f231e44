package uk.gov.gds.awsam.pr.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import uk.gov.gds.awsam.contract.TerraformLayout;
import uk.gov.gds.awsam.contract.TerraformResource;

/**
 * pr-service's side of the Terraform layout contract in {@code schemas}: the follow-up import pull request adds the
 * account's import file where the contract puts it, beside the account file, holding only the contract's import
 * block adopting the account resource the generator wrote; the follow-up removal deletes both and adds the removal
 * file, holding only the contract's removed block forgetting that resource without destroying it.
 */
class FollowUpPullRequestsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theImportAndRemovalFilesAreWhereTheContractPutsThemBesideTheAccountFile() {
        String account = TerraformLayout.DEFAULT.accountFile("pay-staging").replace(TerraformLayout.SUFFIX, "");
        assertThat(FollowUpPullRequests.importPath("pay-staging")).isEqualTo(TerraformLayout.DEFAULT.accountImportFile("pay-staging"))
                .isEqualTo("terraform/accounts/pay-staging.import.tf.json").startsWith(account);
        assertThat(FollowUpPullRequests.removedPath("pay-staging")).isEqualTo(TerraformLayout.DEFAULT.accountRemovedFile("pay-staging"))
                .isEqualTo("terraform/accounts/pay-staging.removed.tf.json").startsWith(account);
    }

    @Test
    void theImportFileHoldsTheContractsImportBlockOfTheAccount() throws Exception {
        String content = FollowUpPullRequests.importBlock("pay-staging", "210987654321");

        Map<?, ?> file = JSON.readValue(content, Map.class);
        assertThat(file.keySet()).isEqualTo(TerraformLayout.ACCOUNT_IMPORT_BLOCKS);
        assertThat(file.get(TerraformLayout.IMPORT))
                .isEqualTo(List.of(TerraformLayout.importBlock(TerraformResource.ORGANIZATIONS_ACCOUNT, "pay-staging", "210987654321")));
        assertThat(content).isEqualTo("""
                {
                  "import": [
                    {
                      "to": "aws_organizations_account.pay-staging",
                      "id": "210987654321"
                    }
                  ]
                }
                """);
    }

    @Test
    void theRemovalFileHoldsTheContractsRemovedBlockOfTheAccountWhichDestroysNothing() throws Exception {
        String content = FollowUpPullRequests.removedBlock("pay-staging");

        Map<?, ?> file = JSON.readValue(content, Map.class);
        assertThat(file.keySet()).isEqualTo(TerraformLayout.ACCOUNT_REMOVED_BLOCKS);
        assertThat(file.get(TerraformLayout.REMOVED))
                .isEqualTo(List.of(TerraformLayout.removedBlock(TerraformResource.ORGANIZATIONS_ACCOUNT, "pay-staging")));
        // the contract's block, which terraform-generator's RealTerraformTest has Terraform itself read and plan
        assertThat(content).isEqualTo("""
                {
                  "removed": [
                    {
                      "from": "aws_organizations_account.pay-staging",
                      "lifecycle": {
                        "destroy": false
                      }
                    }
                  ]
                }
                """);
    }

    @Test
    void theRemovalDeletesTheAccountAndImportFilesAndAddsTheRemovedBlockInOneChange() {
        assertThat(FollowUpPullRequests.removal("pay-staging")).containsExactly(
                new FileContent("terraform/accounts/pay-staging.tf.json", null),
                new FileContent("terraform/accounts/pay-staging.import.tf.json", null),
                new FileContent("terraform/accounts/pay-staging.removed.tf.json", FollowUpPullRequests.removedBlock("pay-staging")));
    }

    @Test
    void anAccountCreatedOrClosedWithABadNameOrIdIsRefusedNamingTheValue() {
        FollowUpPullRequests followUps = new FollowUpPullRequests(null, null,
                new RepositorySettings("gds/billing", "main", List.of(), List.of(), List.of(), List.of()), "auto-merge");

        assertThat(followUps.importAccount(new FollowUpPullRequests.AccountCreated("e", "r", "Pay_2", "210987654321")).toCompletableFuture())
                .failsWithin(Duration.ZERO).withThrowableThat().havingCause().isInstanceOf(IllegalArgumentException.class)
                .withMessage("accountName Pay_2 is not an account name: lower-case words of the letters a to z, separated by single dashes");
        assertThat(followUps.importAccount(new FollowUpPullRequests.AccountCreated("e", "r", "pay", "2109876543")).toCompletableFuture())
                .failsWithin(Duration.ZERO).withThrowableThat().havingCause().isInstanceOf(IllegalArgumentException.class)
                .withMessage("accountId 2109876543 is not a 12-digit AWS account id");
        assertThat(followUps.removeAccount(new FollowUpPullRequests.AccountClosed("e", "r", "../main", "210987654321")).toCompletableFuture())
                .failsWithin(Duration.ZERO).withThrowableThat().havingCause().isInstanceOf(IllegalArgumentException.class)
                .withMessageStartingWith("accountName ../main is not an account name");
        assertThat(followUps.removeAccount(new FollowUpPullRequests.AccountClosed("e", "r", "pay", "x")).toCompletableFuture())
                .failsWithin(Duration.ZERO).withThrowableThat().havingCause().isInstanceOf(IllegalArgumentException.class)
                .withMessage("accountId x is not a 12-digit AWS account id");
    }

    @Test
    void anImportMergedAsItIsClosedIsToldApartFromARefusalAndTheBaseIsReadAfterTheCloseAttempt() {
        String ours = RequestBranch.importBranch("pay", "0b0f1c1e-1a2b-4c3d-8e4f-0123456789ab");
        String another = RequestBranch.importBranch("pay-staging", "0b0f1c1e-1a2b-4c3d-8e4f-0123456789ac");
        List<String> calls = new ArrayList<>();
        boolean[] merged = {true};
        GitHubPort github = new UnusedGitHub() {
            @Override
            public List<String> branches(String repository, String prefix) {
                calls.add("branches " + prefix);
                return List.of(ours, another);
            }

            @Override
            public Optional<PullRequestState> findPullRequest(String repository, String branch, String base) {
                calls.add("find " + branch);
                return Optional.of(pr(false));
            }

            @Override
            public List<String> comments(String repository, int number) {
                calls.add("comments #" + number);
                return List.of("a person's comment");
            }

            @Override
            public void comment(String repository, int number, String body) {
                calls.add("comment #" + number + (body.contains(FollowUpPullRequests.closingMarker("r")) ? " marked" : ""));
            }

            @Override
            public PullRequestState closePullRequest(String repository, int number) {
                calls.add("close #" + number);
                throw new GitHubFailure(GitHubFailure.Kind.INVALID, "PATCH /repos/gds/billing/pulls/7: GitHub answered 422 Validation Failed:"
                        + " state cannot be changed. The pull request has been merged.", null);
            }

            @Override
            public PullRequestState pullRequest(String repository, int number) {
                calls.add("read #" + number);
                return pr(merged[0]);
            }

            @Override
            public Optional<FileAt> file(String repository, String path, String ref) {
                calls.add("base " + path);
                return Optional.empty();
            }
        };
        GitHubPolicy policy = new GitHubPolicy(new GitHubPolicy.Settings(1, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(30)),
                new GitHubBudget(GitHubBudget.Limits.github()), Clock.systemUTC(), 1);
        FollowUpPullRequests followUps = new FollowUpPullRequests(github, policy,
                new RepositorySettings("gds/billing", "main", List.of(), List.of(), List.of(), List.of()), "automerge");
        FollowUpPullRequests.AccountClosed closed = new FollowUpPullRequests.AccountClosed("e", "r", "pay", "210987654321");

        FollowUpPullRequests.FollowUp followUp = followUps.removeAccount(closed).toCompletableFuture().join();

        assertThat(calls).as("only this account's import, commented once and closed, then the base read").containsExactly(
                "branches aws-accounts/import/pay", "find " + ours, "comments #7", "comment #7 marked", "close #7", "read #7",
                "base terraform/accounts/pay.tf.json");
        assertThat(followUp.importsClosed()).singleElement().satisfies(c -> assertThat(c.mergedMeanwhile()).isTrue());

        // GitHub refusing to close one that is not merged is a refusal like any other
        merged[0] = false;
        calls.clear();
        assertThat(followUps.removeAccount(closed).toCompletableFuture()).failsWithin(Duration.ofSeconds(5)).withThrowableThat()
                .havingRootCause().isInstanceOf(GitHubFailure.class).withMessageContaining("422");
        assertThat(calls).doesNotContain("base terraform/accounts/pay.tf.json");
    }

    private static PullRequestState pr(boolean merged) {
        return new PullRequestState("gds/billing", 7, "https://github.com/gds/billing/pull/7", "aws-accounts/import/pay/x", "abc", "main",
                !merged, merged, merged ? "def" : null, null, null, null, null);
    }
}
