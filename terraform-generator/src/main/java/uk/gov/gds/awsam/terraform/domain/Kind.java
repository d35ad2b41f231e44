package uk.gov.gds.awsam.terraform.domain;

/** What a request asks for: a new account, people added to or removed from gds-users, or an account closed. */
public enum Kind {
    NEW_ACCOUNT, USER_ACCESS, USER_REMOVAL, ACCOUNT_CLOSURE
}
