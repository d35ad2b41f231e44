package uk.gov.gds.awsam.provisioner.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static uk.gov.gds.awsam.testsupport.ProductionProfile.config;
import static uk.gov.gds.awsam.testsupport.ProductionProfile.with;
import static uk.gov.gds.awsam.testsupport.ProductionProfile.without;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The provisioner's application.properties in the production profile, with a deployment's environment. */
class ProductionRulesTest {

    static final Map<String, String> PRODUCTION = Map.of(
            "KAFKA_BOOTSTRAP_SERVERS", "aws-accounts-kafka-bootstrap:9093",
            "APICURIO_REGISTRY_URL", "http://apicurio-registry:8080/apis/registry/v3",
            "PROVISIONER_AWS_ORGANIZATIONS_ROLE_ARN", "arn:aws:iam::210987654320:role/org-admin-access",
            "PROVISIONER_AWS_GDS_USERS_ACCOUNT_ID", "210987654321",
            "PROVISIONER_NOTIFIER_PUBLIC_KEY", "/etc/provisioner/notifier-public-key/public.pem");

    @Test
    void aCompleteProductionConfigurationPasses() {
        assertThat(ProductionRules.of(config(PRODUCTION)).problems()).isEmpty();
    }

    @Test
    void withoutTheOrganisationsRoleItRefusesToStartNamingIt() {
        assertThatThrownBy(() -> ProductionRules.of(config(without(PRODUCTION, "PROVISIONER_AWS_ORGANIZATIONS_ROLE_ARN")))
                .refuseToStartUnlessAllHold())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("provisioner refuses to start in production: 1 setting to fix")
                .hasMessageContaining("provisioner.aws.organizations-role-arn (PROVISIONER_AWS_ORGANIZATIONS_ROLE_ARN) is not set");
        // as the Kubernetes ConfigMap used to leave it
        assertThat(ProductionRules.of(config(with(PRODUCTION, "PROVISIONER_AWS_ORGANIZATIONS_ROLE_ARN", ""))).problems())
                .containsExactly("provisioner.aws.organizations-role-arn (PROVISIONER_AWS_ORGANIZATIONS_ROLE_ARN) is not set");
    }

    @Test
    void everyMissingOrContradictorySettingIsNamedInOneMessage() {
        Map<String, String> environment = with(with(with(with(PRODUCTION,
                "PROVISIONER_AWS_GDS_USERS_ACCOUNT_ID", "123456789012"),
                "PROVISIONER_AWS_ENDPOINT", "http://127.0.0.1:5000"),
                "PROVISIONER_AWS_ACCESS_KEY_ID", "testing"),
                "PROVISIONER_ACCOUNTS_VERIFY_ROOT_MFA", "false");
        assertThat(ProductionRules.of(config(environment)).problems()).containsExactlyInAnyOrder(
                "provisioner.aws.endpoint (PROVISIONER_AWS_ENDPOINT) names this machine (127.0.0.1): give the production address",
                "provisioner.aws.secret-access-key (PROVISIONER_AWS_SECRET_ACCESS_KEY) is not set, but its pair is: give both static"
                        + " keys, or neither for the default credentials chain",
                "provisioner.aws.gds-users-account-id (PROVISIONER_AWS_GDS_USERS_ACCOUNT_ID) is an example account id (123456789012):"
                        + " give the real one",
                "provisioner.accounts.verify-root-mfa (PROVISIONER_ACCOUNTS_VERIFY_ROOT_MFA) must be true in production: the admins"
                        + " are trusted only once AWS shows root MFA (false is for emulators that cannot show it)");
    }

    @Test
    void aRoleInAnExampleAccountIsRefused() {
        assertThat(ProductionRules.of(config(with(PRODUCTION, "PROVISIONER_AWS_GDS_USERS_ROLE_ARN", "arn:aws:iam::123456789012:role/provisioner")))
                .problems()).containsExactly("provisioner.aws.gds-users-role-arn (PROVISIONER_AWS_GDS_USERS_ROLE_ARN) names an example"
                        + " account id (123456789012): give the real one");
    }
}
