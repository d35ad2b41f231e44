package uk.gov.gds.awsam.testsupport;


import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

import uk.gov.gds.awsam.testsupport.registry.RegistryStandIn;

/** Kafka and Apicurio Registry 3 in containers, for machines where a Docker engine answers. */
final class ContainerInfrastructure {

    static final String KAFKA_IMAGE = "apache/kafka:4.1.1";
    static final String APICURIO_IMAGE = "apicurio/apicurio-registry:3.1.7";

    private ContainerInfrastructure() {
    }

    static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError noDocker) {
            return false;
        }
    }

    static KafkaContainer startKafka() {
        KafkaContainer kafka = new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE));
        kafka.start();
        return kafka;
    }

    @SuppressWarnings("resource")
    static GenericContainer<?> startRegistry() {
        GenericContainer<?> registry = new GenericContainer<>(DockerImageName.parse(APICURIO_IMAGE))
                .withExposedPorts(8080)
                .withEnv("APICURIO_RULES_GLOBAL_COMPATIBILITY", "BACKWARD") // as deploy/k8s configures it
                .waitingFor(Wait.forHttp(RegistryStandIn.API_PATH + "/system/info").forStatusCode(200));
        registry.start();
        return registry;
    }

    static String registryUrl(GenericContainer<?> registry) {
        return "http://" + registry.getHost() + ":" + registry.getMappedPort(8080) + RegistryStandIn.API_PATH;
    }

}
