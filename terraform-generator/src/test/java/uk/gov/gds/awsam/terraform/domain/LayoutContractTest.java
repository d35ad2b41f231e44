package uk.gov.gds.awsam.terraform.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import uk.gov.gds.awsam.contract.TerraformLayout;
import uk.gov.gds.awsam.contract.TerraformResource;
import uk.gov.gds.awsam.events.ClosureRequest;
import uk.gov.gds.awsam.events.FileChange;
import uk.gov.gds.awsam.events.RequestKind;
import uk.gov.gds.awsam.events.RequestSubmitted;
import uk.gov.gds.awsam.events.TerraformGenerated;
import uk.gov.gds.awsam.terraform.messaging.GeneratorEvents;

/**
 * terraform-generator's side of the Terraform layout contract in {@code schemas} (the provisioner's side is held to
 * the same contract by its own tests): for every golden case, each file is at the contract's path for its subject,
 * holds the contract's blocks and resource types for its kind, and each resource exactly the attributes the
 * contract says are written; a user file's import adopts its own user; a closure file holds its one mark.
 */
class LayoutContractTest {

    private static final TerraformLayout LAYOUT = TerraformLayout.DEFAULT;

    @ParameterizedTest(name = "{0}")
    @MethodSource("uk.gov.gds.awsam.terraform.domain.GoldenFilesTest#cases")
    void everyGeneratedFileKeepsToTheLayoutContract(String name, RequestSubmitted request) {
        TerraformGenerated generated = GeneratorEvents.generate(new TerraformGenerator(Requests.SETTINGS), request, Requests.GENERATED_AT);

        if (request.getKind() == RequestKind.ACCOUNT_CLOSURE) {
            aClosureIsOneFileWithOneMark(request.getClosure(), generated);
            return;
        }
        boolean account = request.getKind() == RequestKind.NEW_ACCOUNT;
        assertThat(generated.getChanges()).extracting(FileChange::getPath).containsExactlyElementsOf(generated.getSubjects().stream()
                .map(subject -> account ? LAYOUT.accountFile(subject) : LAYOUT.userFile(subject)).sorted().toList());
        for (FileChange change : generated.getChanges()) {
            if (change.getContent() == null) {
                continue;
            }
            Map<String, Object> file = TerraformJsonValidator.parse(change.getContent());
            assertThat(file.keySet()).as(change.getPath()).isEqualTo(account ? TerraformLayout.ACCOUNT_BLOCKS : TerraformLayout.USER_BLOCKS);
            Map<String, Object> resources = object(file.get(TerraformLayout.RESOURCE));
            Set<TerraformResource> types = account ? TerraformLayout.ACCOUNT_RESOURCES : TerraformLayout.USER_RESOURCES;
            assertThat(resources.keySet()).as(change.getPath()).containsExactlyInAnyOrderElementsOf(types.stream().map(TerraformResource::type).toList());
            for (TerraformResource type : types) {
                object(resources.get(type.type())).forEach((key, body) ->
                        assertThat(object(body).keySet()).as("%s: %s", change.getPath(), type.address(key)).isEqualTo(type.written()));
            }
            if (account) {
                String accountName = generated.getSubjects().get(0);
                assertThat(object(resources.get(TerraformResource.ORGANIZATIONS_ACCOUNT.type()))).containsOnlyKeys(accountName);
                assertThat(object(file.get(TerraformLayout.LOCALS))).containsOnlyKeys(TerraformLayout.trustedUsersLocal(accountName));
            } else {
                String email = change.getPath().substring(LAYOUT.usersDirectory().length() + 1, change.getPath().length()
                        - TerraformLayout.SUFFIX.length());
                String key = object(resources.get(TerraformResource.IAM_USER.type())).keySet().iterator().next();
                assertThat(file.get(TerraformLayout.IMPORT)).as(change.getPath())
                        .isEqualTo(TerraformLayout.importBlock(TerraformResource.IAM_USER, key, email));
            }
        }
    }

    /** The closure file, by the account's id, holding only the closure mark: the account, its name and the reason, read as asked. */
    private static void aClosureIsOneFileWithOneMark(ClosureRequest closure, TerraformGenerated generated) {
        String id = closure.getAccountId();
        assertThat(generated.getChanges()).extracting(FileChange::getPath).containsExactly(LAYOUT.accountClosureFile(id));
        Map<String, Object> file = TerraformJsonValidator.parse(generated.getChanges().get(0).getContent());
        assertThat(file.keySet()).isEqualTo(TerraformLayout.ACCOUNT_CLOSURE_BLOCKS);
        assertThat(object(file.get(TerraformLayout.LOCALS))).containsOnlyKeys(TerraformLayout.closureLocal(id));
        Map<String, Object> mark = object(object(file.get(TerraformLayout.LOCALS)).get(TerraformLayout.closureLocal(id)));
        mark.replaceAll((key, value) -> TerraformJsonValidator.terraformLiteral((String) value));
        assertThat(mark).as("what Terraform reads").isEqualTo(Map.of(
                TerraformLayout.CLOSURE_ACCOUNT_ID, id,
                TerraformLayout.CLOSURE_ACCOUNT_NAME, closure.getAccountName(),
                TerraformLayout.CLOSURE_REASON, closure.getReason()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }
}
