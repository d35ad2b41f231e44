package uk.gov.gds.awsam.notifier.domain.mail;

import uk.gov.gds.awsam.notifier.domain.Request;

/** The request's pull request was opened (awaiting review) or closed without merge (rejected). */
public record PullRequestMail(Request request, String repository, int number, String url, String closedBy, String statusUrl) {
}
