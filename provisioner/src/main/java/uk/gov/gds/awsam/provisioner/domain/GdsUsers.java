package uk.gov.gds.awsam.provisioner.domain;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** IAM in the gds-users account, where every person has a user named by their email. Failures are {@link AwsCallFailed}. */
public interface GdsUsers {

    Optional<IamUser> user(String userName);

    IamUser createUser(String userName, Map<String, String> tags);

    boolean hasLoginProfile(String userName);

    /** Creates the console password; {@code password} must not be logged or kept. */
    void createLoginProfile(String userName, String password);

    /** Replaces the console password, requiring a reset at next sign-in. */
    void updateLoginProfile(String userName, String password);

    void addToGroup(String userName, String group);

    List<String> groupsOf(String userName);

    /** Deletes the login profile; false when there was none. */
    boolean deleteLoginProfile(String userName);

    List<String> mfaDeviceSerials(String userName);

    void deactivateMfaDevice(String userName, String serial);

    void deleteVirtualMfaDevice(String serial);

    List<String> accessKeyIds(String userName);

    void deleteAccessKey(String userName, String accessKeyId);

    List<String> signingCertificateIds(String userName);

    void deleteSigningCertificate(String userName, String certificateId);

    List<String> sshPublicKeyIds(String userName);

    void deleteSshPublicKey(String userName, String sshPublicKeyId);

    List<String> serviceSpecificCredentialIds(String userName);

    void deleteServiceSpecificCredential(String userName, String credentialId);

    void removeFromGroup(String userName, String group);

    List<String> attachedPolicyArns(String userName);

    void detachPolicy(String userName, String policyArn);

    List<String> inlinePolicyNames(String userName);

    void deleteInlinePolicy(String userName, String policyName);

    /** Deletes the user; DELETE_CONFLICT while anything still depends on it. */
    void deleteUser(String userName);

    record IamUser(String name, String arn, Map<String, String> tags) {
    }
}
