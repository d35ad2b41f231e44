package uk.gov.gds.awsam.request.config;

import org.eclipse.microprofile.config.Config;

import uk.gov.gds.awsam.config.ProductionSettings;

/**
 * What production needs of request-service's configuration (docs/configuration.md): the organisation's identity
 * provider over https with a client secret strong enough to key the session cookie, the real gds-users account when
 * one is named, no Swagger UI, and forwarded headers believed only from the proxy in front of it.
 */
public final class ProductionRules {

    /** The client secret also keys the session cookie's encryption and the forms' CSRF tokens. */
    static final int MIN_CLIENT_SECRET_LENGTH = 32;

    private ProductionRules() {
    }

    public static ProductionSettings of(Config config) {
        ProductionSettings settings = new ProductionSettings("request-service", config).brokerAndRegistry()
                .https("quarkus.oidc.auth-server-url", "REQUEST_OIDC_ISSUER")
                .required("quarkus.oidc.credentials.secret", "REQUEST_OIDC_CLIENT_SECRET");
        return settings
                .that(settings.value("quarkus.oidc.credentials.secret").map(String::length).orElse(MIN_CLIENT_SECRET_LENGTH)
                        >= MIN_CLIENT_SECRET_LENGTH, "quarkus.oidc.credentials.secret", "REQUEST_OIDC_CLIENT_SECRET",
                        "is shorter than " + MIN_CLIENT_SECRET_LENGTH + " characters: it also keys the session cookie's encryption")
                .required("request.allowed-email-domains", "REQUEST_ALLOWED_EMAIL_DOMAINS")
                .accountIdIfSet("request.aws-config.gds-users-account-id", "REQUEST_AWS_CONFIG_GDS_USERS_ACCOUNT_ID")
                .is("quarkus.swagger-ui.enabled", "QUARKUS_SWAGGER_UI_ENABLED", false,
                        "the API's explorer is for development, not for the internet")
                .that(!settings.value("quarkus.http.proxy.proxy-address-forwarding").map(Boolean::parseBoolean).orElse(false)
                        || settings.value("quarkus.http.proxy.trusted-proxies").isPresent(),
                        "quarkus.http.proxy.trusted-proxies", "QUARKUS_HTTP_PROXY_TRUSTED_PROXIES",
                        "is not set: with proxy-address-forwarding on, anyone could say which address and scheme a request came"
                                + " from; name the TLS proxy's addresses");
    }
}
