package uk.gov.gds.awsam.provisioner.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.contract.Sha256;
import uk.gov.gds.awsam.provisioner.client.JacksonJson;
import uk.gov.gds.awsam.provisioner.testing.Merges;

/** What was reviewed is what is applied: merged content that does not match the request is refused. */
class MergedContentTest {

    private static final MergedContent MERGED = new MergedContent(new JacksonJson());

    private static final String NAME = "sample-service";
    private static final String PATH = "terraform/accounts/sample-service.tf.json";
    private static final List<String> ADMINS = List.of("admin.one@digital.cabinet-office.gov.uk", "Admin.Two@digital.cabinet-office.gov.uk");

    @Test
    void theAccountIsReadAsReviewed() {
        AccountSpec spec = account(Merges.accountFile(NAME, ADMINS, "ou-abcd-12345678"));

        assertThat(spec.name()).isEqualTo(NAME);
        assertThat(spec.email()).isEqualTo(Merges.rootEmail(NAME));
        assertThat(spec.roleName()).isEqualTo("bootstrap");
        assertThat(spec.iamUserAccessToBilling()).isEqualTo("ALLOW");
        assertThat(spec.parent()).contains("ou-abcd-12345678");
        assertThat(spec.tags()).containsEntry("Organisation", "GDS").containsEntry("Team", "Sample Team");
        assertThat(spec.trustedUsers()).containsExactly("admin.one@digital.cabinet-office.gov.uk", "admin.two@digital.cabinet-office.gov.uk");
    }

    @Test
    void anAccountFileForAnotherAccountIsRefused() {
        String file = Merges.accountFile("other-service", Merges.rootEmail(NAME), ADMINS, null, Map.of());
        refused(() -> account(file), "aws_organizations_account.other-service is not the request's account sample-service");
    }

    @Test
    void aRenamedAccountIsRefused() {
        String file = Merges.accountFile(NAME, ADMINS, null).replace("\"name\" : \"sample-service\"", "\"name\" : \"renamed\"");
        refused(() -> account(file), "the account is named \"renamed\", the request is for sample-service");
    }

    @Test
    void unexpectedResourcesBlocksAndAttributesAreRefused() {
        String base = Merges.accountFile(NAME, ADMINS, null);
        refused(() -> account(base.replaceFirst("\"resource\" : \\{", "\"resource\" : { \"aws_iam_user\" : { \"x\" : { \"name\" : \"x\" } },")),
                "unexpected resource type \"aws_iam_user\"");
        refused(() -> account(base.replaceFirst("\\{", "{ \"provider\" : { \"aws\" : {} },")), "unexpected top-level block \"provider\"");
        refused(() -> account(base.replace("\"role_name\" :", "\"close_on_deletion\" : true, \"something_new\" : 1, \"role_name\" :")),
                "unexpected attribute of aws_organizations_account.sample-service \"something_new\"");
        refused(() -> account(base.replaceFirst("\"locals\" : \\{", "\"locals\" : { \"extra\" : 1,")), "unexpected local \"extra\"");
    }

    @Test
    void anotherAccountInTheSameFileIsRefused() {
        String file = Merges.accountFile(NAME, ADMINS, null).replace("\"aws_organizations_account\" : {",
                "\"aws_organizations_account\" : { \"second\" : { \"name\" : \"second\", \"email\" : \"x@example.org\" },");
        refused(() -> account(file), "aws_organizations_account.second is not the request's account");
    }

    @Test
    void interpolationDuplicateKeysAndBadJsonAreRefused() {
        String base = Merges.accountFile(NAME, ADMINS, null);
        refused(() -> account(base.replace(Merges.rootEmail(NAME), "${local.email}")), "uses Terraform interpolation");
        refused(() -> account(base.replace("\"role_name\" :", "\"email\" : \"hidden@example.org\", \"role_name\" :")), "Duplicate field 'email'");
        refused(() -> account("{ not json"), "is not valid JSON");
    }

    @Test
    void terraformEscapesAreReadAsTheLiteralTextTheyStandFor() {
        String file = Merges.accountFile(NAME, Merges.rootEmail(NAME), ADMINS, null, Map.of("note", "costs $${x} and %%{y}"));
        assertThat(account(file).tags()).containsEntry("note", "costs ${x} and %{y}");
        refused(() -> account(Merges.accountFile(NAME, Merges.rootEmail(NAME), ADMINS, null, Map.of("note", "%{ if true }x%{ endif }"))),
                "uses a Terraform template directive");
    }

    @Test
    void theBootstrapRoleTheProvisionerSecuresIsRequired() {
        String file = Merges.accountFile(NAME, ADMINS, null).replace("\"role_name\" : \"bootstrap\"", "\"role_name\" : \"OrganizationAccountAccessRole\"");
        refused(() -> account(file), "role_name \"OrganizationAccountAccessRole\" is not the bootstrap role");
    }

    @Test
    void theTrustedAdminsMustBeListed() {
        String base = Merges.accountFile(NAME, ADMINS, null);
        refused(() -> account(base.replace("sample-service_bootstrap_trusted_users", "other_bootstrap_trusted_users")),
                "unexpected local \"other_bootstrap_trusted_users\"");
        refused(() -> account(Merges.accountFile(NAME, List.of(), null)), "must be a non-empty list of admin emails");
        refused(() -> account(Merges.accountFile(NAME, List.of("not an email"), null)), "is not an IAM user name");
    }

    @Test
    void contentThatDoesNotMatchItsDigestIsRefused() {
        MergedFile file = new MergedFile(PATH, Merges.accountFile(NAME, ADMINS, null), "0".repeat(64));
        refused(() -> MERGED.account(List.of(NAME), List.of(file), "bootstrap"), "does not match its SHA-256");
    }

    @Test
    void filesOtherThanTheRequestsAreRefused() {
        MergedFile account = file(PATH, Merges.accountFile(NAME, ADMINS, null));
        refused(() -> MERGED.account(List.of(NAME), List.of(account, file("terraform/accounts/other.tf.json", "{}")), "bootstrap"),
                "unexpected file terraform/accounts/other.tf.json");
        refused(() -> MERGED.account(List.of(NAME), List.of(), "bootstrap"), "is missing from the merged change");
        refused(() -> MERGED.account(List.of(NAME), List.of(file(PATH, null)), "bootstrap"), "is absent at the merge commit");
    }

    @Test
    void usersToAddAreTheSubjectsWhoseFilesWereMerged() {
        String email = "new.user@digital.cabinet-office.gov.uk";
        List<MergedFile> files = List.of(file("terraform/users/" + email + ".tf.json", Merges.userFile(email)));

        assertThat(MERGED.usersToAdd(List.of(email), files, List.of("cross-account-access"))).containsExactly(email);
        refused(() -> MERGED.usersToAdd(List.of(email), files, List.of("other-group")),
                "group \"cross-account-access\" is not one the provisioner adds users to");
        refused(() -> MERGED.usersToAdd(List.of(email), List.of(file("terraform/users/" + email + ".tf.json",
                Merges.userFile("someone.else@digital.cabinet-office.gov.uk"))), List.of("cross-account-access")),
                "is named \"someone.else@digital.cabinet-office.gov.uk\", the file is for " + email);
        refused(() -> MERGED.usersToAdd(List.of(email), List.of(file("terraform/users/" + email + ".tf.json", null)),
                List.of("cross-account-access")), "was not reviewed for access");
        refused(() -> MERGED.usersToAdd(List.of("x".repeat(60) + "@example.org"), List.of(), List.of()), "cannot name an IAM user");
    }

    @Test
    void aUserFileImportingOrAddingSomeoneElseIsRefused() {
        String email = "new.user@digital.cabinet-office.gov.uk";
        String path = "terraform/users/" + email + ".tf.json";
        String good = Merges.userFile(email);
        List<String> groups = List.of("cross-account-access");

        refused(() -> MERGED.usersToAdd(List.of(email), List.of(file(path, good.replace("\"id\" : \"" + email,
                "\"id\" : \"someone.else@digital.cabinet-office.gov.uk"))), groups), "is not the import of " + email);
        refused(() -> MERGED.usersToAdd(List.of(email), List.of(file(path, good.replace("\"user\" : \"" + email,
                "\"user\" : \"someone.else@digital.cabinet-office.gov.uk"))), groups), "is for \"someone.else@digital.cabinet-office.gov.uk\"");
        refused(() -> MERGED.usersToAdd(List.of(email), List.of(file(path, good.replace("\"force_destroy\"",
                "\"permissions_boundary\" : \"arn:aws:iam::aws:policy/AdministratorAccess\", \"force_destroy\""))), groups),
                "unexpected attribute of aws_iam_user");
    }

    @Test
    void usersToRemoveAreTheSubjectsWhoseFilesWereDeleted() {
        String email = "leaver@digital.cabinet-office.gov.uk";
        assertThat(MERGED.usersToRemove(List.of(email), List.of(file("terraform/users/" + email + ".tf.json", null))))
                .containsExactly(email);
        refused(() -> MERGED.usersToRemove(List.of(email), List.of(file("terraform/users/" + email + ".tf.json", "{}"))),
                "is still present at the merge commit");
        refused(() -> MERGED.usersToRemove(List.of(email), List.of(file("terraform/users/other@x.org.tf.json", null))),
                "unexpected file terraform/users/other@x.org.tf.json");
    }

    @Test
    void theClosureFileNamesTheAccountToCloseAndNothingElseIsAccepted() {
        String id = "210987654321";
        String path = "terraform/accounts/" + id + ".closure.tf.json";
        String base = Merges.closureFile(id, NAME);

        assertThat(MERGED.closure(List.of(id), List.of(file(path, base))))
                .isEqualTo(new AccountClosure.Target(id, NAME, "the service was decommissioned"));
        assertThat(MERGED.closure(List.of(), List.of(file(path, base))).accountId()).isEqualTo(id);
        refused(() -> MERGED.closure(List.of(id), List.of(file(PATH, base))), "unexpected file " + PATH);
        refused(() -> MERGED.closure(List.of(id), List.of(file(path, base), file(PATH, "{}"))), "unexpected file " + PATH);
        refused(() -> MERGED.closure(List.of(id), List.of(file(path, null))), "absent at the merge commit");
        refused(() -> MERGED.closure(List.of("123456789012"), List.of(file(path, base))), "the request is for [123456789012]");
        refused(() -> MERGED.closure(List.of(id), List.of(file(path, base.replace("\"account_id\" : \"" + id, "\"account_id\" : \"123456789012")))),
                "account_id \"123456789012\" is not the account " + id);
        refused(() -> MERGED.closure(List.of(id), List.of(file(path, base.replaceFirst("\\{", "{ \"resource\" : {},")))),
                "unexpected top-level block \"resource\"");
        refused(() -> MERGED.closure(List.of(id), List.of(file(path, base.replace("\"reason\"", "\"close_on_deletion\" : true, \"reason\"")))),
                "unexpected attribute \"close_on_deletion\"");
        refused(() -> MERGED.closure(List.of(id), List.of(file(path, base.replace("decommissioned", "${var.x}")))),
                "Terraform interpolation");
        refused(() -> MERGED.closure(List.of(id), List.of(new MergedFile(path, base, "0".repeat(64)))), "does not match its SHA-256");
    }

    private static AccountSpec account(String content) {
        return MERGED.account(List.of(NAME), List.of(file(PATH, content)), "bootstrap");
    }

    private static MergedFile file(String path, String content) {
        return new MergedFile(path, content, content == null ? null : Sha256.hex(content));
    }

    private static void refused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StepFailed.class, failed -> {
            assertThat(failed.stage()).isEqualTo(uk.gov.gds.awsam.events.ResumableStage.VERIFY_MERGED_CONTENT);
            assertThat(failed.retryable()).isFalse();
            assertThat(failed.reason()).contains(reason);
        });
    }
}
