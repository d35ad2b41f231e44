package uk.gov.gds.awsam.pr.config;

import org.eclipse.microprofile.config.Config;

import uk.gov.gds.awsam.config.ProductionSettings;

/**
 * What production needs of pr-service's configuration (docs/configuration.md): GitHub over https, the webhook
 * secret and the two repositories. Which credentials (App or token) is checked where the client is made
 * ({@link Wiring}), in every profile.
 */
public final class ProductionRules {

    private ProductionRules() {
    }

    public static ProductionSettings of(Config config) {
        return new ProductionSettings("pr-service", config).brokerAndRegistry()
                .https("pr.github.api-url", "PR_GITHUB_API_URL")
                .required("pr.webhook.secret", "PR_WEBHOOK_SECRET")
                .required("pr.billing.name", "PR_BILLING_NAME")
                .required("pr.users.name", "PR_USERS_NAME");
    }
}
