package uk.gov.gds.awsam.request.domain;

/** What a request asks for (the domain's own copy of the event contract's enum). */
public enum RequestKind {
    NEW_ACCOUNT, USER_ACCESS, USER_REMOVAL;

    public boolean isUserRequest() {
        return this != NEW_ACCOUNT;
    }
}
