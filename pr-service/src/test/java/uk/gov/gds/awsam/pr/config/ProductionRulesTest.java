package uk.gov.gds.awsam.pr.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static uk.gov.gds.awsam.testsupport.ProductionProfile.config;
import static uk.gov.gds.awsam.testsupport.ProductionProfile.with;
import static uk.gov.gds.awsam.testsupport.ProductionProfile.without;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** pr-service's application.properties in the production profile, with a deployment's environment. */
class ProductionRulesTest {

    static final Map<String, String> PRODUCTION = Map.of(
            "KAFKA_BOOTSTRAP_SERVERS", "aws-accounts-kafka-bootstrap:9093",
            "APICURIO_REGISTRY_URL", "http://apicurio-registry:8080/apis/registry/v3",
            "PR_WEBHOOK_SECRET", "webhook-secret",
            "PR_GITHUB_APP_ID", "12345",
            "PR_GITHUB_APP_INSTALLATION_ID", "67890",
            "PR_GITHUB_APP_PRIVATE_KEY", "/etc/github-app/private-key.pem");

    @Test
    void aCompleteProductionConfigurationPasses() {
        assertThat(ProductionRules.of(config(PRODUCTION)).problems()).isEmpty();
    }

    @Test
    void withoutTheWebhookSecretItRefusesToStartNamingIt() {
        assertThatThrownBy(() -> ProductionRules.of(config(without(PRODUCTION, "PR_WEBHOOK_SECRET"))).refuseToStartUnlessAllHold())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("pr-service refuses to start in production: 1 setting to fix")
                .hasMessageContaining("pr.webhook.secret (PR_WEBHOOK_SECRET) is not set");
    }

    @Test
    void everyMissingOrContradictorySettingIsNamedInOneMessage() {
        Map<String, String> environment = with(without(PRODUCTION, "KAFKA_BOOTSTRAP_SERVERS"), "PR_GITHUB_API_URL", "http://127.0.0.1:9999");
        assertThat(ProductionRules.of(config(environment)).problems()).containsExactly(
                "kafka.bootstrap.servers (KAFKA_BOOTSTRAP_SERVERS) is not set",
                "pr.github.api-url (PR_GITHUB_API_URL) names this machine (127.0.0.1): give the production address",
                "pr.github.api-url (PR_GITHUB_API_URL) is not an https URL: http://127.0.0.1:9999");
    }
}
