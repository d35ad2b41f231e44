package uk.gov.gds.awsam.terraform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static uk.gov.gds.awsam.testsupport.ProductionProfile.config;
import static uk.gov.gds.awsam.testsupport.ProductionProfile.with;
import static uk.gov.gds.awsam.testsupport.ProductionProfile.without;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** terraform-generator's application.properties in the production profile, with a deployment's environment. */
class ProductionRulesTest {

    static final Map<String, String> PRODUCTION = Map.of(
            "KAFKA_BOOTSTRAP_SERVERS", "aws-accounts-kafka-bootstrap:9093",
            "APICURIO_REGISTRY_URL", "http://apicurio-registry:8080/apis/registry/v3",
            "TERRAFORM_PARENT_ID", "ou-a1b2-c3d4e5f6",
            "TERRAFORM_STATUS_PAGE_BASE_URL", "https://aws-accounts.example.gov.uk");

    @Test
    void aCompleteProductionConfigurationPasses() {
        assertThat(ProductionRules.of(config(PRODUCTION)).problems()).isEmpty();
        assertThat(ProductionRules.of(config(without(PRODUCTION, "TERRAFORM_STATUS_PAGE_BASE_URL"))).problems()).isEmpty();
    }

    @Test
    void withoutTheParentOrganisationalUnitItRefusesToStartNamingIt() {
        assertThatThrownBy(() -> ProductionRules.of(config(without(PRODUCTION, "TERRAFORM_PARENT_ID"))).refuseToStartUnlessAllHold())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("terraform-generator refuses to start in production: 1 setting to fix")
                .hasMessageContaining("terraform.parent-id (TERRAFORM_PARENT_ID) is not set");
    }

    @Test
    void everyMissingOrContradictorySettingIsNamedInOneMessage() {
        Map<String, String> environment = with(without(PRODUCTION, "APICURIO_REGISTRY_URL"), "TERRAFORM_STATUS_PAGE_BASE_URL",
                "http://localhost:8080");
        assertThat(ProductionRules.of(config(environment)).problems()).containsExactly(
                "mp.messaging.connector.smallrye-kafka.apicurio.registry.url (APICURIO_REGISTRY_URL) is not set",
                "terraform.status-page-base-url (TERRAFORM_STATUS_PAGE_BASE_URL) names this machine (localhost): give the production address",
                "terraform.status-page-base-url (TERRAFORM_STATUS_PAGE_BASE_URL) is not an https URL: http://localhost:8080");
    }
}
