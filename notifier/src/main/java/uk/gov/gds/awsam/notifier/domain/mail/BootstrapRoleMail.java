package uk.gov.gds.awsam.notifier.domain.mail;

/**
 * What a check of a handed-over account's bootstrap role found: still there (a reminder to the requester and the
 * account's admins), gone after a reminder (no more reminders), or not visible (to the engineers). Fields that do not
 * belong to the finding are null.
 *
 * @param handedOverOn   the date the account was handed over, and {@code handedOverAgo} how long before the check ("14 days ago")
 * @param checkedAt      when the provisioner looked
 * @param nextCheckAt    when it looks again (null: it will not)
 * @param lastRemindedAt gone: the last check that found it still there, and reminded the requesters
 * @param detail         not visible: why the provisioner could not look
 */
public record BootstrapRoleMail(String accountId, String accountName, String roleName, String handedOverOn,
        String handedOverAgo, String checkedAt, String nextCheckAt, String lastRemindedAt, String detail,
        String gdsUsersAccountId, String accountsGuideUrl, String statusUrl) {
}
