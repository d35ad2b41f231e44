package uk.gov.gds.awsam.terraform.config;

import org.eclipse.microprofile.config.Config;

import uk.gov.gds.awsam.config.ProductionSettings;

/**
 * What production needs of terraform-generator's configuration (docs/configuration.md): the organisational unit
 * new accounts go to, and links people can follow. The form of each value is checked where the generator is made
 * ({@code GeneratorSettings}), in every profile.
 */
public final class ProductionRules {

    private ProductionRules() {
    }

    public static ProductionSettings of(Config config) {
        return new ProductionSettings("terraform-generator", config).brokerAndRegistry()
                .required("terraform.parent-id", "TERRAFORM_PARENT_ID")
                .httpsIfSet("terraform.status-page-base-url", "TERRAFORM_STATUS_PAGE_BASE_URL");
    }
}
