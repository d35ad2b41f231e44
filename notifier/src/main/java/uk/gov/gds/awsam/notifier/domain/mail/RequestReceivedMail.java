package uk.gov.gds.awsam.notifier.domain.mail;

import uk.gov.gds.awsam.notifier.domain.Request;

/** A request just submitted: for the team (the whole request and what follows) and the requester (a receipt). */
public record RequestReceivedMail(Request request, String statusUrl) {
}
