package uk.gov.gds.awsam.testsupport;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a {@code @QuarkusTest} a real Kafka broker and schema registry (see {@link InfrastructureChoice})
 * and fills its {@code @InjectTestEvents TestEvents} field:
 *
 * <pre>
 * &#64;QuarkusTest
 * &#64;WithTestResource(KafkaTestResource.class)
 * class TerraformPipelineTest {
 *     &#64;InjectTestEvents
 *     TestEvents events;
 * }
 * </pre>
 *
 * The broker is shared by every test of the JVM and outlives Quarkus restarts; tests tell their records
 * apart by requestId.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    private static TestEvents events;

    @Override
    public Map<String, String> start() {
        Infrastructure infrastructure = TestInfrastructure.get();
        return Map.of(
                "kafka.bootstrap.servers", infrastructure.bootstrapServers(),
                "mp.messaging.connector.smallrye-kafka.apicurio.registry.url", infrastructure.registryUrl(),
                "quarkus.kafka.devservices.enabled", "false",
                "quarkus.apicurio-registry.devservices.enabled", "false");
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(events(), new TestInjector.AnnotatedAndMatchesType(InjectTestEvents.class, TestEvents.class));
    }

    @Override
    public void stop() {
        // The infrastructure and its TestEvents live for the whole JVM; a shutdown hook stops them.
    }

    /** The JVM's shared TestEvents, for tests that are not Quarkus tests. */
    public static synchronized TestEvents events() {
        if (events == null) {
            events = TestEvents.connect();
            Runtime.getRuntime().addShutdownHook(new Thread(events::close, "test-events-close"));
        }
        return events;
    }
}
