package uk.gov.gds.awsam.provisioner.client;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.organizations.model.AccountNotFoundException;
import software.amazon.awssdk.services.organizations.model.ConstraintViolationException;
import software.amazon.awssdk.services.organizations.model.CreateAccountRequest;
import software.amazon.awssdk.services.organizations.model.Tag;
import uk.gov.gds.awsam.contract.AwsErrorCodes;
import uk.gov.gds.awsam.provisioner.domain.AccountSpec;
import uk.gov.gds.awsam.provisioner.domain.AwsCallFailed;
import uk.gov.gds.awsam.provisioner.domain.Organizations;

/** Organizations through the SDK. */
public final class AwsOrganizations implements Organizations {

    private final OrganizationsClient organizations;

    public AwsOrganizations(OrganizationsClient organizations) {
        this.organizations = organizations;
    }

    @Override
    public List<OrgAccount> accounts() {
        return AwsErrors.call("ListAccounts", () -> organizations.listAccountsPaginator(b -> { }).stream()
                .flatMap(page -> page.accounts().stream())
                .map(AwsOrganizations::account).toList());
    }

    @Override
    public Map<String, String> tags(String accountId) {
        return AwsErrors.call("ListTagsForResource " + accountId, () -> {
            Map<String, String> tags = new LinkedHashMap<>();
            organizations.listTagsForResourcePaginator(b -> b.resourceId(accountId)).stream()
                    .flatMap(page -> page.tags().stream()).forEach(tag -> tags.put(tag.key(), tag.value()));
            return tags;
        });
    }

    @Override
    public void tag(String accountId, Map<String, String> tags) {
        AwsErrors.run("TagResource " + accountId, () -> organizations.tagResource(b -> b.resourceId(accountId)
                .tags(tags.entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList())));
    }

    @Override
    public List<CreateAccountStatus> creations(List<CreateAccountStatus.State> states) {
        return AwsErrors.call("ListCreateAccountStatus", () -> organizations.listCreateAccountStatusPaginator(
                b -> b.statesWithStrings(states.stream().map(Enum::name).toList())).stream()
                .flatMap(page -> page.createAccountStatuses().stream()).map(AwsOrganizations::status).toList());
    }

    @Override
    public CreateAccountStatus createAccount(AccountSpec spec, Map<String, String> extraTags) {
        CreateAccountRequest.Builder request = CreateAccountRequest.builder()
                .accountName(spec.name())
                .email(spec.email())
                .roleName(spec.roleName())
                .iamUserAccessToBilling(spec.iamUserAccessToBilling());
        Map<String, String> tags = new LinkedHashMap<>(spec.tags());
        tags.putAll(extraTags);
        if (!tags.isEmpty()) {
            request.tags(tags.entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList());
        }
        return AwsErrors.call("CreateAccount", () -> status(organizations.createAccount(request.build()).createAccountStatus()));
    }

    @Override
    public CreateAccountStatus createAccountStatus(String createAccountRequestId) {
        return AwsErrors.call("DescribeCreateAccountStatus", () -> status(organizations.describeCreateAccountStatus(
                b -> b.createAccountRequestId(createAccountRequestId)).createAccountStatus()));
    }

    @Override
    public String parentOf(String accountId) {
        return AwsErrors.call("ListParents", () -> organizations.listParents(b -> b.childId(accountId)).parents().get(0).id());
    }

    @Override
    public void moveAccount(String accountId, String fromParentId, String toParentId) {
        AwsErrors.run("MoveAccount", () -> organizations.moveAccount(b -> b.accountId(accountId)
                .sourceParentId(fromParentId).destinationParentId(toParentId)));
    }

    @Override
    public String managementAccountId() {
        return AwsErrors.call("DescribeOrganization", () -> organizations.describeOrganization().organization().masterAccountId());
    }

    @Override
    public Optional<OrgAccount> account(String accountId) {
        return AwsErrors.call("DescribeAccount " + accountId, () -> {
            try {
                return Optional.of(account(organizations.describeAccount(b -> b.accountId(accountId)).account()));
            } catch (AccountNotFoundException notInTheOrganisation) {
                return Optional.empty();
            }
        });
    }

    @Override
    public void closeAccount(String accountId) {
        AwsErrors.run("CloseAccount " + accountId, () -> {
            try {
                organizations.closeAccount(b -> b.accountId(accountId));
            } catch (ConstraintViolationException refused) {
                throw new AwsCallFailed(AwsErrorCodes.Kind.REFUSED, "CloseAccount " + accountId, refused.reasonAsString(),
                        refused.awsErrorDetails().errorMessage(), refused);
            }
        });
    }

    private static OrgAccount account(Account account) {
        return new OrgAccount(account.id(), account.name(), account.email(),
                account.stateAsString() != null ? account.stateAsString() : account.statusAsString());
    }

    private static CreateAccountStatus status(software.amazon.awssdk.services.organizations.model.CreateAccountStatus status) {
        CreateAccountStatus.State state = switch (status.stateAsString()) {
            case "SUCCEEDED" -> CreateAccountStatus.State.SUCCEEDED;
            case "FAILED" -> CreateAccountStatus.State.FAILED;
            default -> CreateAccountStatus.State.IN_PROGRESS;
        };
        return new CreateAccountStatus(status.id(), state, status.accountId(), status.failureReasonAsString(), status.accountName());
    }
}
