package uk.gov.gds.awsam.provisioner.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;

import uk.gov.gds.awsam.provisioner.domain.GdsUsers.IamUser;
import uk.gov.gds.awsam.provisioner.domain.MemberAccounts.MemberAccount;
import uk.gov.gds.awsam.provisioner.domain.MemberAccounts.Role;

/**
 * Once root MFA is seeded: verifies it where the API shows it, then rewrites the bootstrap role's trust policy
 * so that each admin of the request who has a gds-users IAM user may assume it with MFA, and nobody else.
 */
public final class RootSecuring {

    private static final Logger LOG = Logger.getLogger(RootSecuring.class);

    private final MemberAccounts members;
    private final GdsUsers gdsUsers;
    private final Retrier retrier;
    private final String gdsUsersAccountId;
    private final String bootstrapRoleName;
    private final boolean verifyRootMfa;
    private final int trustPolicyMaxLength;

    public RootSecuring(MemberAccounts members, GdsUsers gdsUsers, Retrier retrier, String gdsUsersAccountId, String bootstrapRoleName,
            boolean verifyRootMfa, int trustPolicyMaxLength) {
        this.members = members;
        this.gdsUsers = gdsUsers;
        this.retrier = retrier;
        this.gdsUsersAccountId = gdsUsersAccountId;
        this.bootstrapRoleName = bootstrapRoleName;
        this.verifyRootMfa = verifyRootMfa;
        this.trustPolicyMaxLength = trustPolicyMaxLength;
    }

    public SecuredRoot secure(String accountId, List<String> adminUserEmails) {
        return StepFailed.during(Stage.SECURE_ROOT, () -> {
            List<String> trusted = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (String email : adminUserEmails) {
                Optional<IamUser> user = retrier.call(Stage.SECURE_ROOT, () -> gdsUsers.user(email));
                if (user.isPresent()) {
                    trusted.add(inGdsUsers(user.get()));
                } else {
                    missing.add(email);
                }
            }
            if (trusted.isEmpty()) {
                throw StepFailed.permanent(Stage.SECURE_ROOT, "none of the admins " + adminUserEmails
                        + " has an IAM user in gds-users, so the bootstrap role of account " + accountId + " would trust nobody;"
                        + " add them to gds-users first");
            }
            if (!missing.isEmpty()) {
                LOG.warnf("Admins %s have no IAM user in gds-users; the bootstrap role of account %s will not trust them", missing, accountId);
            }
            String policy = TrustPolicy.trusting(trusted);
            if (policy.length() > trustPolicyMaxLength) {
                throw StepFailed.permanent(Stage.SECURE_ROOT, "the trust policy for " + trusted.size() + " admins is " + policy.length()
                        + " characters, over the " + trustPolicyMaxLength + "-character IAM quota; ask AWS for a higher"
                        + " role trust policy length quota for account " + accountId + " or trust fewer admins");
            }
            try (MemberAccount account = assume(accountId)) {
                if (verifyRootMfa && !retrier.call(Stage.SECURE_ROOT, account::rootMfaEnabled)) {
                    throw StepFailed.permanent(Stage.SECURE_ROOT, "root MFA is not enabled on account " + accountId
                            + " (GetAccountSummary AccountMFAEnabled is 0): seed root MFA again with the yubikey-agent");
                }
                Role role = retrier.call(Stage.SECURE_ROOT, () -> account.role(bootstrapRoleName))
                        .orElseThrow(() -> StepFailed.permanent(Stage.SECURE_ROOT, "account " + accountId + " has no "
                                + bootstrapRoleName + " role"));
                retrier.run(Stage.SECURE_ROOT, () -> account.updateTrustPolicy(bootstrapRoleName, policy));
                LOG.infof("The %s role of account %s now trusts %s with MFA", bootstrapRoleName, accountId, trusted);
                return new SecuredRoot(accountId, role.arn(), trusted, verifyRootMfa, missing, policy);
            }
        });
    }

    /** The user's ARN, which must be in the configured gds-users account: never trust another account's users. */
    private String inGdsUsers(IamUser user) {
        if (!user.arn().startsWith("arn:aws:iam::" + gdsUsersAccountId + ":user/")) {
            throw StepFailed.permanent(Stage.SECURE_ROOT, "IAM user " + user.arn() + " is not in the gds-users account "
                    + gdsUsersAccountId + ": check provisioner.aws.gds-users-account-id and gds-users-role-arn");
        }
        return user.arn();
    }

    private MemberAccount assume(String accountId) {
        try {
            return retrier.call(Stage.SECURE_ROOT, () -> members.assume(accountId, bootstrapRoleName));
        } catch (AwsCallFailed failed) {
            throw StepFailed.permanent(Stage.SECURE_ROOT, "cannot assume the " + bootstrapRoleName + " role of account " + accountId
                    + " to secure it: " + failed.getMessage());
        }
    }
}
