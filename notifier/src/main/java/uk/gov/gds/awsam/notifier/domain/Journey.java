package uk.gov.gds.awsam.notifier.domain;

/** What a request asks for. */
public enum Journey {
    NEW_ACCOUNT,
    USER_ACCESS,
    USER_REMOVAL,
    ACCOUNT_CLOSURE
}
