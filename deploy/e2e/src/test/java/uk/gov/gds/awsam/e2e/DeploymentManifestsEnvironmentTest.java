package uk.gov.gds.awsam.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The resolver the descriptor tests rely on: which environment variables a service reads, from its
 * application.properties and its @ConfigMapping source. It must say no as readily as yes.
 */
class DeploymentManifestsEnvironmentTest {

    @Test
    void theDeployedServicesAreTheModulesThatListenOnHttp() {
        assertThat(ServiceModule.all()).map(s -> s.name)
                .containsExactly("request-service", "terraform-generator", "pr-service", "provisioner", "notifier")
                .doesNotContain("yubikey-agent");
        assertThat(ServiceModule.all()).map(ServiceModule::httpPort).containsExactly(8080, 8082, 8083, 8084, 8085);
    }

    @Test
    void aPlaceholderOfApplicationPropertiesIsRead() {
        assertThat(ServiceModule.named("request-service").readsEnvironmentVariable("REQUEST_OIDC_ISSUER")).isTrue();
        assertThat(ServiceModule.named("notifier").readsEnvironmentVariable("SMTP_PASSWORD")).isTrue();
        assertThat(ServiceModule.named("notifier").readsEnvironmentVariable("SMTP_PASSWORDS")).isFalse();
        assertThat(ServiceModule.named("terraform-generator").readsEnvironmentVariable("SMTP_HOST")).isFalse();
    }

    @Test
    void theEnvironmentFormOfAConfigMappingPropertyIsRead() {
        ServiceModule provisioner = ServiceModule.named("provisioner");
        assertThat(provisioner.mappedProperties).contains("provisioner.aws.endpoint", "provisioner.aws.gds-users-account-id",
                "provisioner.accounts.create-status-poll.timeout", "provisioner.notifier-public-key", "provisioner.users.groups");
        assertThat(provisioner.readsEnvironmentVariable("PROVISIONER_AWS_ENDPOINT")).isTrue();
        assertThat(provisioner.readsEnvironmentVariable("PROVISIONER_ACCOUNTS_CREATE_STATUS_POLL_TIMEOUT")).isTrue();
        // a group is not a setting, a misspelling is not one, nor another service's
        assertThat(provisioner.readsEnvironmentVariable("PROVISIONER_AWS")).isFalse();
        assertThat(provisioner.readsEnvironmentVariable("PROVISIONER_AWS_ENDPOINTS")).isFalse();
        assertThat(provisioner.readsEnvironmentVariable("TERRAFORM_PARENT_ID")).isFalse();
        assertThat(ServiceModule.named("terraform-generator").readsEnvironmentVariable("TERRAFORM_PARENT_ID")).isTrue();
        // default methods are code, not configuration
        assertThat(ServiceModule.named("terraform-generator").mappedProperties).doesNotContain("terraform.settings");
        // @WithName wins over the method's name
        assertThat(ServiceModule.named("pr-service").mappedProperties).contains("pr.import.label", "pr.github.app.private-key")
                .doesNotContain("pr.import-pr.label");
    }

    @Test
    void kafkaClientPropertiesPassThroughOnlyWhereTheServiceHasAKafkaClientAndOnlyRealOnes() {
        ServiceModule notifier = ServiceModule.named("notifier");
        for (String variable : List.of("KAFKA_SASL_JAAS_CONFIG", "KAFKA_SECURITY_PROTOCOL", "KAFKA_SSL_TRUSTSTORE_LOCATION")) {
            assertThat(notifier.readsEnvironmentVariable(variable)).as(variable).isTrue();
        }
        assertThat(notifier.readsEnvironmentVariable("KAFKA_SASL_JASS_CONFIG")).isFalse();
        assertThat(notifier.readsEnvironmentVariable("KAFKA_BROKERS")).isFalse();
    }

    @Test
    void topicsAndPortsResolveThroughTheCatalogueAndTheDefaults() {
        ServiceModule notifier = ServiceModule.named("notifier");
        assertThat(notifier.publishedTopics()).contains("aws-accounts.internal.notifier-sent-log", "aws-accounts.request-failed.dlq")
                .doesNotContain("aws-accounts.request-failed");
        assertThat(notifier.resolve("${notifier.consumer-group}.x")).isEqualTo("notifier.x");
        assertThat(ServiceModule.named("request-service").resolve("${REQUEST_HTTP_PORT:8080}")).isEqualTo("8080");
    }
}
