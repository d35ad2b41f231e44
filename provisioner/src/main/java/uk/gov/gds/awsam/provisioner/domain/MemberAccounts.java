package uk.gov.gds.awsam.provisioner.domain;

import java.util.Optional;

/** Reaching into a member account by assuming one of its roles. Failures are {@link AwsCallFailed}. */
public interface MemberAccounts {

    /** Assumes {@code roleName} in the account; fails with ACCESS_DENIED while the role cannot be assumed. */
    MemberAccount assume(String accountId, String roleName);

    /** IAM in one member account, through an assumed role's session. */
    interface MemberAccount extends AutoCloseable {

        Optional<Role> role(String roleName);

        /** GetAccountSummary's AccountMFAEnabled: whether the account's root user has MFA. */
        boolean rootMfaEnabled();

        void updateTrustPolicy(String roleName, String policyDocument);

        void createRole(String roleName, String trustPolicy, String description);

        /** Creates or replaces the role's inline policy of that name. */
        void putRolePolicy(String roleName, String policyName, String policyDocument);

        @Override
        void close();
    }

    /** A role and its trust policy (the JSON document, decoded). */
    record Role(String arn, String trustPolicy) {
    }
}
