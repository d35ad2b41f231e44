package uk.gov.gds.awsam.events;

import java.util.Arrays;
import java.util.Optional;

/**
 * The stages of work that can fail (the {@code stage} of RequestFailed and RequestWaiting) and be resumed by
 * an engineer's RetryRequested, each with the one service that owns it: the owner publishes its failures
 * and, on a RetryRequested naming the stage, resumes the request idempotently from where it stopped. Every
 * other service ignores that RetryRequested. The one list of stages, so request-service can offer a retry
 * only for a stage some service will act on.
 */
public enum ResumableStage {
    GENERATE_TERRAFORM(Service.TERRAFORM_GENERATOR),
    OPEN_PR(Service.PR_SERVICE),
    /** The pull request was merged into another branch than the request's base branch. */
    PR_MERGE(Service.PR_SERVICE),
    /** The merged content does not match the request, or carries what the provisioner does not apply. */
    VERIFY_MERGED_CONTENT(Service.PROVISIONER),
    /** Before CreateAccount: every admin of the new account has an IAM user in gds-users. */
    CHECK_ADMINS(Service.PROVISIONER),
    CREATE_ACCOUNT(Service.PROVISIONER),
    MOVE_ACCOUNT(Service.PROVISIONER),
    /** Waiting until the new account's bootstrap role can be assumed. */
    ACCOUNT_READINESS(Service.PROVISIONER),
    /** The read-only audit role the provisioner keeps in the account, made before the bootstrap role is handed over. */
    AUDIT_ROLE(Service.PROVISIONER),
    SECURE_ROOT(Service.PROVISIONER),
    CREATE_USER(Service.PROVISIONER),
    REMOVE_USER(Service.PROVISIONER),
    /** Closing an account after its closure was merged: the quota, the suspended OU, CloseAccount, SUSPENDED. */
    CLOSE_ACCOUNT(Service.PROVISIONER);

    /** The services that own stages, by the name they publish under ({@code ce_source}). */
    public enum Service {
        TERRAFORM_GENERATOR("terraform-generator"),
        PR_SERVICE("pr-service"),
        PROVISIONER("provisioner");

        private final String source;

        Service(String source) {
            this.source = source;
        }

        /** The service's CloudEvents {@code ce_source}. */
        public String source() {
            return source;
        }
    }

    private final Service owner;

    ResumableStage(Service owner) {
        this.owner = owner;
    }

    /** The service that publishes this stage's failures and resumes it on RetryRequested. */
    public Service owner() {
        return owner;
    }

    /** The stage of that name, if it is one of the catalogue's. */
    public static Optional<ResumableStage> named(String stage) {
        return Arrays.stream(values()).filter(s -> s.name().equals(stage)).findFirst();
    }
}
