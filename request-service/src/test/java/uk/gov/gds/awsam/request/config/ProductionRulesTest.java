package uk.gov.gds.awsam.request.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static uk.gov.gds.awsam.testsupport.ProductionProfile.config;
import static uk.gov.gds.awsam.testsupport.ProductionProfile.with;
import static uk.gov.gds.awsam.testsupport.ProductionProfile.without;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** request-service's application.properties in the production profile, with a deployment's environment. */
class ProductionRulesTest {

    static final Map<String, String> PRODUCTION = Map.of(
            "KAFKA_BOOTSTRAP_SERVERS", "aws-accounts-kafka-bootstrap:9093",
            "APICURIO_REGISTRY_URL", "http://apicurio-registry:8080/apis/registry/v3",
            "REQUEST_OIDC_ISSUER", "https://sign-in.example.gov.uk/realms/aws-accounts",
            "REQUEST_OIDC_CLIENT_SECRET", "a-client-secret-of-at-least-32-characters",
            "REQUEST_AWS_CONFIG_GDS_USERS_ACCOUNT_ID", "210987654321",
            "QUARKUS_HTTP_PROXY_TRUSTED_PROXIES", "10.42.0.0/16");

    @Test
    void aCompleteProductionConfigurationPassesWithoutSwaggerUi() {
        assertThat(ProductionRules.of(config(PRODUCTION)).problems()).isEmpty();
        assertThat(config(PRODUCTION).getValue("quarkus.swagger-ui.enabled", Boolean.class)).isFalse();
    }

    @Test
    void withoutTheClientSecretItRefusesToStartNamingIt() {
        assertThatThrownBy(() -> ProductionRules.of(config(without(PRODUCTION, "REQUEST_OIDC_CLIENT_SECRET"))).refuseToStartUnlessAllHold())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("request-service refuses to start in production: 1 setting to fix")
                .hasMessageContaining("quarkus.oidc.credentials.secret (REQUEST_OIDC_CLIENT_SECRET) is not set");
    }

    @Test
    void everyMissingOrContradictorySettingIsNamedInOneMessage() {
        Map<String, String> environment = with(with(with(without(PRODUCTION, "REQUEST_OIDC_ISSUER"),
                "REQUEST_OIDC_CLIENT_SECRET", "short-secret"),
                "REQUEST_AWS_CONFIG_GDS_USERS_ACCOUNT_ID", "622626885786"),
                "QUARKUS_SWAGGER_UI_ENABLED", "true");
        assertThatThrownBy(() -> ProductionRules.of(config(environment)).refuseToStartUnlessAllHold())
                .hasMessageContaining("4 settings to fix")
                .hasMessageContaining("quarkus.oidc.auth-server-url (REQUEST_OIDC_ISSUER) is not set")
                .hasMessageContaining("quarkus.oidc.credentials.secret (REQUEST_OIDC_CLIENT_SECRET) is shorter than 32 characters")
                .hasMessageContaining("request.aws-config.gds-users-account-id (REQUEST_AWS_CONFIG_GDS_USERS_ACCOUNT_ID) is an example")
                .hasMessageContaining("quarkus.swagger-ui.enabled (QUARKUS_SWAGGER_UI_ENABLED) must be false in production")
                .hasMessageNotContaining("short-secret");
    }

    @Test
    void forwardedHeadersAreBelievedOnlyFromTheNamedProxy() {
        assertThat(ProductionRules.of(config(without(PRODUCTION, "QUARKUS_HTTP_PROXY_TRUSTED_PROXIES"))).problems()).singleElement()
                .asString().startsWith("quarkus.http.proxy.trusted-proxies (QUARKUS_HTTP_PROXY_TRUSTED_PROXIES) is not set");
        assertThat(ProductionRules.of(config(with(without(PRODUCTION, "QUARKUS_HTTP_PROXY_TRUSTED_PROXIES"),
                "QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING", "false"))).problems()).as("no proxy, nothing forwarded believed").isEmpty();
    }

    @Test
    void anIdentityProviderOnThisMachineOrWithoutTlsIsRefused() {
        assertThat(ProductionRules.of(config(with(PRODUCTION, "REQUEST_OIDC_ISSUER", "http://127.0.0.1:8180/realms/local"))).problems())
                .containsExactly(
                        "quarkus.oidc.auth-server-url (REQUEST_OIDC_ISSUER) names this machine (127.0.0.1): give the production address",
                        "quarkus.oidc.auth-server-url (REQUEST_OIDC_ISSUER) is not an https URL: http://127.0.0.1:8180/realms/local");
    }
}
