package uk.gov.gds.awsam.provisioner.domain;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** AWS Organizations, as the management (billing) account sees it. Failures are {@link AwsCallFailed}. */
public interface Organizations {

    /** Every account of the organisation (all pages). */
    List<OrgAccount> accounts();

    /** The tags of an account. */
    Map<String, String> tags(String accountId);

    void tag(String accountId, Map<String, String> tags);

    /** Starts creating an account with the spec's tags and {@code extraTags}; AWS finishes it asynchronously. */
    CreateAccountStatus createAccount(AccountSpec spec, Map<String, String> extraTags);

    CreateAccountStatus createAccountStatus(String createAccountRequestId);

    /** Creations of the organisation in these states (IN_PROGRESS, SUCCEEDED, FAILED), all pages. */
    List<CreateAccountStatus> creations(List<CreateAccountStatus.State> states);

    /** The id of the root or organisational unit the account is in. */
    String parentOf(String accountId);

    void moveAccount(String accountId, String fromParentId, String toParentId);

    /** The organisation's management account. */
    String managementAccountId();

    /** The account, if it is in the organisation (DescribeAccount). */
    Optional<OrgAccount> account(String accountId);

    /**
     * Asks AWS to close the account (it becomes PENDING_CLOSURE, then SUSPENDED). A ConstraintViolationException
     * fails with AWS's reason as its code (e.g. CLOSE_ACCOUNT_QUOTA_EXCEEDED).
     */
    void closeAccount(String accountId);

    record OrgAccount(String id, String name, String email, String status) {

        public boolean active() {
            return "ACTIVE".equals(status);
        }
    }

    record CreateAccountStatus(String requestId, State state, String accountId, String failureReason, String accountName) {

        public enum State {
            IN_PROGRESS, SUCCEEDED, FAILED
        }
    }
}
