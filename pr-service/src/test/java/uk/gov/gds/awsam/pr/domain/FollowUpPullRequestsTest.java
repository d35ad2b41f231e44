package uk.gov.gds.awsam.pr.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

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
}
