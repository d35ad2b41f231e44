package uk.gov.gds.awsam.testsupport;

import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Which broker and registry a test gets, in the project's order of preference:
 * <ol>
 *   <li>{@code KAFKA_BOOTSTRAP_SERVERS} / {@code APICURIO_REGISTRY_URL} when set (each on its own);</li>
 *   <li>Testcontainers Kafka and an Apicurio Registry 3 container when a Docker engine answers;</li>
 *   <li>otherwise the in-JVM KRaft broker and the in-process registry stand-in.</li>
 * </ol>
 * {@code AWSAM_TEST_DOCKER=false} skips asking Docker.
 */
public record InfrastructureChoice(Source broker, Source registry) {

    public static final String BOOTSTRAP_ENV = "KAFKA_BOOTSTRAP_SERVERS";
    public static final String REGISTRY_ENV = "APICURIO_REGISTRY_URL";
    public static final String DOCKER_ENV = "AWSAM_TEST_DOCKER";

    public enum Source { EXTERNAL, CONTAINER, IN_JVM }

    public static InfrastructureChoice choose(Map<String, String> env, BooleanSupplier dockerAnswers) {
        boolean externalBroker = isSet(env.get(BOOTSTRAP_ENV));
        boolean externalRegistry = isSet(env.get(REGISTRY_ENV));
        if (externalBroker && externalRegistry) {
            return new InfrastructureChoice(Source.EXTERNAL, Source.EXTERNAL);
        }
        boolean docker = !"false".equalsIgnoreCase(env.get(DOCKER_ENV)) && dockerAnswers.getAsBoolean();
        Source local = docker ? Source.CONTAINER : Source.IN_JVM;
        return new InfrastructureChoice(externalBroker ? Source.EXTERNAL : local,
                externalRegistry ? Source.EXTERNAL : local);
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
