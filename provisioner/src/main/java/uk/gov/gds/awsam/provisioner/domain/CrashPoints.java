package uk.gov.gds.awsam.provisioner.domain;

/**
 * The seam at every AWS write: called right after the write succeeded, before anything records or announces
 * it. Production does nothing here; the crash-point tests stop the handler at a named write (as a crash would)
 * and deliver the event again, to prove that every write is safe to redo.
 */
@FunctionalInterface
public interface CrashPoints {

    /**
     * Every AWS write of the journeys, in the order a journey makes them, and the closure's SUSPENDED (what AWS
     * did asynchronously, seen before AccountClosed), and the bootstrap role looked for after hand-over.
     */
    enum Write {
        // new account
        CREATE_ACCOUNT, CLAIM_ACCOUNT, MOVE_ACCOUNT, CREATE_AUDIT_ROLE, PUT_AUDIT_ROLE_POLICY, UPDATE_TRUST_POLICY,
        // user access
        CREATE_USER, ADD_USER_TO_GROUP, CREATE_LOGIN_PROFILE, UPDATE_LOGIN_PROFILE,
        // user removal
        DELETE_LOGIN_PROFILE, DEACTIVATE_MFA_DEVICE, DELETE_VIRTUAL_MFA_DEVICE, DELETE_ACCESS_KEY, DELETE_SIGNING_CERTIFICATE,
        DELETE_SSH_PUBLIC_KEY, DELETE_SERVICE_SPECIFIC_CREDENTIAL, REMOVE_USER_FROM_GROUP, DETACH_USER_POLICY,
        DELETE_USER_POLICY, DELETE_USER,
        // account closure (MOVE_ACCOUNT to the suspended unit first)
        CLOSE_ACCOUNT, ACCOUNT_SUSPENDED,
        // after hand-over: the bootstrap role looked for (a read), before BootstrapRoleChecked
        BOOTSTRAP_ROLE_LOOKED
    }

    /** The provisioner as it runs: no crash point. */
    CrashPoints NONE = (write, subject) -> { };

    /**
     * @param subject what was written (the account name, the user name)
     */
    void after(Write write, String subject);
}
