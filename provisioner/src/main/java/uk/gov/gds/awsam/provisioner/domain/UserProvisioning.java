package uk.gov.gds.awsam.provisioner.domain;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jboss.logging.Logger;

import uk.gov.gds.awsam.events.SealedSecret;
import uk.gov.gds.awsam.provisioner.domain.AwsCallFailed.Kind;
import uk.gov.gds.awsam.provisioner.domain.GdsUsers.IamUser;

/**
 * Gives a person an IAM user in gds-users: the user (adopted if it exists), membership of the configured
 * groups, and a login profile with a random initial password that must be changed at first sign-in. The
 * password leaves this class only sealed to the notifier's public key; the clear copies it holds are wiped.
 */
public final class UserProvisioning {

    /** Tag on users the provisioner creates: the request that created them. */
    public static final String REQUEST_TAG = "aws-accounts:request-id";
    public static final String MANAGED_BY_TAG = "aws-accounts:managed-by";

    private static final Logger LOG = Logger.getLogger(UserProvisioning.class);

    private final GdsUsers gdsUsers;
    private final Retrier retrier;
    private final List<String> groups;
    private final PasswordGenerator passwords;
    private final Function<byte[], SealedSecret> sealToNotifier;

    public UserProvisioning(GdsUsers gdsUsers, Retrier retrier, List<String> groups, PasswordGenerator passwords,
            Function<byte[], SealedSecret> sealToNotifier) {
        this.gdsUsers = gdsUsers;
        this.retrier = retrier;
        this.groups = List.copyOf(groups);
        this.passwords = passwords;
        this.sealToNotifier = sealToNotifier;
    }

    /**
     * Creates (or adopts) the user for a request. A login profile already present is kept, unless this request
     * created the user: then it is the profile of an earlier attempt whose password was never delivered, and it
     * gets a new password.
     */
    public CreatedUser create(String userName, String requestId) {
        return StepFailed.during(Stage.CREATE_USER, () -> {
            IamUser existing = retrier.call(Stage.CREATE_USER, () -> gdsUsers.user(userName)).orElse(null);
            IamUser user = existing != null ? existing : createUser(userName, requestId);
            for (String group : groups) {
                try {
                    retrier.run(Stage.CREATE_USER, () -> gdsUsers.addToGroup(userName, group));
                } catch (AwsCallFailed failed) {
                    if (failed.is(Kind.NOT_FOUND)) {
                        throw StepFailed.permanent(Stage.CREATE_USER, "group " + group + " does not exist in gds-users"
                                + " (provisioner.users.groups): " + failed.getMessage());
                    }
                    throw failed;
                }
            }
            SealedSecret sealed = null;
            if (!retrier.call(Stage.CREATE_USER, () -> gdsUsers.hasLoginProfile(userName))) {
                sealed = withNewPassword(password -> gdsUsers.createLoginProfile(userName, password));
                LOG.infof("Created the login profile of %s (password reset required)", userName);
            } else if (requestId.equals(user.tags().get(REQUEST_TAG))) {
                sealed = withNewPassword(password -> gdsUsers.updateLoginProfile(userName, password));
                LOG.infof("Set a new initial password for %s: this request created the user, its first password was never delivered", userName);
            } else {
                LOG.infof("Kept the existing login profile of %s", userName);
            }
            List<String> memberOf = retrier.call(Stage.CREATE_USER, () -> gdsUsers.groupsOf(userName));
            return new CreatedUser(userName, user.arn(), memberOf, sealed, existing != null);
        });
    }

    private IamUser createUser(String userName, String requestId) {
        try {
            IamUser created = retrier.call(Stage.CREATE_USER, () -> gdsUsers.createUser(userName,
                    Map.of(REQUEST_TAG, requestId, MANAGED_BY_TAG, "provisioner")));
            LOG.infof("Created IAM user %s", created.arn());
            return created;
        } catch (AwsCallFailed failed) {
            if (failed.is(Kind.ALREADY_EXISTS)) {
                return retrier.call(Stage.CREATE_USER, () -> gdsUsers.user(userName)).orElseThrow(() -> failed);
            }
            throw failed;
        }
    }

    /**
     * Generates a password, seals it, and hands it to {@code apply} (the SDK takes a String, the one copy this
     * class cannot wipe); wipes the char and byte copies whatever happens.
     */
    private SealedSecret withNewPassword(Consumer<String> apply) {
        char[] password = passwords.generate();
        byte[] utf8 = null;
        try {
            ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
            utf8 = new byte[encoded.remaining()];
            encoded.get(utf8);
            Arrays.fill(encoded.array(), (byte) 0);
            SealedSecret sealed = sealToNotifier.apply(utf8);
            retrier.run(Stage.CREATE_USER, () -> apply.accept(new String(password)));
            return sealed;
        } catch (AwsCallFailed failed) {
            if (failed.code().equals("PasswordPolicyViolation")) {
                throw StepFailed.permanent(Stage.CREATE_USER, "the generated initial password does not meet the gds-users"
                        + " password policy (" + failed.code() + "); raise provisioner.users.password-length");
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
