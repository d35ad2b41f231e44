package uk.gov.gds.awsam.provisioner.domain;

import static uk.gov.gds.awsam.events.ResumableStage.CREATE_USER;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import uk.gov.gds.awsam.contract.AwsErrorCodes.Kind;
import uk.gov.gds.awsam.provisioner.domain.CrashPoints.Write;
import uk.gov.gds.awsam.provisioner.domain.CreatedUser.LoginProfile;
import uk.gov.gds.awsam.provisioner.domain.GdsUsers.IamUser;

/**
 * Gives a person an IAM user in gds-users: the user (adopted if it exists), membership of the configured
 * groups, and a login profile with a random initial password that must be changed at first sign-in. The
 * password leaves this class only sealed to the notifier's public key; the clear copies it holds are wiped.
 * Before it sets a password it writes that down in the journal: a redelivery after a crash then knows the login
 * profile is this request's and sets a new password (sealed as before) rather than leaving the person with one
 * nobody was told.
 */
public final class UserProvisioning {

    /** Tag on users the provisioner creates: the request that created them. */
    public static final String REQUEST_TAG = AccountProvisioning.REQUEST_TAG;
    public static final String MANAGED_BY_TAG = "aws-accounts:managed-by";

    private final GdsUsers gdsUsers;
    private final AwsPolicy policy;
    private final Journal journal;
    private final List<String> groups;
    private final PasswordGenerator passwords;
    private final Function<byte[], SealedPassword> sealToNotifier;

    public UserProvisioning(GdsUsers gdsUsers, AwsPolicy policy, Journal journal, List<String> groups, PasswordGenerator passwords,
            Function<byte[], SealedPassword> sealToNotifier) {
        this.gdsUsers = gdsUsers;
        this.policy = policy;
        this.journal = journal;
        this.groups = List.copyOf(groups);
        this.passwords = passwords;
        this.sealToNotifier = sealToNotifier;
    }

    /**
     * Creates (or adopts) the user for a request. A login profile already present is kept, unless this request
     * created the user or set the profile: then its password was never delivered, and it gets a new one.
     */
    public CreatedUser create(Run run, String userName) {
        String requestId = run.requestId();
        return StepFailed.during(CREATE_USER, () -> {
            IamUser existing = policy.call(run, CREATE_USER, () -> gdsUsers.user(userName)).orElse(null);
            IamUser user = existing != null ? existing : createUser(run, userName, requestId);
            boolean createdByThisRequest = requestId.equals(user.tags().get(REQUEST_TAG));
            for (String group : groups) {
                try {
                    policy.write(run, CREATE_USER, Write.ADD_USER_TO_GROUP, userName, () -> gdsUsers.addToGroup(userName, group));
                } catch (AwsCallFailed failed) {
                    if (failed.is(Kind.NOT_FOUND)) {
                        throw StepFailed.permanent(CREATE_USER, "group " + group + " does not exist in gds-users"
                                + " (provisioner.users.groups): " + failed.getMessage(),
                                "an engineer creates the group " + group + " in gds-users (or corrects provisioner.users.groups), then retries");
                    }
                    throw failed;
                }
            }
            SealedPassword sealed = null;
            LoginProfile profile = LoginProfile.KEPT;
            if (!policy.call(run, CREATE_USER, () -> gdsUsers.hasLoginProfile(userName))) {
                journal.recordSettingPassword(requestId, userName);
                sealed = withNewPassword(run, Write.CREATE_LOGIN_PROFILE, userName, password -> gdsUsers.createLoginProfile(userName, password));
                profile = LoginProfile.CREATED;
            } else if (createdByThisRequest || journal.setsPassword(requestId, userName)) {
                journal.recordSettingPassword(requestId, userName);
                sealed = withNewPassword(run, Write.UPDATE_LOGIN_PROFILE, userName, password -> gdsUsers.updateLoginProfile(userName, password));
                profile = LoginProfile.PASSWORD_RESET;
            }
            List<String> memberOf = policy.call(run, CREATE_USER, () -> gdsUsers.groupsOf(userName));
            return new CreatedUser(userName, user.arn(), memberOf, sealed, profile, !createdByThisRequest);
        });
    }

    private IamUser createUser(Run run, String userName, String requestId) {
        try {
            return policy.write(run, CREATE_USER, Write.CREATE_USER, userName, () -> gdsUsers.createUser(userName,
                    Map.of(REQUEST_TAG, requestId, MANAGED_BY_TAG, "provisioner")));
        } catch (AwsCallFailed failed) {
            if (failed.is(Kind.ALREADY_EXISTS)) {
                return policy.call(run, CREATE_USER, () -> gdsUsers.user(userName)).orElseThrow(() -> failed);
            }
            throw failed;
        }
    }

    /**
     * Generates a password, seals it, and hands it to {@code apply} (the SDK takes a String, the one copy this
     * class cannot wipe); wipes the char and byte copies whatever happens.
     */
    private SealedPassword withNewPassword(Run run, Write write, String userName, Consumer<String> apply) {
        char[] password = passwords.generate();
        byte[] utf8 = null;
        try {
            ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
            utf8 = new byte[encoded.remaining()];
            encoded.get(utf8);
            Arrays.fill(encoded.array(), (byte) 0);
            SealedPassword sealed = sealToNotifier.apply(utf8);
            policy.write(run, CREATE_USER, write, userName, () -> apply.accept(new String(password)));
            return sealed;
        } catch (AwsCallFailed failed) {
            if (failed.code().equals("PasswordPolicyViolation")) {
                throw StepFailed.permanent(CREATE_USER, "the generated initial password does not meet the gds-users"
                        + " password policy (" + failed.code() + ")", "an engineer raises provisioner.users.password-length to meet the"
                        + " gds-users password policy, then retries the request from its page");
            }
            throw failed;
        } finally {
            Arrays.fill(password, '\0');
            if (utf8 != null) {
                Arrays.fill(utf8, (byte) 0);
            }
        }
    }
}
