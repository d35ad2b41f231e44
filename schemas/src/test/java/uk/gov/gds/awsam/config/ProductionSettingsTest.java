package uk.gov.gds.awsam.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

class ProductionSettingsTest {

    private static ProductionSettings settings(Map<String, String> properties) {
        Config config = new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(properties, "test", 100)).build();
        return new ProductionSettings("a-service", config);
    }

    @Test
    void everyFormOfThisMachineIsRefusedInHostsHostPortListsAndUrls() {
        for (String value : new String[] {"localhost", "127.0.0.1:9092", "kafka-1:9092,127.0.1.1:9092", "http://localhost:8081/apis",
                "https://[::1]:8443/x", "::1", "0.0.0.0", "LOCALHOST:25"}) {
            assertThat(settings(Map.of("host", value)).notLoopback("host", "HOST").problems()).as(value).singleElement().asString()
                    .startsWith("host (HOST) names this machine");
        }
        for (String value : new String[] {"kafka:9092", "b-1.msk.eu-west-2.amazonaws.com:9094,b-2.msk.eu-west-2.amazonaws.com:9094",
                "https://registry.example.gov.uk/apis/registry/v3", "email-smtp.eu-west-2.amazonaws.com", "127.example.gov.uk"}) {
            assertThat(settings(Map.of("host", value)).notLoopback("host", "HOST").problems()).as(value).isEmpty();
        }
    }

    @Test
    void accountIdsAreTwelveDigitsAndNotExamples() {
        assertThat(settings(Map.of("id", "210987654321")).accountId("id", "ID").problems()).isEmpty();
        assertThat(settings(Map.of("id", "2109876543")).accountId("id", "ID").problems()).containsExactly(
                "id (ID) is not an AWS account id (12 digits): 2109876543");
        for (String example : ProductionSettings.EXAMPLE_ACCOUNT_IDS) {
            assertThat(settings(Map.of("id", example)).accountId("id", "ID").problems()).singleElement().asString()
                    .contains("is an example account id");
        }
        assertThat(settings(Map.of()).accountIdIfSet("id", "ID").problems()).isEmpty();
        assertThat(settings(Map.of("arn", "arn:aws:iam::123456789012:role/x")).arnIfSet("arn", "ARN").problems()).singleElement()
                .asString().contains("names an example account id (123456789012)");
    }

    @Test
    void blankAndUnresolvableValuesAreNotSetAndEveryProblemIsInOneMessage() {
        ProductionSettings settings = settings(Map.of("blank", "  ", "unresolved", "${NOT_GIVEN}", "secret", "hunter2-hunter2"))
                .required("blank", "BLANK").required("unresolved", "UNRESOLVED").required("absent", "ABSENT")
                .that(false, "secret", "SECRET", "is too short");
        assertThatThrownBy(settings::refuseToStartUnlessAllHold).isInstanceOf(IllegalStateException.class)
                .hasMessage("a-service refuses to start in production: 4 settings to fix (docs/configuration.md)\n"
                        + "  - blank (BLANK) is not set\n"
                        + "  - unresolved (UNRESOLVED) is not set\n"
                        + "  - absent (ABSENT) is not set\n"
                        + "  - secret (SECRET) is too short");
    }

    @Test
    void aBooleanLeftOutHasItsProductionDefault() {
        assertThat(settings(Map.of()).is("flag", "FLAG", true, "why").problems()).isEmpty();
        assertThat(settings(Map.of("flag", "false")).is("flag", "FLAG", true, "why").problems())
                .containsExactly("flag (FLAG) must be true in production: why");
    }
}
