package uk.gov.gds.awsam.notifier.config;

import java.util.Locale;

import org.eclipse.microprofile.config.Config;

import uk.gov.gds.awsam.config.ProductionSettings;

/**
 * What production needs of the notifier's configuration (docs/configuration.md): a real SMTP relay reached over
 * TLS, links people can follow, the real gds-users account, and its key.
 */
public final class ProductionRules {

    private ProductionRules() {
    }

    public static ProductionSettings of(Config config) {
        ProductionSettings settings = new ProductionSettings("notifier", config).brokerAndRegistry()
                .notLoopback("quarkus.mailer.host", "SMTP_HOST");
        boolean tls = settings.value("quarkus.mailer.tls").map(Boolean::parseBoolean).orElse(false);
        String startTls = settings.value("quarkus.mailer.start-tls").orElse("OPTIONAL").toUpperCase(Locale.ROOT);
        return settings
                .that(tls || startTls.equals("REQUIRED"), "quarkus.mailer.start-tls", "SMTP_START_TLS", "is " + startTls
                        + ": set REQUIRED (or SMTP_TLS=true), so that the relay's login and the initial passwords never cross the network in clear")
                .that(settings.value("quarkus.mailer.username").isEmpty() || settings.value("quarkus.mailer.password").isPresent(),
                        "quarkus.mailer.password", "SMTP_PASSWORD", "is not set, but SMTP_USERNAME is")
                .https("notifier.links.request-service", "NOTIFIER_LINKS_REQUEST_SERVICE")
                .accountId("notifier.gds-users-account-id", "NOTIFIER_GDS_USERS_ACCOUNT_ID")
                .required("notifier.private-key", "NOTIFIER_PRIVATE_KEY")
                .required("notifier.sent-journal.dir", "NOTIFIER_SENT_JOURNAL_DIR");
    }
}
