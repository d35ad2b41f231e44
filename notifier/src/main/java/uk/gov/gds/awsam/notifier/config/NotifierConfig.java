package uk.gov.gds.awsam.notifier.config;

import java.nio.file.Path;
import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Everything the notifier is told from outside (environment variable in brackets; see README.md). The SMTP
 * server itself is quarkus-mailer's configuration ({@code quarkus.mailer.*}, from {@code SMTP_HOST},
 * {@code SMTP_PORT}, ...).
 */
@ConfigMapping(prefix = "notifier")
public interface NotifierConfig {

    /** The From address of every email (NOTIFIER_FROM). */
    String from();

    Mailboxes mailboxes();

    Links links();

    /** The id of the gds-users account, for the CLI profile's MFA serial (NOTIFIER_GDS_USERS_ACCOUNT_ID). */
    String gdsUsersAccountId();

    /**
     * The command an engineer runs to seed root MFA, shown in the root-MFA email; {@code {requestId}} and
     * {@code {accountId}} are filled in (NOTIFIER_YUBIKEY_AGENT_COMMAND).
     */
    String yubikeyAgentCommand();

    /**
     * Path of the notifier's RSA private key (PKCS#8 PEM), which opens the initial passwords the provisioner
     * seals to its public key (NOTIFIER_PRIVATE_KEY).
     */
    Path privateKey();

    /** Right-hand side of every Message-ID the notifier makes (NOTIFIER_MESSAGE_ID_DOMAIN). */
    String messageIdDomain();

    /** The compacted topic of Message-IDs sent (NOTIFIER_SENT_LOG_TOPIC). */
    String sentLogTopic();

    /** Prefix of the consumer group ids, one group per consumed topic (NOTIFIER_CONSUMER_GROUP). */
    @WithDefault("notifier")
    String consumerGroup();

    SentJournal sentJournal();

    YubikeyReminder yubikeyReminder();

    Retry smtpRetry();

    interface Mailboxes {
        /** The account-management team (NOTIFIER_MAILBOXES_TEAM). */
        String team();

        /** The engineers who seed root MFA and keep the YubiKeys (NOTIFIER_MAILBOXES_ENGINEERS). */
        String engineers();
    }

    interface Links {
        /** Base URL of request-service; a request's page is {@code <base>/requests/<requestId>} (NOTIFIER_LINKS_REQUEST_SERVICE). */
        String requestService();

        /** Console sign-in page of gds-users (NOTIFIER_LINKS_GDS_USERS_SIGN_IN). */
        String gdsUsersSignIn();

        /** The console's switch-role page (NOTIFIER_LINKS_SWITCH_ROLE). */
        String switchRole();

        /** How accounts are run: roles, access, guidance (NOTIFIER_LINKS_ACCOUNTS_GUIDE). */
        String accountsGuide();

        /** The command-line tooling for gds-users (NOTIFIER_LINKS_CLI_TOOLING). */
        String cliTooling();
    }

    interface SentJournal {
        /**
         * The directory of the sent journal, the Message-IDs the SMTP server accepted, on a disk that outlives the
         * process (NOTIFIER_SENT_JOURNAL_DIR): made if it does not exist.
         */
        Path dir();
    }

    interface YubikeyReminder {
        /** How long after root is secured to remind, if the keys are not back (NOTIFIER_YUBIKEY_REMINDER_AFTER). */
        Duration after();

        /** Then how often to remind again; zero for once (NOTIFIER_YUBIKEY_REMINDER_REPEAT). */
        Duration repeat();

        /** How often to look for reminders due (NOTIFIER_YUBIKEY_REMINDER_CHECK_EVERY). */
        Duration checkEvery();
    }

    interface Retry {
        /** First wait after a failed attempt (NOTIFIER_SMTP_RETRY_INITIAL_BACKOFF). */
        Duration initialBackoff();

        /** Longest wait between attempts (NOTIFIER_SMTP_RETRY_MAX_BACKOFF). */
        Duration maxBackoff();

        /** How long one attempt may take before it is abandoned and retried (NOTIFIER_SMTP_RETRY_ATTEMPT_TIMEOUT). */
        Duration attemptTimeout();
    }
}
