package uk.gov.gds.awsam.provisioner.domain;

import java.util.List;
import java.util.Optional;

/**
 * What the provisioner writes down before an AWS write it could not learn about again afterwards, so that the
 * handling of a redelivered event (after a crash between the write and its event) reports the truth. Kept on a
 * compacted Kafka topic of the provisioner's own and read back at start, like the events it published.
 * Recording returns once the broker has acknowledged it.
 */
public interface Journal {

    /**
     * A user's removal as planned before its first deletion: whether the user existed, what hung off it, and
     * the trust scan (which cannot be redone once the user is gone: IAM rewrites a deleted user's ARN in trust
     * policies to an opaque id).
     */
    record RemovalPlan(String userName, boolean userExisted, List<String> dependants, List<String> trustPoliciesNamingUser,
            List<String> unreadableAccounts) {

        public RemovalPlan {
            dependants = List.copyOf(dependants);
            trustPoliciesNamingUser = List.copyOf(trustPoliciesNamingUser);
            unreadableAccounts = List.copyOf(unreadableAccounts);
        }
    }

    Optional<RemovalPlan> removalPlan(String requestId, String userName);

    void recordRemovalPlan(String requestId, RemovalPlan plan);

    /** Whether this request set (or began to set) the user's login profile: its password was never delivered. */
    boolean setsPassword(String requestId, String userName);

    void recordSettingPassword(String requestId, String userName);

    /** The outcome is published: the entries of this request and user are no longer needed. */
    void forget(String requestId, String userName);
}
