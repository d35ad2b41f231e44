package uk.gov.gds.awsam.provisioner.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

import org.jboss.logging.Logger;

import uk.gov.gds.awsam.provisioner.domain.AwsCallFailed.Kind;
import uk.gov.gds.awsam.provisioner.domain.GdsUsers.IamUser;

/**
 * Removes a person's gds-users IAM user the way IAM requires (it refuses with DeleteConflict while anything
 * depends on the user): login profile, MFA devices (deactivated, virtual ones deleted), access keys, signing
 * certificates, SSH public keys, service-specific credentials, group memberships, attached and inline
 * policies, then the user. First, while the user still exists (IAM rewrites a deleted user's ARN in trust
 * policies to an opaque id), it notes which accounts' bootstrap roles still trust the user.
 */
public final class UserRemoval {

    private static final Logger LOG = Logger.getLogger(UserRemoval.class);

    private final GdsUsers gdsUsers;
    private final TrustScan trustScan;
    private final Retrier retrier;
    private final boolean deleteServiceSpecificCredentials;

    public UserRemoval(GdsUsers gdsUsers, TrustScan trustScan, Retrier retrier, boolean deleteServiceSpecificCredentials) {
        this.gdsUsers = gdsUsers;
        this.trustScan = trustScan;
        this.retrier = retrier;
        this.deleteServiceSpecificCredentials = deleteServiceSpecificCredentials;
    }

    public RemovedUser remove(String userName) {
        return StepFailed.during(Stage.REMOVE_USER, () -> {
            Optional<IamUser> user = retrier.call(Stage.REMOVE_USER, () -> gdsUsers.user(userName));
            List<String> trusting = trustScan.rolesTrusting(userName);
            List<String> removed = new ArrayList<>();
            if (user.isEmpty()) {
                LOG.infof("There is no IAM user %s in gds-users: nothing to remove", userName);
                return new RemovedUser(userName, removed, trusting);
            }
            removeDependants(userName, removed);
            try {
                retrier.run(Stage.REMOVE_USER, () -> gdsUsers.deleteUser(userName));
            } catch (AwsCallFailed conflict) {
                if (!conflict.is(Kind.DELETE_CONFLICT)) {
                    throw conflict;
                }
                LOG.warnf("%s; removing what depends on %s once more", conflict.getMessage(), userName);
                removeDependants(userName, removed);
                try {
                    retrier.run(Stage.REMOVE_USER, () -> gdsUsers.deleteUser(userName));
                } catch (AwsCallFailed again) {
                    if (again.is(Kind.DELETE_CONFLICT)) {
                        throw StepFailed.permanent(Stage.REMOVE_USER, "IAM still refuses to delete " + userName + " after removing "
                                + removed + ": " + again.getMessage() + "; remove what still depends on the user by hand");
                    }
                    throw again;
                }
            }
            removed.add("user");
            LOG.infof("Removed IAM user %s: %s", userName, removed);
            return new RemovedUser(userName, removed, trusting);
        });
    }

    private void removeDependants(String userName, List<String> removed) {
        if (retrier.call(Stage.REMOVE_USER, () -> ignoringMissing(() -> gdsUsers.deleteLoginProfile(userName)))) {
            removed.add("login-profile");
        }
        for (String serial : list(gdsUsers::mfaDeviceSerials, userName)) {
            retrier.run(Stage.REMOVE_USER, () -> gdsUsers.deactivateMfaDevice(userName, serial));
            if (serial.contains(":mfa/")) {
                retrier.run(Stage.REMOVE_USER, () -> ignoringMissing(() -> {
                    gdsUsers.deleteVirtualMfaDevice(serial);
                    return true;
                }));
            }
            removed.add("mfa-device:" + serial);
        }
        each(userName, "access-key", gdsUsers::accessKeyIds, gdsUsers::deleteAccessKey, removed);
        each(userName, "signing-certificate", gdsUsers::signingCertificateIds, gdsUsers::deleteSigningCertificate, removed);
        each(userName, "ssh-public-key", gdsUsers::sshPublicKeyIds, gdsUsers::deleteSshPublicKey, removed);
        if (deleteServiceSpecificCredentials) {
            each(userName, "service-specific-credential", gdsUsers::serviceSpecificCredentialIds, gdsUsers::deleteServiceSpecificCredential,
                    removed);
        }
        each(userName, "group", gdsUsers::groupsOf, gdsUsers::removeFromGroup, removed);
        each(userName, "attached-policy", gdsUsers::attachedPolicyArns, gdsUsers::detachPolicy, removed);
        each(userName, "inline-policy", gdsUsers::inlinePolicyNames, gdsUsers::deleteInlinePolicy, removed);
    }

    private void each(String userName, String what, Function<String, List<String>> list, BiConsumer<String, String> delete,
            List<String> removed) {
        for (String id : list(list, userName)) {
            retrier.run(Stage.REMOVE_USER, () -> delete.accept(userName, id));
            removed.add(what + ":" + id);
        }
    }

    private List<String> list(Function<String, List<String>> list, String userName) {
        return retrier.call(Stage.REMOVE_USER, () -> list.apply(userName));
    }

    /** A dependant that is already gone counts as removed by someone else: not an error, not reported. */
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
