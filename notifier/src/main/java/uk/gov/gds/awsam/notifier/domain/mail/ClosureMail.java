package uk.gov.gds.awsam.notifier.domain.mail;

import java.util.List;

import uk.gov.gds.awsam.notifier.domain.Request;

/**
 * A step of an account's closure, to the requester and the account's admins: queued for the closure quota, closing,
 * closed, complete. Fields that do not belong to the step are null (or empty).
 *
 * @param date              when the step happened, or for a queued closure when it will go (null: not known)
 * @param reinstatableUntil closed: until when AWS can reinstate the account
 * @param waitingFor        queued: what the closure waits for, and {@code reason} why
 * @param suspendedParentId closing: the OU the account was moved to
 * @param credentialName    complete: the root MFA credential deleted from the YubiKeys with {@code serials}
 */
public record ClosureMail(Request request, String accountId, String accountName, String date, String reinstatableUntil,
        String waitingFor, String reason, String suspendedParentId, String credentialName, List<String> serials,
        String statusUrl) {
}
