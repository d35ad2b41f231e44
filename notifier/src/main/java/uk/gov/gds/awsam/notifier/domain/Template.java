package uk.gov.gds.awsam.notifier.domain;

import java.util.Locale;

/** Every email the notifier sends; each has an HTML and a plain-text template of the same name. */
public enum Template {
    REQUEST_RECEIVED_TEAM,
    REQUEST_RECEIVED_REQUESTER,
    PR_OPENED,
    PR_CLOSED,
    ROOT_MFA_NEEDED,
    ACCOUNT_READY,
    YUBIKEYS_TO_SAFE,
    YUBIKEYS_REMINDER,
    USER_WELCOME,
    USER_ACCESS_GRANTED,
    USER_REMOVED,
    REQUEST_FAILED,
    REQUEST_FAILED_REQUESTER,
    CLOSURE_QUEUED,
    ACCOUNT_CLOSING,
    ACCOUNT_CLOSED,
    CLOSURE_COMPLETE,
    BOOTSTRAP_ROLE_REMINDER,
    BOOTSTRAP_ROLE_REMOVED,
    BOOTSTRAP_ROLE_NOT_VISIBLE;

    /** The templates' name, without suffix, e.g. {@code pr-opened}. */
    public String fileName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
