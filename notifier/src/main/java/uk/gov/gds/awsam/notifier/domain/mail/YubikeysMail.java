package uk.gov.gds.awsam.notifier.domain.mail;

import java.util.List;

/**
 * The YubiKeys of a new account must go back in the safe: when root is secured, and in reminders.
 *
 * @param reminder 0 for the first message, then the reminder's number
 * @param hoursOut how long the keys have been out since root was secured, in whole hours
 */
public record YubikeysMail(String requestId, String accountName, String accountId, String engineer, List<String> serials,
        int reminder, long hoursOut, String statusUrl) {
}
