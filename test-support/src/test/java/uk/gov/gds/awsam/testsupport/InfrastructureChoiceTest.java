package uk.gov.gds.awsam.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.gov.gds.awsam.testsupport.InfrastructureChoice.Source.CONTAINER;
import static uk.gov.gds.awsam.testsupport.InfrastructureChoice.Source.EXTERNAL;
import static uk.gov.gds.awsam.testsupport.InfrastructureChoice.Source.IN_JVM;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

class InfrastructureChoiceTest {

    @Test
    void namedBrokerAndRegistryWinAndDockerIsNotAsked() {
        AtomicBoolean asked = new AtomicBoolean();
        InfrastructureChoice choice = InfrastructureChoice.choose(
                Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092", "APICURIO_REGISTRY_URL", "http://registry/apis/registry/v3"),
                () -> asked.getAndSet(true));
        assertThat(choice).isEqualTo(new InfrastructureChoice(EXTERNAL, EXTERNAL));
        assertThat(asked).isFalse();
    }

    @Test
    void containersWhenDockerAnswers() {
        assertThat(InfrastructureChoice.choose(Map.of(), () -> true)).isEqualTo(new InfrastructureChoice(CONTAINER, CONTAINER));
    }

    @Test
    void inJvmBrokerAndStandInOtherwise() {
        assertThat(InfrastructureChoice.choose(Map.of(), () -> false)).isEqualTo(new InfrastructureChoice(IN_JVM, IN_JVM));
    }

    @Test
    void eachNamedPartIsUsedOnItsOwn() {
        assertThat(InfrastructureChoice.choose(Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092"), () -> false))
                .isEqualTo(new InfrastructureChoice(EXTERNAL, IN_JVM));
        assertThat(InfrastructureChoice.choose(Map.of("APICURIO_REGISTRY_URL", "http://r/apis/registry/v3"), () -> true))
                .isEqualTo(new InfrastructureChoice(CONTAINER, EXTERNAL));
    }

    @Test
    void dockerCanBeSkipped() {
        AtomicBoolean asked = new AtomicBoolean();
        assertThat(InfrastructureChoice.choose(Map.of("AWSAM_TEST_DOCKER", "false"), () -> asked.getAndSet(true)))
                .isEqualTo(new InfrastructureChoice(IN_JVM, IN_JVM));
        assertThat(asked).isFalse();
    }

    @Test
    void blankValuesCountAsUnset() {
        assertThat(InfrastructureChoice.choose(Map.of("KAFKA_BOOTSTRAP_SERVERS", " "), () -> false))
                .isEqualTo(new InfrastructureChoice(IN_JVM, IN_JVM));
    }
}
