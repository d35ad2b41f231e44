package uk.gov.gds.awsam.terraform.domain;

/** What a request asks for: a new account, or people added to or removed from gds-users. */
public enum Kind {
    NEW_ACCOUNT, USER_ACCESS, USER_REMOVAL
}
