package uk.gov.gds.awsam.provisioner.domain;

import java.time.Instant;
import java.util.Optional;

import uk.gov.gds.awsam.contract.AwsErrorCodes;
import uk.gov.gds.awsam.provisioner.domain.BootstrapRoleSchedule.Due;
import uk.gov.gds.awsam.provisioner.domain.BootstrapRoleSchedule.RoleState;
import uk.gov.gds.awsam.provisioner.domain.CrashPoints.Write;
import uk.gov.gds.awsam.provisioner.domain.MemberAccounts.MemberAccount;

/**
 * One look for the bootstrap role of a handed-over account, through the account's audit role (the provisioner
 * never depends on {@code bootstrap} after hand-over), under the provisioner's one AWS policy: found is PRESENT,
 * NoSuchEntity is REMOVED; an audit role that cannot be assumed, a read it may not make, or AWS still failing after
 * the policy's retries is NOT_VISIBLE, with what an engineer can act on (the role, the call, AWS's error code; never
 * AWS's message, which names principals). Then it publishes the fact, once.
 */
public final class BootstrapRoleCheck {

    private final MemberAccounts members;
    private final AwsPolicy policy;
    private final Publisher publisher;
    private final BootstrapRoleSchedule schedule;
    private final String auditRoleName;
    private final String bootstrapRoleName;

    public BootstrapRoleCheck(MemberAccounts members, AwsPolicy policy, Publisher publisher, BootstrapRoleSchedule schedule, String auditRoleName,
            String bootstrapRoleName) {
        this.members = members;
        this.policy = policy;
        this.publisher = publisher;
        this.schedule = schedule;
        this.auditRoleName = auditRoleName;
        this.bootstrapRoleName = bootstrapRoleName;
    }

    /** Looks and publishes BootstrapRoleChecked; empty when this check was published already. */
    public Optional<Facts.BootstrapRoleChecked> check(Run run, Due due) {
        if (publisher.published(due.eventId())) {
            return Optional.empty();
        }
        Look look = look(run, due.accountId());
        policy.seen(Write.BOOTSTRAP_ROLE_LOOKED, due.accountName());
        Instant checkedAt = run.now();
        Facts.BootstrapRoleChecked checked = new Facts.BootstrapRoleChecked(due.eventId(), due.requestId(), due.causationId(), due.accountId(),
                due.accountName(), bootstrapRoleName, look.state(), look.detail(), due.handedOverAt(), checkedAt,
                look.state() == RoleState.REMOVED ? null : schedule.nextCheckAt(checkedAt));
        publisher.publish(checked);
        return Optional.of(checked);
    }

    private record Look(RoleState state, String detail) {
    }

    private Look look(Run run, String accountId) {
        String auditRoleArn = "arn:aws:iam::" + accountId + ":role/" + auditRoleName;
        MemberAccount audit;
        try {
            audit = policy.call(run, null, () -> members.assume(accountId, auditRoleName));
        } catch (AwsCallFailed refused) {
            String why = refused.is(AwsErrorCodes.Kind.ACCESS_DENIED) ? "it is missing or does not trust the provisioner's role" : "AWS refused";
            return notVisible("the provisioner could not assume the audit role " + auditRoleArn + " (sts:AssumeRole: " + refused.code()
                    + "): " + why + "; an administrator of the account adds or fixes it (provisioner README, \"Trust policy and the audit role\")");
        } catch (StepFailed gaveUp) {
            return notVisible(stillFailing("sts:AssumeRole of " + auditRoleArn, gaveUp));
        }
        try (MemberAccount reading = audit) {
            boolean present = policy.call(run, null, () -> reading.role(bootstrapRoleName)).isPresent();
            return new Look(present ? RoleState.PRESENT : RoleState.REMOVED, null);
        } catch (AwsCallFailed refused) {
            return notVisible("the audit role " + auditRoleArn + " may not read the role " + bootstrapRoleName + " (iam:GetRole: "
                    + refused.code() + "): give it iam:GetRole (provisioner README, \"Trust policy and the audit role\")");
        } catch (StepFailed gaveUp) {
            return notVisible(stillFailing("iam:GetRole " + bootstrapRoleName + " through " + auditRoleArn, gaveUp));
        }
    }

    private static String stillFailing(String call, StepFailed gaveUp) {
        String code = gaveUp.getCause() instanceof AwsCallFailed failed ? failed.code() : "no answer";
        return "AWS kept failing " + call + " (" + code + ") after " + gaveUp.attempt() + " attempts; the provisioner looks again at the next check";
    }

    private static Look notVisible(String detail) {
        return new Look(RoleState.NOT_VISIBLE, detail);
    }
}
