package uk.gov.gds.awsam.provisioner.domain;

import static java.lang.System.Logger.Level.WARNING;
import static uk.gov.gds.awsam.events.ResumableStage.REMOVE_USER;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import uk.gov.gds.awsam.contract.AwsErrorCodes.Kind;
import uk.gov.gds.awsam.provisioner.domain.CrashPoints.Write;
import uk.gov.gds.awsam.provisioner.domain.GdsUsers.IamUser;
import uk.gov.gds.awsam.provisioner.domain.Journal.RemovalPlan;

/**
 * Removes a person's gds-users IAM user the way IAM requires (it refuses with DeleteConflict while anything
 * depends on the user): login profile, MFA devices (deactivated, virtual ones deleted), access keys, signing
 * certificates, SSH public keys, service-specific credentials, group memberships, attached and inline policies,
 * then the user. First, while the user still exists (IAM rewrites a deleted user's ARN in trust policies to an
 * opaque id), it scans the accounts' bootstrap trust policies for the user, and writes the plan (what hangs off
 * the user, the scan) to the journal before the first deletion: a redelivery after a crash reports everything
 * removed across both attempts and the scan as it was.
 */
public final class UserRemoval {

    private static final System.Logger LOG = System.getLogger(UserRemoval.class.getName());

    private final GdsUsers gdsUsers;
    private final TrustScan trustScan;
    private final AwsPolicy policy;
    private final Journal journal;
    private final boolean deleteServiceSpecificCredentials;

    public UserRemoval(GdsUsers gdsUsers, TrustScan trustScan, AwsPolicy policy, Journal journal, boolean deleteServiceSpecificCredentials) {
        this.gdsUsers = gdsUsers;
        this.trustScan = trustScan;
        this.policy = policy;
        this.journal = journal;
        this.deleteServiceSpecificCredentials = deleteServiceSpecificCredentials;
    }

    public RemovedUser remove(Run run, String userName) {
        return StepFailed.during(REMOVE_USER, () -> {
            Optional<IamUser> user = policy.call(run, REMOVE_USER, () -> gdsUsers.user(userName));
            RemovalPlan plan = journal.removalPlan(run.requestId(), userName).orElse(null);
            if (plan == null) {
                if (user.isEmpty()) {
                    return new RemovedUser(userName, List.of(), List.of(), List.of(), false);
                }
                TrustScan.Result scan = trustScan.rolesTrusting(run, userName);
                plan = new RemovalPlan(userName, true, dependants(run, userName), scan.rolesNamingUser(), scan.unreadableAccounts());
                journal.recordRemovalPlan(run.requestId(), plan);
            }
            Set<String> removed = new LinkedHashSet<>(plan.dependants());
            if (user.isPresent()) {
                removeDependants(run, userName, removed);
                try {
                    policy.write(run, REMOVE_USER, Write.DELETE_USER, userName, () -> gdsUsers.deleteUser(userName));
                } catch (AwsCallFailed conflict) {
                    if (!conflict.is(Kind.DELETE_CONFLICT)) {
                        throw conflict;
                    }
                    LOG.log(WARNING, "{0}; removing what depends on {1} once more", conflict.getMessage(), userName);
                    removeDependants(run, userName, removed);
                    try {
                        policy.write(run, REMOVE_USER, Write.DELETE_USER, userName, () -> gdsUsers.deleteUser(userName));
                    } catch (AwsCallFailed again) {
                        if (again.is(Kind.DELETE_CONFLICT)) {
                            throw StepFailed.permanent(REMOVE_USER, "IAM still refuses to delete " + userName + " after removing " + removed
                                    + ": " + again.getMessage(), "an engineer removes what still depends on the user by hand (IAM names it),"
                                    + " then retries the request from its page");
                        }
                        throw again;
                    }
                }
            }
            // a virtual MFA device an earlier attempt deactivated (so no longer listed for the user) may still be left
            for (String dependant : plan.dependants()) {
                if (dependant.startsWith("mfa-device:") && dependant.contains(":mfa/")) {
                    deleteVirtualMfaDevice(run, userName, dependant.substring("mfa-device:".length()));
                }
            }
            removed.add("user");
            return new RemovedUser(userName, new ArrayList<>(removed), plan.trustPoliciesNamingUser(), plan.unreadableAccounts(),
                    plan.userExisted());
        });
    }

    /** Everything that hangs off the user now, named as UserRemoved names it. */
    private List<String> dependants(Run run, String userName) {
        List<String> found = new ArrayList<>();
        if (policy.call(run, REMOVE_USER, () -> gdsUsers.hasLoginProfile(userName))) {
            found.add("login-profile");
        }
        list(run, userName, gdsUsers::mfaDeviceSerials).forEach(serial -> found.add("mfa-device:" + serial));
        list(run, userName, gdsUsers::accessKeyIds).forEach(id -> found.add("access-key:" + id));
        list(run, userName, gdsUsers::signingCertificateIds).forEach(id -> found.add("signing-certificate:" + id));
        list(run, userName, gdsUsers::sshPublicKeyIds).forEach(id -> found.add("ssh-public-key:" + id));
        if (deleteServiceSpecificCredentials) {
            list(run, userName, gdsUsers::serviceSpecificCredentialIds).forEach(id -> found.add("service-specific-credential:" + id));
        }
        list(run, userName, gdsUsers::groupsOf).forEach(group -> found.add("group:" + group));
        list(run, userName, gdsUsers::attachedPolicyArns).forEach(arn -> found.add("attached-policy:" + arn));
        list(run, userName, gdsUsers::inlinePolicyNames).forEach(name -> found.add("inline-policy:" + name));
        return found;
    }

    private void removeDependants(Run run, String userName, Set<String> removed) {
        if (ignoringMissing(() -> policy.write(run, REMOVE_USER, Write.DELETE_LOGIN_PROFILE, userName,
                () -> gdsUsers.deleteLoginProfile(userName)))) {
            removed.add("login-profile");
        }
        for (String serial : list(run, userName, gdsUsers::mfaDeviceSerials)) {
            policy.write(run, REMOVE_USER, Write.DEACTIVATE_MFA_DEVICE, userName, () -> gdsUsers.deactivateMfaDevice(userName, serial));
            if (serial.contains(":mfa/")) {
                deleteVirtualMfaDevice(run, userName, serial);
            }
            removed.add("mfa-device:" + serial);
        }
        each(run, userName, "access-key", Write.DELETE_ACCESS_KEY, gdsUsers::accessKeyIds, gdsUsers::deleteAccessKey, removed);
        each(run, userName, "signing-certificate", Write.DELETE_SIGNING_CERTIFICATE, gdsUsers::signingCertificateIds,
                gdsUsers::deleteSigningCertificate, removed);
        each(run, userName, "ssh-public-key", Write.DELETE_SSH_PUBLIC_KEY, gdsUsers::sshPublicKeyIds, gdsUsers::deleteSshPublicKey, removed);
        if (deleteServiceSpecificCredentials) {
            each(run, userName, "service-specific-credential", Write.DELETE_SERVICE_SPECIFIC_CREDENTIAL, gdsUsers::serviceSpecificCredentialIds,
                    gdsUsers::deleteServiceSpecificCredential, removed);
        }
        each(run, userName, "group", Write.REMOVE_USER_FROM_GROUP, gdsUsers::groupsOf, gdsUsers::removeFromGroup, removed);
        each(run, userName, "attached-policy", Write.DETACH_USER_POLICY, gdsUsers::attachedPolicyArns, gdsUsers::detachPolicy, removed);
        each(run, userName, "inline-policy", Write.DELETE_USER_POLICY, gdsUsers::inlinePolicyNames, gdsUsers::deleteInlinePolicy, removed);
    }

    private void deleteVirtualMfaDevice(Run run, String userName, String serial) {
        ignoringMissing(() -> {
            policy.write(run, REMOVE_USER, Write.DELETE_VIRTUAL_MFA_DEVICE, userName, () -> gdsUsers.deleteVirtualMfaDevice(serial));
            return true;
        });
    }

    private void each(Run run, String userName, String what, Write write, java.util.function.Function<String, List<String>> list,
            java.util.function.BiConsumer<String, String> delete, Set<String> removed) {
        for (String id : list(run, userName, list)) {
            policy.write(run, REMOVE_USER, write, userName, () -> delete.accept(userName, id));
            removed.add(what + ":" + id);
        }
    }

    private List<String> list(Run run, String userName, java.util.function.Function<String, List<String>> list) {
        return policy.call(run, REMOVE_USER, () -> list.apply(userName));
    }

    /** A dependant that is already gone counts as removed by someone else: not an error, not reported now. */
    private static boolean ignoringMissing(java.util.function.BooleanSupplier delete) {
        try {
            return delete.getAsBoolean();
        } catch (AwsCallFailed failed) {
            if (failed.is(Kind.NOT_FOUND)) {
                return false;
            }
            throw failed;
        }
    }
}
