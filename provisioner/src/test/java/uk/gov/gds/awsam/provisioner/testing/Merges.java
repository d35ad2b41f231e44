package uk.gov.gds.awsam.provisioner.testing;

import static uk.gov.gds.awsam.contract.TerraformResource.IAM_USER;
import static uk.gov.gds.awsam.contract.TerraformResource.IAM_USER_GROUP_MEMBERSHIP;
import static uk.gov.gds.awsam.contract.TerraformResource.ORGANIZATIONS_ACCOUNT;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import uk.gov.gds.awsam.contract.Sha256;
import uk.gov.gds.awsam.contract.TerraformLayout;
import uk.gov.gds.awsam.contract.TerraformAttribute;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.FileChange;
import uk.gov.gds.awsam.events.PrMerged;
import uk.gov.gds.awsam.events.RequestKind;
import uk.gov.gds.awsam.events.RootMfaSeeded;
import uk.gov.gds.awsam.testsupport.SampleEvents;

/**
 * Merged pull requests as pr-service announces them, with the files terraform-generator writes, built from the
 * layout contract ({@link TerraformLayout}: the account file with the aws_organizations_account and the trusted
 * admins; a user file per person).
 */
public final class Merges {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Merges() {
    }

    public static String rootEmail(String name) {
        return "aws-root-accounts+" + name + "@digital.cabinet-office.gov.uk";
    }

    /** The account file terraform-generator writes. */
    public static String accountFile(String name, String email, List<String> admins, String parentId, Map<String, String> tags) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode trusted = root.putObject(TerraformLayout.LOCALS).putArray(TerraformLayout.trustedUsersLocal(name));
        admins.forEach(trusted::add);
        ObjectNode account = root.putObject(TerraformLayout.RESOURCE).putObject(ORGANIZATIONS_ACCOUNT.type()).putObject(name);
        account.put(TerraformAttribute.NAME.key(), name);
        account.put(TerraformAttribute.EMAIL.key(), email);
        account.put(TerraformAttribute.ROLE_NAME.key(), MotoAccounts.BOOTSTRAP);
        account.put(TerraformAttribute.IAM_USER_ACCESS_TO_BILLING.key(), "ALLOW");
        if (parentId != null) {
            account.put(TerraformAttribute.PARENT_ID.key(), parentId);
        }
        ObjectNode tagNode = account.putObject(TerraformAttribute.TAGS.key());
        tags.forEach(tagNode::put);
        account.putObject(TerraformAttribute.LIFECYCLE.key()).put(TerraformAttribute.PREVENT_DESTROY.key(), true);
        return root.toPrettyString() + "\n";
    }

    public static String accountFile(String name, List<String> admins, String parentId) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("Organisation", "GDS");
        tags.put("Team", "Sample Team");
        return accountFile(name, rootEmail(name), admins, parentId, tags);
    }

    /** The user file terraform-generator writes: the user, an import of it, its group membership (no interpolation). */
    public static String userFile(String email) {
        String key = "user_" + email.replace("@", "_at_").replaceAll("[^A-Za-z0-9_-]", "_") + "_" + Sha256.hex(email).substring(0, 8);
        ObjectNode root = JSON.createObjectNode();
        root.putObject(TerraformLayout.IMPORT).put(TerraformLayout.IMPORT_ID, email).put(TerraformLayout.IMPORT_TO, IAM_USER.address(key));
        ObjectNode resource = root.putObject(TerraformLayout.RESOURCE);
        resource.putObject(IAM_USER.type()).putObject(key).put(TerraformAttribute.FORCE_DESTROY.key(), true).put(TerraformAttribute.NAME.key(), email);
        ObjectNode membership = resource.putObject(IAM_USER_GROUP_MEMBERSHIP.type()).putObject(key);
        membership.putArray(TerraformAttribute.DEPENDS_ON.key()).add(IAM_USER.address(key));
        membership.putArray(TerraformAttribute.GROUPS.key()).add(MotoAccounts.GROUP);
        membership.put(TerraformAttribute.USER.key(), email);
        return root.toPrettyString() + "\n";
    }

    public static PrMerged newAccount(String requestId, String name, String fileContent) {
        return merged(requestId, RequestKind.NEW_ACCOUNT, List.of(name),
                List.of(file(TerraformLayout.DEFAULT.accountFile(name), fileContent)));
    }

    public static PrMerged userAccess(String requestId, String... emails) {
        List<FileChange> files = new ArrayList<>();
        for (String email : emails) {
            files.add(file(TerraformLayout.DEFAULT.userFile(email), userFile(email)));
        }
        return merged(requestId, RequestKind.USER_ACCESS, List.of(emails), files);
    }

    public static PrMerged userRemoval(String requestId, String... emails) {
        List<FileChange> files = new ArrayList<>();
        for (String email : emails) {
            files.add(file(TerraformLayout.DEFAULT.userFile(email), null));
        }
        return merged(requestId, RequestKind.USER_REMOVAL, List.of(emails), files);
    }

    /** The closure file terraform-generator writes: one local marking the account. */
    public static String closureFile(String accountId, String name) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject(TerraformLayout.LOCALS).putObject(TerraformLayout.closureLocal(accountId))
                .put(TerraformLayout.CLOSURE_ACCOUNT_ID, accountId).put(TerraformLayout.CLOSURE_ACCOUNT_NAME, name)
                .put(TerraformLayout.CLOSURE_REASON, "the service was decommissioned");
        return root.toPrettyString() + "\n";
    }

    public static PrMerged closure(String requestId, String accountId, String name) {
        return merged(requestId, RequestKind.ACCOUNT_CLOSURE, List.of(accountId),
                List.of(file(TerraformLayout.DEFAULT.accountClosureFile(accountId), closureFile(accountId, name))));
    }

    public static PrMerged merged(String requestId, RequestKind kind, List<String> subjects, List<FileChange> files) {
        boolean account = kind == RequestKind.NEW_ACCOUNT || kind == RequestKind.ACCOUNT_CLOSURE;
        return SampleEvents.prMerged(requestId)
                .setRepository(account ? "gds/aws-billing-account" : "gds/aws-users")
                .setMergedAt(Instant.now())
                .setOccurredAt(Instant.now())
                .setKind(kind).setSubjects(subjects).setFiles(files)
                .build();
    }

    public static FileChange file(String path, String content) {
        return FileChange.newBuilder().setPath(path).setContent(content).setSha256(content == null ? null : Sha256.hex(content)).build();
    }

    public static RootMfaSeeded rootMfaSeeded(String requestId, String accountId) {
        return SampleEvents.rootMfaSeeded(requestId).setAccountId(accountId)
                .setCredentialName("Amazon Web Services:root-mfa@" + accountId).setOccurredAt(Instant.now()).build();
    }

    /** An engineer's retry of a stage, as request-service (or the yubikey-agent's verify) publishes it. */
    public static uk.gov.gds.awsam.events.RetryRequested retry(String requestId, String stage, String failedEventId) {
        return uk.gov.gds.awsam.events.RetryRequested.newBuilder()
                .setEventId(java.util.UUID.randomUUID().toString()).setRequestId(requestId).setOccurredAt(Instant.now())
                .setCausationId(failedEventId).setStage(stage).setEngineer("engineer@digital.cabinet-office.gov.uk")
                .setReason("the cause is fixed").setFailedEventId(failedEventId).build();
    }

    /** The id pr-service would give the PrMerged of a request (stable, as SampleEvents derives it). */
    public static String prMergedId(String requestId) {
        return SampleEvents.eventId(requestId, EventType.PR_MERGED);
    }

}
