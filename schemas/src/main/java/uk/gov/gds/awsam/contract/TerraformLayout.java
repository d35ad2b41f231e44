package uk.gov.gds.awsam.contract;

import java.util.Map;
import java.util.Set;

/**
 * Where the system's Terraform JSON files live in the billing and users repositories, and which top-level blocks
 * each kind of file holds: the contract between terraform-generator (which writes the files), pr-service (which
 * commits them, and writes the account import file after AccountCreated and the account's removal after AccountClosed)
 * and the provisioner (which reads the merged files and refuses anything else). The resources inside the files are {@link TerraformResource}.
 *
 * <ul>
 * <li>an account: {@code <accounts>/<account name>.tf.json}: {@code resource} (one
 * {@code aws_organizations_account} keyed by the account name) and {@code locals} (one
 * {@code <account name>_bootstrap_trusted_users}: the admins its bootstrap role will trust);</li>
 * <li>its import, once the account exists: {@code <accounts>/<account name>.import.tf.json}: {@code import};</li>
 * <li>an account's closure: {@code <accounts>/<account id>.closure.tf.json}: {@code locals} (one
 * {@code account_<account id>_closure} with {@link #CLOSURE_ACCOUNT_ID}, {@link #CLOSURE_ACCOUNT_NAME} and
 * {@link #CLOSURE_REASON}): the reviewed mark that the provisioner closes the account. Terraform itself never closes
 * it ({@code close_on_deletion} times out while the account flips between states);</li>
 * <li>its removal from Terraform, once it is closed: {@code <accounts>/<account name>.removed.tf.json}: {@code removed}
 * (one {@link #removedBlock}: Terraform ≥ 1.7 forgets {@code aws_organizations_account.<name>} without destroying it),
 * in the same commit that deletes the account's file and its import file (Terraform refuses a {@code removed} block
 * whose resource is still configured, and an {@code import} block whose resource is not);</li>
 * <li>a user of gds-users: {@code <users>/<lower-cased email>.tf.json}: {@code resource} (the {@code aws_iam_user}
 * and its {@code aws_iam_user_group_membership}) and {@code import} (of the user the provisioner created), deleted
 * for a removal.</li>
 * </ul>
 *
 * @param accountsDirectory where account files go in the billing repository, without a trailing slash
 * @param usersDirectory    where user files go in the users repository, without a trailing slash
 */
public record TerraformLayout(String accountsDirectory, String usersDirectory) {

    /** The layout terraform-generator writes, pr-service commits and the provisioner reads (its directories are no setting). */
    public static final TerraformLayout DEFAULT = new TerraformLayout("terraform/accounts", "terraform/users");

    /** The suffix Terraform reads as JSON configuration. */
    public static final String SUFFIX = ".tf.json";
    /** The suffix of an account's import file. */
    public static final String IMPORT_SUFFIX = ".import" + SUFFIX;

    /** The suffix of an account's closure file. */
    public static final String CLOSURE_SUFFIX = ".closure" + SUFFIX;

    /** The suffix of an account's removal file. */
    public static final String REMOVED_SUFFIX = ".removed" + SUFFIX;

    /** Top-level block: resources by type, then by key. */
    public static final String RESOURCE = "resource";
    /** Top-level block: named local values. */
    public static final String LOCALS = "locals";
    /** Top-level block: one {@link #importBlock} or a list of them. */
    public static final String IMPORT = "import";
    /** Terraform JSON's comment key, which Terraform ignores anywhere: readers accept it, writers never write it. */
    public static final String COMMENT = "//";
    /** The import block's arguments: the address of the resource to adopt, and the id of what exists. */
    public static final String IMPORT_TO = "to";
    public static final String IMPORT_ID = "id";

    /** Top-level block: one {@link #removedBlock} or a list of them. */
    public static final String REMOVED = "removed";
    /** The removed block's arguments: the address of the resource to forget, and its {@code lifecycle} block. */
    public static final String REMOVED_FROM = "from";
    public static final String LIFECYCLE = "lifecycle";
    /** The removed block's lifecycle argument: false forgets the resource and leaves what exists alone. */
    public static final String LIFECYCLE_DESTROY = "destroy";

    /** The blocks of an account file. */
    public static final Set<String> ACCOUNT_BLOCKS = Set.of(RESOURCE, LOCALS);
    /** The blocks of a user file. */
    public static final Set<String> USER_BLOCKS = Set.of(RESOURCE, IMPORT);
    /** The blocks of an account's import file. */
    public static final Set<String> ACCOUNT_IMPORT_BLOCKS = Set.of(IMPORT);
    /** The blocks of an account's removal file. */
    public static final Set<String> ACCOUNT_REMOVED_BLOCKS = Set.of(REMOVED);
    /** The blocks of an account's closure file. */
    public static final Set<String> ACCOUNT_CLOSURE_BLOCKS = Set.of(LOCALS);
    /** The attributes of the closure local: the account's 12-digit id, its name in AWS, and why it is closed. */
    public static final String CLOSURE_ACCOUNT_ID = "account_id";
    public static final String CLOSURE_ACCOUNT_NAME = "account_name";
    public static final String CLOSURE_REASON = "reason";
    /** The resources of an account file. */
    public static final Set<TerraformResource> ACCOUNT_RESOURCES = Set.of(TerraformResource.ORGANIZATIONS_ACCOUNT);
    /** The resources of a user file. */
    public static final Set<TerraformResource> USER_RESOURCES = Set.of(TerraformResource.IAM_USER,
            TerraformResource.IAM_USER_GROUP_MEMBERSHIP);

    /** The suffix of the local, in an account file, naming the admins the account's bootstrap role will trust. */
    private static final String TRUSTED_USERS_LOCAL_SUFFIX = "_bootstrap_trusted_users";

    /** {@code <accounts>/<account name>.tf.json}. */
    public String accountFile(String accountName) {
        return accountsDirectory + "/" + accountName + SUFFIX;
    }

    /** {@code <accounts>/<account name>.import.tf.json}. */
    public String accountImportFile(String accountName) {
        return accountsDirectory + "/" + accountName + IMPORT_SUFFIX;
    }

    /** {@code <accounts>/<account name>.removed.tf.json}. */
    public String accountRemovedFile(String accountName) {
        return accountsDirectory + "/" + accountName + REMOVED_SUFFIX;
    }

    /** {@code <accounts>/<account id>.closure.tf.json}: named by id, which no account name can be. */
    public String accountClosureFile(String accountId) {
        return accountsDirectory + "/" + accountId + CLOSURE_SUFFIX;
    }

    /** The key, in a closure file's {@code locals}, of the closure mark: {@code account_<account id>_closure}. */
    public static String closureLocal(String accountId) {
        return "account_" + accountId + "_closure";
    }

    /** {@code <users>/<lower-cased email>.tf.json}: the file name maps back to the user. */
    public String userFile(String email) {
        return usersDirectory + "/" + EmailAddress.normalised(email) + SUFFIX;
    }

    /** The key, in an account file's {@code locals}, of the admins its bootstrap role will trust. */
    public static String trustedUsersLocal(String accountName) {
        return accountName + TRUSTED_USERS_LOCAL_SUFFIX;
    }

    /** An import block: adopt what exists with {@code id} as the resource {@code type.key}. */
    public static Map<String, Object> importBlock(TerraformResource type, String key, String id) {
        return Map.of(IMPORT_TO, type.address(key), IMPORT_ID, id);
    }

    /**
     * A removed block: Terraform forgets the resource {@code type.key} and leaves what exists alone
     * ({@code lifecycle { destroy = false }}; Terraform ≥ 1.7).
     */
    public static Map<String, Object> removedBlock(TerraformResource type, String key) {
        return Map.of(REMOVED_FROM, type.address(key), LIFECYCLE, Map.of(LIFECYCLE_DESTROY, false));
    }
}
