package uk.gov.gds.awsam.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The Terraform layout contract as the three services rely on it: paths, blocks, resource types, attributes. */
class TerraformLayoutTest {

    private static final TerraformLayout LAYOUT = TerraformLayout.DEFAULT;

    @Test
    void eachKindOfFileHasOnePathPerSubject() {
        assertThat(LAYOUT.accountFile("pay-staging")).isEqualTo("terraform/accounts/pay-staging.tf.json");
        assertThat(LAYOUT.accountImportFile("pay-staging")).isEqualTo("terraform/accounts/pay-staging.import.tf.json");
        assertThat(LAYOUT.accountRemovedFile("pay-staging")).isEqualTo("terraform/accounts/pay-staging.removed.tf.json");
        assertThat(LAYOUT.accountClosureFile("123456789012")).isEqualTo("terraform/accounts/123456789012.closure.tf.json");
        assertThat(LAYOUT.userFile("Jane.Doe@Example.gov.uk")).isEqualTo("terraform/users/jane.doe@example.gov.uk.tf.json");
        assertThat(new TerraformLayout("infra/a", "infra/u").accountFile("x")).isEqualTo("infra/a/x.tf.json");
    }

    @Test
    void theBlocksAndResourcesOfEachKindOfFile() {
        assertThat(TerraformLayout.ACCOUNT_BLOCKS).containsExactlyInAnyOrder("resource", "locals");
        assertThat(TerraformLayout.USER_BLOCKS).containsExactlyInAnyOrder("resource", "import");
        assertThat(TerraformLayout.ACCOUNT_IMPORT_BLOCKS).containsExactly("import");
        assertThat(TerraformLayout.ACCOUNT_REMOVED_BLOCKS).containsExactly("removed");
        assertThat(TerraformResource.typesOf(TerraformLayout.ACCOUNT_RESOURCES)).containsExactlyInAnyOrder("aws_organizations_account", "//");
        assertThat(TerraformResource.typesOf(TerraformLayout.USER_RESOURCES))
                .containsExactlyInAnyOrder("aws_iam_user", "aws_iam_user_group_membership", "//");
        assertThat(TerraformLayout.trustedUsersLocal("pay-staging")).isEqualTo("pay-staging_bootstrap_trusted_users");
        assertThat(TerraformLayout.ACCOUNT_CLOSURE_BLOCKS).containsExactly("locals");
        assertThat(TerraformLayout.closureLocal("123456789012")).isEqualTo("account_123456789012_closure");
    }

    @Test
    void whatIsWrittenIsAcceptedAndTheReaderAcceptsOnlyAFewMore() {
        for (TerraformResource resource : TerraformResource.values()) {
            assertThat(resource.accepted()).as(resource.type()).containsAll(resource.written()).contains(TerraformLayout.COMMENT)
                    .doesNotContain("provider", "provisioner", "count", "for_each");
            assertThat(resource.written()).doesNotContain(TerraformLayout.COMMENT);
        }
        assertThat(TerraformResource.ORGANIZATIONS_ACCOUNT.written()).containsExactlyInAnyOrder("name", "email", "role_name",
                "iam_user_access_to_billing", "parent_id", "tags", "lifecycle");
        assertThat(TerraformResource.IAM_USER.written()).containsExactlyInAnyOrder("name", "force_destroy");
        assertThat(TerraformResource.IAM_USER_GROUP_MEMBERSHIP.written()).containsExactlyInAnyOrder("user", "groups", "depends_on");
    }

    @Test
    void aBodyIsWrittenWithExactlyTheTypesWrittenAttributes() {
        assertThat(TerraformResource.IAM_USER.body(Map.of(TerraformAttribute.NAME, "a@b.gov.uk", TerraformAttribute.FORCE_DESTROY, true)))
                .isEqualTo(Map.of("name", "a@b.gov.uk", "force_destroy", true));
        assertThatThrownBy(() -> TerraformResource.IAM_USER.body(Map.of(TerraformAttribute.NAME, "a@b.gov.uk")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("aws_iam_user is written with");
        assertThatThrownBy(() -> TerraformResource.IAM_USER.body(Map.of(TerraformAttribute.NAME, "a@b.gov.uk",
                TerraformAttribute.FORCE_DESTROY, true, TerraformAttribute.PATH, "/"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(TerraformAttribute.IAM_USER_ACCESS_TO_BILLING.key()).isEqualTo("iam_user_access_to_billing");
    }

    @Test
    void anImportBlockAdoptsWhatExistsAsTheAddressedResource() {
        assertThat(TerraformLayout.importBlock(TerraformResource.ORGANIZATIONS_ACCOUNT, "pay-staging", "210987654321"))
                .isEqualTo(Map.of("to", "aws_organizations_account.pay-staging", "id", "210987654321"));
    }

    @Test
    void aRemovedBlockForgetsTheAddressedResourceWithoutDestroyingIt() {
        assertThat(TerraformLayout.removedBlock(TerraformResource.ORGANIZATIONS_ACCOUNT, "pay-staging"))
                .isEqualTo(Map.of("from", "aws_organizations_account.pay-staging", "lifecycle", Map.of("destroy", false)));
    }
}
