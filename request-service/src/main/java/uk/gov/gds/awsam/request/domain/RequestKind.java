package uk.gov.gds.awsam.request.domain;

/** What a request asks for (the domain's own copy of the event contract's enum). */
public enum RequestKind {
    NEW_ACCOUNT, USER_ACCESS, USER_REMOVAL, ACCOUNT_CLOSURE;

    public boolean isUserRequest() {
        return this == USER_ACCESS || this == USER_REMOVAL;
    }
}
