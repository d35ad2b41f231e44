package uk.gov.gds.awsam.provisioner.domain;

/** Where a request failed in the provisioner; the {@code stage} of RequestFailed. */
public enum Stage {
    /** The merged content does not match the request, or carries what the provisioner does not apply. */
    VERIFY_MERGED_CONTENT,
    CREATE_ACCOUNT,
    MOVE_ACCOUNT,
    /** Waiting until the new account's bootstrap role can be assumed. */
    ACCOUNT_READINESS,
    SECURE_ROOT,
    CREATE_USER,
    REMOVE_USER
}
