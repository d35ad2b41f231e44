package uk.gov.gds.awsam.notifier.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static uk.gov.gds.awsam.testsupport.ProductionProfile.config;
import static uk.gov.gds.awsam.testsupport.ProductionProfile.with;
import static uk.gov.gds.awsam.testsupport.ProductionProfile.without;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The notifier's application.properties in the production profile, with a deployment's environment. */
class ProductionRulesTest {

    static final Map<String, String> PRODUCTION = Map.of(
            "KAFKA_BOOTSTRAP_SERVERS", "aws-accounts-kafka-bootstrap:9093",
            "APICURIO_REGISTRY_URL", "http://apicurio-registry:8080/apis/registry/v3",
            "SMTP_HOST", "email-smtp.eu-west-2.amazonaws.com",
            "SMTP_USERNAME", "AKIAEXAMPLESMTPUSER",
            "SMTP_PASSWORD", "smtp-password",
            "NOTIFIER_LINKS_REQUEST_SERVICE", "https://aws-accounts.example.gov.uk",
            "NOTIFIER_GDS_USERS_ACCOUNT_ID", "210987654321",
            "NOTIFIER_PRIVATE_KEY", "/etc/notifier/private-key/private.pem",
            "NOTIFIER_SENT_JOURNAL_DIR", "/var/lib/awsam/sent-journal");

    @Test
    void aCompleteProductionConfigurationPasses() {
        assertThat(ProductionRules.of(config(PRODUCTION)).problems()).isEmpty();
        // production's own defaults: port 587, STARTTLS required
        assertThat(config(PRODUCTION).getValue("quarkus.mailer.start-tls", String.class)).isEqualTo("REQUIRED");
        assertThat(config(PRODUCTION).getValue("quarkus.mailer.port", String.class)).isEqualTo("587");
    }

    @Test
    void withoutTheSmtpHostItRefusesToStartNamingIt() {
        assertThatThrownBy(() -> ProductionRules.of(config(without(PRODUCTION, "SMTP_HOST"))).refuseToStartUnlessAllHold())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("notifier refuses to start in production: 1 setting to fix")
                .hasMessageContaining("quarkus.mailer.host (SMTP_HOST) is not set");
    }

    @Test
    void anSmtpRelayOnThisMachineOrWithoutTlsIsRefused() {
        assertThat(ProductionRules.of(config(with(PRODUCTION, "SMTP_HOST", "127.0.0.1"))).problems())
                .containsExactly("quarkus.mailer.host (SMTP_HOST) names this machine (127.0.0.1): give the production address");
        assertThat(ProductionRules.of(config(with(PRODUCTION, "SMTP_START_TLS", "OPTIONAL"))).problems()).singleElement()
                .asString().startsWith("quarkus.mailer.start-tls (SMTP_START_TLS) is OPTIONAL: set REQUIRED");
        assertThat(ProductionRules.of(config(with(with(PRODUCTION, "SMTP_START_TLS", "DISABLED"), "SMTP_TLS", "true"))).problems()).isEmpty();
    }

    @Test
    void everyMissingOrContradictorySettingIsNamedInOneMessage() {
        Map<String, String> environment = with(without(without(PRODUCTION, "NOTIFIER_GDS_USERS_ACCOUNT_ID"), "SMTP_PASSWORD"),
                "NOTIFIER_LINKS_REQUEST_SERVICE", "http://localhost:8080");
        assertThatThrownBy(() -> ProductionRules.of(config(environment)).refuseToStartUnlessAllHold())
                .hasMessageContaining("4 settings to fix")
                .hasMessageContaining("quarkus.mailer.password (SMTP_PASSWORD) is not set, but SMTP_USERNAME is")
                .hasMessageContaining("notifier.links.request-service (NOTIFIER_LINKS_REQUEST_SERVICE) names this machine (localhost)")
                .hasMessageContaining("notifier.links.request-service (NOTIFIER_LINKS_REQUEST_SERVICE) is not an https URL")
                .hasMessageContaining("notifier.gds-users-account-id (NOTIFIER_GDS_USERS_ACCOUNT_ID) is not set")
                .hasMessageNotContaining("smtp-password");
    }

    @Test
    void theFormerDefaultGdsUsersAccountIdIsAnExampleNotAnAccount() {
        assertThat(ProductionRules.of(config(with(PRODUCTION, "NOTIFIER_GDS_USERS_ACCOUNT_ID", "622626885786"))).problems())
                .containsExactly("notifier.gds-users-account-id (NOTIFIER_GDS_USERS_ACCOUNT_ID) is an example account id (622626885786): give the real one");
    }

    @Test
    void withoutADeploymentEnvironmentNothingDefaultsToThisMachine() {
        assertThat(ProductionRules.of(config(Map.of())).problems()).contains(
                "kafka.bootstrap.servers (KAFKA_BOOTSTRAP_SERVERS) is not set",
                "mp.messaging.connector.smallrye-kafka.apicurio.registry.url (APICURIO_REGISTRY_URL) is not set",
                "quarkus.mailer.host (SMTP_HOST) is not set",
                "notifier.sent-journal.dir (NOTIFIER_SENT_JOURNAL_DIR) is not set");
    }
}
