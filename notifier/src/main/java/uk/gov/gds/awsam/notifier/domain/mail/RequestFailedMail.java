package uk.gov.gds.awsam.notifier.domain.mail;

import uk.gov.gds.awsam.notifier.domain.Request;

/**
 * A request failed at a stage: to the team (it needs a person) and to the requester (what happened, what
 * happens next). {@code request} is null if it is unknown.
 *
 * @param step     the failed stage in words
 * @param whatNext what happens next, for this email's reader
 */
public record RequestFailedMail(String requestId, Request request, String stage, String step, String reason, boolean retryable,
        int attempt, String whatNext, String statusUrl) {
}
