package uk.gov.gds.awsam.provisioner.domain;

import java.util.Optional;
import java.util.function.Supplier;

import uk.gov.gds.awsam.contract.AwsErrorCodes.Kind;
import uk.gov.gds.awsam.events.ResumableStage;
import uk.gov.gds.awsam.provisioner.domain.CrashPoints.Write;
import uk.gov.gds.awsam.provisioner.domain.MemberAccounts.MemberAccount;
import uk.gov.gds.awsam.provisioner.domain.MemberAccounts.Role;

/**
 * The read-only audit role the provisioner keeps in every account it hands over: trusted only by the
 * provisioner's own role, allowed only what the trust scan and the root checks read (iam:GetRole,
 * iam:GetAccountSummary). Made through the bootstrap role before that role is handed to the requesters, so the
 * management side never depends on {@code bootstrap} afterwards.
 */
public final class AuditRoles {

    public static final String POLICY_NAME = "aws-accounts-audit";
    public static final String PERMISSIONS = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":[\"iam:GetRole\",\"iam:GetAccountSummary\"],\"Resource\":\"*\"}]}";

    private final MemberAccounts members;
    private final AwsPolicy policy;
    private final TrustPolicy documents;
    private final PollPolicy readiness;
    private final String roleName;
    private final Supplier<String> trustedPrincipalArn;

    /**
     * @param trustedPrincipalArn the provisioner's own role (the one it reaches member accounts with)
     */
    public AuditRoles(MemberAccounts members, AwsPolicy policy, TrustPolicy documents, PollPolicy readiness, String roleName,
            Supplier<String> trustedPrincipalArn) {
        this.members = members;
        this.policy = policy;
        this.documents = documents;
        this.readiness = readiness;
        this.roleName = roleName;
        this.trustedPrincipalArn = trustedPrincipalArn;
    }

    public String roleName() {
        return roleName;
    }

    /** How long a new role (this one, or one it is made through) may take to become usable. */
    public PollPolicy readiness() {
        return readiness;
    }

    public String trustPolicy() {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + trustedPrincipalArn.get()
                + "\"},\"Action\":\"sts:AssumeRole\"}]}";
    }

    /**
     * Makes sure the account has the audit role with its trust and permissions, through {@code admin} (a session
     * of the bootstrap role); returns its ARN. Safe to redo at any point.
     */
    public String ensure(Run run, ResumableStage stage, String accountId, MemberAccount admin) {
        Optional<Role> existing = policy.call(run, stage, () -> admin.role(roleName));
        String trust = trustPolicy();
        if (existing.isEmpty()) {
            try {
                policy.write(run, stage, Write.CREATE_AUDIT_ROLE, accountId, () -> admin.createRole(roleName, trust,
                        "Read-only sight of the account for the AWS account management service (trust scans, root checks)"));
            } catch (AwsCallFailed failed) {
                if (!failed.is(Kind.ALREADY_EXISTS)) {
                    throw failed;
                }
            }
        } else if (!documents.sameDocument(existing.get().trustPolicy(), trust)) {
            policy.write(run, stage, Write.CREATE_AUDIT_ROLE, accountId, () -> admin.updateTrustPolicy(roleName, trust));
        }
        policy.write(run, stage, Write.PUT_AUDIT_ROLE_POLICY, accountId, () -> admin.putRolePolicy(roleName, POLICY_NAME, PERMISSIONS));
        return arn(accountId);
    }

    /**
     * A session of the audit role, waiting while a new role is not yet assumable; {@code timedOut} when it never
     * becomes so within the readiness timeout.
     */
    public MemberAccount assume(Run run, ResumableStage stage, String accountId, Supplier<StepFailed> timedOut) {
        String key = "audit-role:" + accountId;
        try {
            MemberAccount audit = policy.call(run, stage, () -> members.assume(accountId, roleName));
            policy.arrived(run, key);
            return audit;
        } catch (AwsCallFailed failed) {
            if (!failed.is(Kind.ACCESS_DENIED)) {
                throw failed;
            }
            throw policy.poll(run, stage, key, readiness, "the audit role to become usable", failed.getMessage(), timedOut);
        }
    }

    /** A session of the audit role if it can be assumed now, without waiting. */
    public Optional<MemberAccount> tryAssume(Run run, ResumableStage stage, String accountId) {
        try {
            return Optional.of(policy.call(run, stage, () -> members.assume(accountId, roleName)));
        } catch (AwsCallFailed failed) {
            if (failed.is(Kind.ACCESS_DENIED) || failed.is(Kind.NOT_FOUND)) {
                return Optional.empty();
            }
            throw failed;
        }
    }

    public String arn(String accountId) {
        return "arn:aws:iam::" + accountId + ":role/" + roleName;
    }
}
