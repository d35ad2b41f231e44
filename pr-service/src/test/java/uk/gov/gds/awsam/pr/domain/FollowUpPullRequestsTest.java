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
 * block adopting the account resource the generator wrote.
 */
class ImportPullRequestsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theImportFileIsWhereTheContractPutsItBesideTheAccountFile() {
        assertThat(ImportPullRequests.path("pay-staging")).isEqualTo(TerraformLayout.DEFAULT.accountImportFile("pay-staging"))
                .isEqualTo("terraform/accounts/pay-staging.import.tf.json")
                .startsWith(TerraformLayout.DEFAULT.accountFile("pay-staging").replace(TerraformLayout.SUFFIX, ""));
    }

    @Test
    void theImportFileHoldsTheContractsImportBlockOfTheAccount() throws Exception {
        String content = ImportPullRequests.importBlock("pay-staging", "210987654321");

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
    void anAccountCreatedWithABadNameOrIdIsRefusedNamingTheValue() {
        ImportPullRequests imports = new ImportPullRequests(null, null,
                new RepositorySettings("gds/billing", "main", List.of(), List.of(), List.of(), List.of()), "auto-merge");

        assertThat(imports.open(new ImportPullRequests.AccountCreated("e", "r", "Pay_2", "210987654321")).toCompletableFuture())
                .failsWithin(Duration.ZERO).withThrowableThat().havingCause().isInstanceOf(IllegalArgumentException.class)
                .withMessage("accountName Pay_2 is not an account name: lower-case words of the letters a to z, separated by single dashes");
        assertThat(imports.open(new ImportPullRequests.AccountCreated("e", "r", "pay", "2109876543")).toCompletableFuture())
                .failsWithin(Duration.ZERO).withThrowableThat().havingCause().isInstanceOf(IllegalArgumentException.class)
                .withMessage("accountId 2109876543 is not a 12-digit AWS account id");
    }
}
