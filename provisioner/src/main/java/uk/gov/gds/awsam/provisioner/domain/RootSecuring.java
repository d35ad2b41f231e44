package uk.gov.gds.awsam.provisioner.domain;

import static uk.gov.gds.awsam.events.ResumableStage.SECURE_ROOT;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import uk.gov.gds.awsam.contract.AwsErrorCodes.Kind;
import uk.gov.gds.awsam.provisioner.domain.CrashPoints.Write;
import uk.gov.gds.awsam.provisioner.domain.GdsUsers.IamUser;
import uk.gov.gds.awsam.provisioner.domain.MemberAccounts.MemberAccount;
import uk.gov.gds.awsam.provisioner.domain.MemberAccounts.Role;

/**
 * Once root MFA is seeded: verifies it through the audit role (waiting while AWS lags, then failing with what
 * the engineer does), then makes the bootstrap role trust each admin of the request who has a gds-users IAM user,
 * with MFA, and nobody else. Safe to redo after the rewrite: the bootstrap role no longer trusts the management
 * account then, so its trust policy is read through the audit role, and a policy already as it should be is
 * left as it is.
 */
public final class RootSecuring {

    private static final String VERIFY_AGAIN = "an engineer checks in the AWS console, signed in as root with one of the two"
            + " YubiKeys, that root MFA is enabled for both keys; then re-runs the verification (the yubikey-agent's verify command,"
            + " or a retry of SECURE_ROOT from the request's page): nothing needs seeding again";

    private final MemberAccounts members;
    private final GdsUsers gdsUsers;
    private final AwsPolicy policy;
    private final AuditRoles auditRoles;
    private final TrustPolicy trustPolicy;
    private final PollPolicy rootMfaCheck;
    private final String gdsUsersAccountId;
    private final String bootstrapRoleName;
    private final boolean verifyRootMfa;
    private final int trustPolicyMaxLength;

    public RootSecuring(MemberAccounts members, GdsUsers gdsUsers, AwsPolicy policy, AuditRoles auditRoles, TrustPolicy trustPolicy,
            PollPolicy rootMfaCheck, String gdsUsersAccountId, String bootstrapRoleName, boolean verifyRootMfa, int trustPolicyMaxLength) {
        this.members = members;
        this.gdsUsers = gdsUsers;
        this.policy = policy;
        this.auditRoles = auditRoles;
        this.trustPolicy = trustPolicy;
        this.rootMfaCheck = rootMfaCheck;
        this.gdsUsersAccountId = gdsUsersAccountId;
        this.bootstrapRoleName = bootstrapRoleName;
        this.verifyRootMfa = verifyRootMfa;
        this.trustPolicyMaxLength = trustPolicyMaxLength;
    }

    public SecuredRoot secure(Run run, String accountId, List<String> adminUserEmails) {
        return StepFailed.during(SECURE_ROOT, () -> {
            List<String> trusted = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (String email : adminUserEmails) {
                Optional<IamUser> user = policy.call(run, SECURE_ROOT, () -> gdsUsers.user(email));
                if (user.isPresent()) {
                    trusted.add(inGdsUsers(user.get()));
                } else {
                    missing.add(email);
                }
            }
            if (trusted.isEmpty()) {
                throw StepFailed.permanent(SECURE_ROOT, "none of the admins " + adminUserEmails + " has an IAM user in gds-users, so the"
                        + " bootstrap role of account " + accountId + " would trust nobody; it still trusts only the management account",
                        "ask for user access for " + String.join(", ", adminUserEmails) + "; once their IAM users exist, an engineer retries"
                                + " SECURE_ROOT from the request's page (root MFA does not need seeding again)");
            }
            String policyDocument = trustPolicy.trusting(trusted);
            if (policyDocument.length() > trustPolicyMaxLength) {
                throw StepFailed.permanent(SECURE_ROOT, "the trust policy for " + trusted.size() + " admins is " + policyDocument.length()
                        + " characters, over the " + trustPolicyMaxLength + "-character IAM quota",
                        "an engineer asks AWS for a higher role trust policy length quota for account " + accountId
                                + " (then raises provisioner.accounts.trust-policy-max-length), or the request trusts fewer admins; then retries");
            }
            try (MemberAccount audit = auditSession(run, accountId)) {
                if (verifyRootMfa && !policy.call(run, SECURE_ROOT, audit::rootMfaEnabled)) {
                    throw policy.poll(run, SECURE_ROOT, "root-mfa:" + accountId, rootMfaCheck, "AWS to show root MFA on the account",
                            "GetAccountSummary shows AccountMFAEnabled 0 for account " + accountId,
                            () -> StepFailed.permanent(SECURE_ROOT, "root MFA is not enabled on account " + accountId + " (GetAccountSummary"
                                    + " AccountMFAEnabled still 0 after " + rootMfaCheck.timeout() + "); the bootstrap role was not handed over",
                                    VERIFY_AGAIN));
                }
                policy.arrived(run, "root-mfa:" + accountId);
                Role role = policy.call(run, SECURE_ROOT, () -> audit.role(bootstrapRoleName)).orElseThrow(() -> StepFailed.permanent(SECURE_ROOT,
                        "account " + accountId + " has no " + bootstrapRoleName + " role",
                        "an engineer creates the " + bootstrapRoleName + " role in account " + accountId + ", then retries SECURE_ROOT"));
                boolean rewritten = !trustPolicy.sameDocument(role.trustPolicy(), policyDocument);
                if (rewritten) {
                    rewrite(run, accountId, policyDocument, role.trustPolicy());
                }
                return new SecuredRoot(accountId, role.arn(), trusted, verifyRootMfa, missing, policyDocument, rewritten, auditRoles.arn(accountId));
            }
        });
    }

    private void rewrite(Run run, String accountId, String policyDocument, String current) {
        MemberAccount bootstrap;
        try {
            bootstrap = policy.call(run, SECURE_ROOT, () -> members.assume(accountId, bootstrapRoleName));
        } catch (AwsCallFailed failed) {
            if (!failed.is(Kind.ACCESS_DENIED)) {
                throw failed;
            }
            throw StepFailed.permanent(SECURE_ROOT, "the " + bootstrapRoleName + " role of account " + accountId + " can no longer be assumed"
                    + " from the management account and does not trust the admins as required; it trusts: " + current,
                    "an engineer compares the role's trust policy with the admins of the request and corrects it in the console");
        }
        try (MemberAccount admin = bootstrap) {
            policy.write(run, SECURE_ROOT, Write.UPDATE_TRUST_POLICY, accountId, () -> admin.updateTrustPolicy(bootstrapRoleName, policyDocument));
        }
    }

    /**
     * The audit role's session. An account provisioned before the audit role existed gets it now, through the
     * bootstrap role, which still trusts the management account until this step hands it over.
     */
    private MemberAccount auditSession(Run run, String accountId) {
        Optional<MemberAccount> audit = auditRoles.tryAssume(run, SECURE_ROOT, accountId);
        if (audit.isPresent()) {
            policy.arrived(run, "audit-role:" + accountId);
            return audit.get();
        }
        if (!run.progress("audit-made:" + accountId, () -> new boolean[1])[0]) {
            try (MemberAccount bootstrap = policy.call(run, SECURE_ROOT, () -> members.assume(accountId, bootstrapRoleName))) {
                auditRoles.ensure(run, SECURE_ROOT, accountId, bootstrap);
                run.progress("audit-made:" + accountId, () -> new boolean[1])[0] = true;
            } catch (AwsCallFailed failed) {
                if (!failed.is(Kind.ACCESS_DENIED)) {
                    throw failed;
                }
                throw policy.poll(run, SECURE_ROOT, "audit-through-bootstrap:" + accountId, auditRoles.readiness(),
                        "a role the audit role can be made through", failed.getMessage(), () -> StepFailed.permanent(SECURE_ROOT,
                                "neither the audit role " + auditRoles.roleName() + " nor the " + bootstrapRoleName + " role of account "
                                        + accountId + " can be assumed from the management account: " + failed.getMessage(),
                                "an engineer adds the audit role to the account (provisioner README, 'Trust policy and the audit role'),"
                                        + " then retries SECURE_ROOT"));
            }
        }
        return auditRoles.assume(run, SECURE_ROOT, accountId, () -> StepFailed.retryable(SECURE_ROOT,
                "the audit role " + auditRoles.roleName() + " of account " + accountId + " could not be assumed", 1, null));
    }

    /** The user's ARN, which must be in the configured gds-users account: never trust another account's users. */
    private String inGdsUsers(IamUser user) {
        if (!user.arn().startsWith("arn:aws:iam::" + gdsUsersAccountId + ":user/")) {
            throw StepFailed.permanent(SECURE_ROOT, "IAM user " + user.arn() + " is not in the gds-users account " + gdsUsersAccountId,
                    "an engineer checks provisioner.aws.gds-users-account-id and gds-users-role-arn, then retries SECURE_ROOT");
        }
        return user.arn();
    }
}
