package uk.gov.gds.awsam.pr;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import uk.gov.gds.awsam.contract.Sha256;
import uk.gov.gds.awsam.contract.TerraformLayout;
import uk.gov.gds.awsam.events.FileChange;
import uk.gov.gds.awsam.events.RequestKind;
import uk.gov.gds.awsam.events.TerraformGenerated;
import uk.gov.gds.awsam.testsupport.SampleEvents;

/** TerraformGenerated events as terraform-generator makes them (branch names, files) for the tests. */
public final class Requests {

    public static final String BILLING = "gds/aws-billing-account";
    public static final String USERS = "gds/aws-users";

    private Requests() {
    }

    public static TerraformGenerated newAccount(String requestId, String accountName) {
        String content = "{\n  \"resource\": {\n    \"aws_organizations_account\": {\n      \"" + accountName + "\": {\n        \"name\": \""
                + accountName + "\"\n      }\n    }\n  },\n  \"locals\": {\n    \"" + accountName
                + "_bootstrap_trusted_users\": [\"admin.one@digital.cabinet-office.gov.uk\"]\n  }\n}\n";
        return generated(requestId, RequestKind.NEW_ACCOUNT, BILLING, "aws-accounts/new-account/" + accountName + "/" + requestId,
                List.of(accountName), Map.of("terraform/accounts/" + accountName + ".tf.json", content));
    }

    /** A closure as terraform-generator makes it: the closure file of the layout contract, by the account's id. */
    public static TerraformGenerated closure(String requestId, String accountId, String accountName) {
        String content = "{\n  \"locals\": {\n    \"" + TerraformLayout.closureLocal(accountId) + "\": {\n      \"account_id\": \"" + accountId
                + "\",\n      \"account_name\": \"" + accountName + "\",\n      \"reason\": \"No longer needed\"\n    }\n  }\n}\n";
        return generated(requestId, RequestKind.ACCOUNT_CLOSURE, BILLING, "aws-accounts/account-closure/" + accountName + "/" + requestId,
                List.of(accountName), Map.of(TerraformLayout.DEFAULT.accountClosureFile(accountId), content));
    }

    public static TerraformGenerated userAccess(String requestId, String... emails) {
        Map<String, String> files = new java.util.TreeMap<>();
        for (String email : emails) {
            files.put("terraform/users/" + email + ".tf.json", "{\n  \"resource\": {\n    \"aws_iam_user\": {\n      \"u\": {\n        \"name\": \""
                    + email + "\"\n      }\n    }\n  }\n}\n");
        }
        String slug = emails[0].substring(0, emails[0].indexOf('@')).replaceAll("[^a-z0-9-]", "-")
                + (emails.length > 1 ? "-and-" + (emails.length - 1) + "-more" : "");
        return generated(requestId, RequestKind.USER_ACCESS, USERS, "aws-accounts/user-access/" + slug + "/" + requestId, List.of(emails), files);
    }

    static TerraformGenerated generated(String requestId, RequestKind kind, String repository, String branch, List<String> subjects,
            Map<String, String> files) {
        List<FileChange> changes = new ArrayList<>();
        files.forEach((path, content) -> changes.add(FileChange.newBuilder().setPath(path).setContent(content).setSha256(sha256(content)).build()));
        return SampleEvents.terraformGenerated(requestId)
                .setKind(kind)
                .setSubjects(subjects)
                .setRepository(repository)
                .setBaseBranch("main")
                .setBranch(branch)
                .setCommitMessage("Request " + requestId + "\n\nCo-authored-by: Requester <" + SampleEvents.REQUESTER + ">\n")
                .setPrTitle("Request " + requestId)
                .setPrBody("## What is asked\n\nRequest `" + requestId + "`\n")
                .setChanges(changes)
                .build();
    }

    static String sha256(String content) {
        return content == null ? null : Sha256.hex(content);
    }
}
