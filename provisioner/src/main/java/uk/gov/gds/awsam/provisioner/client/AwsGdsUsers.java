package uk.gov.gds.awsam.provisioner.client;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.User;
import uk.gov.gds.awsam.provisioner.domain.GdsUsers;

/** IAM of gds-users through the SDK; every list is read to its last page. */
public final class AwsGdsUsers implements GdsUsers {

    private final IamClient iam;

    public AwsGdsUsers(IamClient iam) {
        this.iam = iam;
    }

    @Override
    public Optional<IamUser> user(String userName) {
        return AwsErrors.call("GetUser " + userName, () -> {
            try {
                return Optional.of(user(iam.getUser(b -> b.userName(userName)).user()));
            } catch (NoSuchEntityException absent) {
                return Optional.empty();
            }
        });
    }

    @Override
    public IamUser createUser(String userName, Map<String, String> tags) {
        List<Tag> iamTags = tags.entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList();
        return AwsErrors.call("CreateUser " + userName, () -> user(iam.createUser(b -> b.userName(userName).tags(iamTags)).user()));
    }

    @Override
    public boolean hasLoginProfile(String userName) {
        return AwsErrors.call("GetLoginProfile " + userName, () -> {
            try {
                iam.getLoginProfile(b -> b.userName(userName));
                return true;
            } catch (NoSuchEntityException absent) {
                return false;
            }
        });
    }

    @Override
    public void createLoginProfile(String userName, String password) {
        AwsErrors.run("CreateLoginProfile " + userName,
                () -> iam.createLoginProfile(b -> b.userName(userName).password(password).passwordResetRequired(true)));
    }

    @Override
    public void updateLoginProfile(String userName, String password) {
        AwsErrors.run("UpdateLoginProfile " + userName,
                () -> iam.updateLoginProfile(b -> b.userName(userName).password(password).passwordResetRequired(true)));
    }

    @Override
    public void addToGroup(String userName, String group) {
        AwsErrors.run("AddUserToGroup " + userName + " " + group, () -> iam.addUserToGroup(b -> b.userName(userName).groupName(group)));
    }

    @Override
    public List<String> groupsOf(String userName) {
        return AwsErrors.call("ListGroupsForUser " + userName,
                () -> iam.listGroupsForUserPaginator(b -> b.userName(userName)).groups().stream().map(g -> g.groupName()).toList());
    }

    @Override
    public boolean deleteLoginProfile(String userName) {
        return AwsErrors.call("DeleteLoginProfile " + userName, () -> {
            try {
                iam.deleteLoginProfile(b -> b.userName(userName));
                return true;
            } catch (NoSuchEntityException absent) {
                return false;
            }
        });
    }

    @Override
    public List<String> mfaDeviceSerials(String userName) {
        return AwsErrors.call("ListMFADevices " + userName,
                () -> iam.listMFADevicesPaginator(b -> b.userName(userName)).mfaDevices().stream().map(d -> d.serialNumber()).toList());
    }

    @Override
    public void deactivateMfaDevice(String userName, String serial) {
        AwsErrors.run("DeactivateMFADevice " + serial, () -> iam.deactivateMFADevice(b -> b.userName(userName).serialNumber(serial)));
    }

    @Override
    public void deleteVirtualMfaDevice(String serial) {
        AwsErrors.run("DeleteVirtualMFADevice " + serial, () -> iam.deleteVirtualMFADevice(b -> b.serialNumber(serial)));
    }

    @Override
    public List<String> accessKeyIds(String userName) {
        return AwsErrors.call("ListAccessKeys " + userName, () -> iam.listAccessKeysPaginator(b -> b.userName(userName))
                .accessKeyMetadata().stream().map(k -> k.accessKeyId()).toList());
    }

    @Override
    public void deleteAccessKey(String userName, String accessKeyId) {
        AwsErrors.run("DeleteAccessKey " + accessKeyId, () -> iam.deleteAccessKey(b -> b.userName(userName).accessKeyId(accessKeyId)));
    }

    @Override
    public List<String> signingCertificateIds(String userName) {
        return AwsErrors.call("ListSigningCertificates " + userName, () -> iam.listSigningCertificatesPaginator(b -> b.userName(userName))
                .certificates().stream().map(c -> c.certificateId()).toList());
    }

    @Override
    public void deleteSigningCertificate(String userName, String certificateId) {
        AwsErrors.run("DeleteSigningCertificate " + certificateId,
                () -> iam.deleteSigningCertificate(b -> b.userName(userName).certificateId(certificateId)));
    }

    @Override
    public List<String> sshPublicKeyIds(String userName) {
        return AwsErrors.call("ListSSHPublicKeys " + userName, () -> iam.listSSHPublicKeysPaginator(b -> b.userName(userName))
                .sshPublicKeys().stream().map(k -> k.sshPublicKeyId()).toList());
    }

    @Override
    public void deleteSshPublicKey(String userName, String sshPublicKeyId) {
        AwsErrors.run("DeleteSSHPublicKey " + sshPublicKeyId,
                () -> iam.deleteSSHPublicKey(b -> b.userName(userName).sshPublicKeyId(sshPublicKeyId)));
    }

    @Override
    public List<String> serviceSpecificCredentialIds(String userName) {
        return AwsErrors.call("ListServiceSpecificCredentials " + userName, () -> iam.listServiceSpecificCredentials(b -> b.userName(userName))
                .serviceSpecificCredentials().stream().map(c -> c.serviceSpecificCredentialId()).toList());
    }

    @Override
    public void deleteServiceSpecificCredential(String userName, String credentialId) {
        AwsErrors.run("DeleteServiceSpecificCredential " + credentialId,
                () -> iam.deleteServiceSpecificCredential(b -> b.userName(userName).serviceSpecificCredentialId(credentialId)));
    }

    @Override
    public void removeFromGroup(String userName, String group) {
        AwsErrors.run("RemoveUserFromGroup " + userName + " " + group,
                () -> iam.removeUserFromGroup(b -> b.userName(userName).groupName(group)));
    }

    @Override
    public List<String> attachedPolicyArns(String userName) {
        return AwsErrors.call("ListAttachedUserPolicies " + userName, () -> iam.listAttachedUserPoliciesPaginator(b -> b.userName(userName))
                .attachedPolicies().stream().map(p -> p.policyArn()).toList());
    }

    @Override
    public void detachPolicy(String userName, String policyArn) {
        AwsErrors.run("DetachUserPolicy " + policyArn, () -> iam.detachUserPolicy(b -> b.userName(userName).policyArn(policyArn)));
    }

    @Override
    public List<String> inlinePolicyNames(String userName) {
        return AwsErrors.call("ListUserPolicies " + userName,
                () -> iam.listUserPoliciesPaginator(b -> b.userName(userName)).policyNames().stream().toList());
    }

    @Override
    public void deleteInlinePolicy(String userName, String policyName) {
        AwsErrors.run("DeleteUserPolicy " + policyName, () -> iam.deleteUserPolicy(b -> b.userName(userName).policyName(policyName)));
    }

    @Override
    public void deleteUser(String userName) {
        AwsErrors.run("DeleteUser " + userName, () -> iam.deleteUser(b -> b.userName(userName)));
    }

    private static IamUser user(User user) {
        Map<String, String> tags = new java.util.LinkedHashMap<>();
        if (user.hasTags()) {
            user.tags().forEach(t -> tags.put(t.key(), t.value()));
        }
        return new IamUser(user.userName(), user.arn(), tags);
    }
}
