package uk.gov.gds.awsam.notifier.domain;

/** An event names a request whose RequestSubmitted the notifier has never seen: nobody to write to. */
public class UnknownRequestException extends RuntimeException {

    public UnknownRequestException(String requestId, String event) {
        super(event + " names request " + requestId + ", which was never submitted: no one to notify");
    }
}
