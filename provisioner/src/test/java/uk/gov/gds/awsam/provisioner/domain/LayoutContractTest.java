package uk.gov.gds.awsam.provisioner.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static uk.gov.gds.awsam.contract.TerraformResource.IAM_USER;
import static uk.gov.gds.awsam.contract.TerraformResource.IAM_USER_GROUP_MEMBERSHIP;
import static uk.gov.gds.awsam.contract.TerraformResource.ORGANIZATIONS_ACCOUNT;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import uk.gov.gds.awsam.contract.Sha256;
import uk.gov.gds.awsam.contract.TerraformAttribute;
import uk.gov.gds.awsam.contract.TerraformLayout;
import uk.gov.gds.awsam.contract.TerraformResource;
import uk.gov.gds.awsam.provisioner.client.JacksonJson;
import uk.gov.gds.awsam.provisioner.testing.Merges;

/**
 * The provisioner's side of the Terraform layout contract in {@code schemas} (terraform-generator's side is held to
 * the same contract by its own tests): files at the contract's paths, with every attribute the contract says is
 * written, are applied as written and read as meant; every further attribute the contract says the provisioner
 * accepts is accepted; anything else is refused.
 */
class LayoutContractTest {

    private static final MergedContent MERGED = new MergedContent(new JacksonJson());

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAME = "pay-staging";
    private static final String ADMIN = "admin.one@digital.cabinet-office.gov.uk";
    private static final String USER = "new.starter@digital.cabinet-office.gov.uk";
    private static final List<String> GROUPS = List.of("cross-account-access");

    @Test
    void theFilesTheProvisionerIsGivenHoldEveryAttributeTheContractSaysIsWrittenAndNoOther() throws Exception {
        JsonNode account = JSON.readTree(accountFile());
        assertThat(fieldNames(account)).isEqualTo(TerraformLayout.ACCOUNT_BLOCKS);
        assertThat(fieldNames(account.path(TerraformLayout.RESOURCE).path(ORGANIZATIONS_ACCOUNT.type()).path(NAME)))
                .isEqualTo(ORGANIZATIONS_ACCOUNT.written());
        JsonNode user = JSON.readTree(Merges.userFile(USER));
        assertThat(fieldNames(user)).isEqualTo(TerraformLayout.USER_BLOCKS);
        JsonNode resources = user.path(TerraformLayout.RESOURCE);
        assertThat(fieldNames(resources)).containsExactlyInAnyOrder(IAM_USER.type(), IAM_USER_GROUP_MEMBERSHIP.type());
        for (TerraformResource type : TerraformLayout.USER_RESOURCES) {
            assertThat(resources.path(type.type()).elements().next().properties()).extracting(Map.Entry::getKey)
                    .containsExactlyInAnyOrderElementsOf(type.written());
        }
    }

    @Test
    void anAccountFileAsTheContractSaysIsAppliedAsWritten() throws Exception {
        AccountSpec spec = account(accountFile());

        assertThat(spec.name()).isEqualTo(NAME);
        assertThat(spec.email()).startsWith("aws-root-accounts+").hasSizeLessThanOrEqualTo(64);
        assertThat(spec.roleName()).isEqualTo("bootstrap");
        assertThat(spec.parent()).contains("ou-abcd-12345678");
        assertThat(spec.trustedUsers()).containsExactly(ADMIN);
        assertThat(spec.tags()).containsEntry("account-name", NAME);
    }

    @Test
    void theFurtherAccountAttributesTheContractAcceptsAreAccepted() throws Exception {
        assertThat(ORGANIZATIONS_ACCOUNT.accepted()).containsAll(ORGANIZATIONS_ACCOUNT.written())
                .contains(TerraformAttribute.CLOSE_ON_DELETION.key(), TerraformAttribute.CREATE_GOVCLOUD.key(), TerraformLayout.COMMENT);
        AccountSpec spec = account(accountFile(a -> a.put(TerraformAttribute.CLOSE_ON_DELETION.key(), true).put(TerraformAttribute.CREATE_GOVCLOUD.key(), false)
                .put(TerraformLayout.COMMENT, "reviewed")));
        assertThat(spec.name()).isEqualTo(NAME);
        refused(() -> account(accountFile(a -> a.put("something_new", 1))), "unexpected attribute of " + ORGANIZATIONS_ACCOUNT.address(NAME));
    }

    @Test
    void aUserFileAsTheContractSaysAddsItsUserToTheGroup() {
        assertThat(MergedContent.userPath(USER.toUpperCase())).isEqualTo(TerraformLayout.DEFAULT.userFile(USER))
                .isEqualTo("terraform/users/" + USER + ".tf.json");
        assertThat(MERGED.usersToAdd(List.of(USER), List.of(file(TerraformLayout.DEFAULT.userFile(USER), Merges.userFile(USER))),
                GROUPS)).containsExactly(USER);
    }

    @Test
    void theFurtherUserAttributesTheContractAcceptsAreAccepted() throws Exception {
        assertThat(IAM_USER.accepted()).containsAll(IAM_USER.written()).contains(TerraformAttribute.PATH.key(), TerraformAttribute.TAGS.key());
        ObjectNode file = (ObjectNode) JSON.readTree(Merges.userFile(USER));
        ((ObjectNode) file.path(TerraformLayout.RESOURCE).path(IAM_USER.type()).elements().next()).put(TerraformAttribute.PATH.key(), "/")
                .putObject(TerraformAttribute.TAGS.key()).put("team", "x");
        assertThat(MERGED.usersToAdd(List.of(USER), List.of(file(TerraformLayout.DEFAULT.userFile(USER), file.toString())), GROUPS))
                .containsExactly(USER);
        ((ObjectNode) file.path(TerraformLayout.RESOURCE).path(IAM_USER.type()).elements().next()).put("permissions_boundary", "x");
        refused(() -> MERGED.usersToAdd(List.of(USER), List.of(file(TerraformLayout.DEFAULT.userFile(USER), file.toString())), GROUPS),
                "unexpected attribute of aws_iam_user");
    }

    @Test
    void anImportBlockInEitherOfTerraformsShapesIsAccepted() throws Exception {
        ObjectNode file = (ObjectNode) JSON.readTree(Merges.userFile(USER));
        JsonNode block = file.remove(TerraformLayout.IMPORT);
        file.putArray(TerraformLayout.IMPORT).add(block);
        assertThat(MERGED.usersToAdd(List.of(USER), List.of(file(TerraformLayout.DEFAULT.userFile(USER), file.toString())), GROUPS))
                .containsExactly(USER);
    }

    private static String accountFile() {
        return accountFile(account -> {
        });
    }

    /** An account file with every attribute the generator writes (the test above holds Merges to the contract). */
    private static String accountFile(Consumer<ObjectNode> change) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("account-name", NAME);
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(Merges.accountFile(NAME, "aws-root-accounts+" + NAME + "@digital.cabinet-office.gov.uk",
                    List.of(ADMIN), "ou-abcd-12345678", tags));
            change.accept((ObjectNode) root.path(TerraformLayout.RESOURCE).path(ORGANIZATIONS_ACCOUNT.type()).path(NAME));
            return root.toPrettyString();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static AccountSpec account(String content) {
        return MERGED.account(List.of(NAME), List.of(file(TerraformLayout.DEFAULT.accountFile(NAME), content)), "bootstrap");
    }

    private static void refused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StepFailed.class, failed -> assertThat(failed.reason()).contains(reason));
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new java.util.HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static MergedFile file(String path, String content) {
        return new MergedFile(path, content, Sha256.hex(content));
    }
}
