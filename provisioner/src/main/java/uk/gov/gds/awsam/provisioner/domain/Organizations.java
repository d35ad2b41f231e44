package uk.gov.gds.awsam.provisioner.domain;

import java.util.List;

/** AWS Organizations, as the management (billing) account sees it. Failures are {@link AwsCallFailed}. */
public interface Organizations {

    /** Every account of the organisation (all pages). */
    List<OrgAccount> accounts();

    /** Starts creating an account; AWS finishes it asynchronously. */
    CreateAccountStatus createAccount(AccountSpec spec);

    CreateAccountStatus createAccountStatus(String createAccountRequestId);

    /** The id of the root or organisational unit the account is in. */
    String parentOf(String accountId);

    void moveAccount(String accountId, String fromParentId, String toParentId);

    record OrgAccount(String id, String name, String email, String status) {

        public boolean active() {
            return "ACTIVE".equals(status);
        }
    }

    record CreateAccountStatus(String requestId, State state, String accountId, String failureReason) {

        public enum State {
            IN_PROGRESS, SUCCEEDED, FAILED
        }
    }
}
