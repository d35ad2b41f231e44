package uk.gov.gds.awsam.notifier.domain.mail;

import uk.gov.gds.awsam.notifier.domain.Request;

/** To the team: a request failed at a stage and needs a person. {@code request} is null if it is unknown. */
public record RequestFailedMail(String requestId, Request request, String stage, String reason, boolean retryable,
        int attempt, String statusUrl) {
}
