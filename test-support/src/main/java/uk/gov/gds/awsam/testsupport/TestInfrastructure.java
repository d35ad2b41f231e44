package uk.gov.gds.awsam.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;

import uk.gov.gds.awsam.testsupport.InfrastructureChoice.Source;
import uk.gov.gds.awsam.testsupport.registry.RegistryStandIn;

/**
 * The broker and registry of this test JVM, started once on first use (see {@link InfrastructureChoice}
 * for which) and shared by every test in it; the catalogue's topics are created up front. Tests tell
 * their data apart by requestId, never by starting another broker.
 */
public final class TestInfrastructure {

    private static final Logger LOG = Logger.getLogger(TestInfrastructure.class);
    private static Infrastructure shared;

    private TestInfrastructure() {
    }

    /**
     * Key under which the running infrastructure is parked in the JVM's system properties, described with
     * JDK types only: Quarkus loads test classes through its own class loaders, and each would otherwise
     * see its own (empty) static field and start another broker.
     */
    private static final String JVM_WIDE_KEY = "uk.gov.gds.awsam.testsupport.infrastructure";

    public static Infrastructure get() {
        synchronized (System.getProperties()) {
            if (shared == null) {
                shared = adopt(System.getProperties().get(JVM_WIDE_KEY));
            }
            if (shared == null && startedInSystemClassLoader()) {
                shared = adopt(System.getProperties().get(JVM_WIDE_KEY));
            }
            if (shared == null) {
                long start = System.nanoTime();
                Infrastructure started = create(System.getenv());
                CatalogueTopics.create(started.bootstrapServers());
                LOG.infof("Test infrastructure ready in %d ms: %s", (System.nanoTime() - start) / 1_000_000, started.description());
                Runtime.getRuntime().addShutdownHook(new Thread(started::close, "test-infrastructure-stop"));
                System.getProperties().put(JVM_WIDE_KEY, park(started));
                shared = started;
            }
            return shared;
        }
    }

    /**
     * Quarkus tests load this class through a Quarkus class loader that is closed when the application
     * stops; a broker started from it would fail later on classes it can no longer load. So the broker is
     * started from the system class loader's copy of this class, and adopted here through the JVM-wide
     * handle. Returns false where the system class loader cannot see this class.
     */
    private static boolean startedInSystemClassLoader() {
        ClassLoader system = ClassLoader.getSystemClassLoader();
        if (TestInfrastructure.class.getClassLoader() == system) {
            return false;
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try {
            thread.setContextClassLoader(system);
            Class.forName(TestInfrastructure.class.getName(), true, system).getMethod("get").invoke(null);
            return true;
        } catch (ReflectiveOperationException | LinkageError notVisible) {
            LOG.debugf("starting the test infrastructure in %s: %s", TestInfrastructure.class.getClassLoader(), notVisible);
            return false;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static Map<String, Object> park(Infrastructure infrastructure) {
        Map<String, Object> parked = new java.util.HashMap<>();
        parked.put("bootstrapServers", infrastructure.bootstrapServers());
        parked.put("registryUrl", infrastructure.registryUrl());
        parked.put("description", infrastructure.description());
        infrastructure.brokerControl().ifPresent(control -> {
            parked.put("stop", (Runnable) control::stop);
            parked.put("start", (Runnable) control::start);
            parked.put("isRunning", (java.util.function.BooleanSupplier) control::isRunning);
        });
        return parked;
    }

    private static Infrastructure adopt(Object parked) {
        if (!(parked instanceof Map<?, ?> map)) {
            return null;
        }
        Infrastructure.BrokerControl control = null;
        if (map.get("stop") instanceof Runnable stop && map.get("start") instanceof Runnable start
                && map.get("isRunning") instanceof java.util.function.BooleanSupplier isRunning) {
            control = new Infrastructure.BrokerControl() {
                @Override
                public void stop() {
                    stop.run();
                }

                @Override
                public void start() {
                    start.run();
                }

                @Override
                public boolean isRunning() {
                    return isRunning.getAsBoolean();
                }
            };
        }
        return new Running((String) map.get("bootstrapServers"), (String) map.get("registryUrl"),
                (String) map.get("description"), control, List.of());
    }

    static Infrastructure create(Map<String, String> env) {
        InfrastructureChoice choice = InfrastructureChoice.choose(env, ContainerInfrastructure::dockerAnswers);
        List<AutoCloseable> started = new ArrayList<>();
        String bootstrap;
        String brokerWords;
        Infrastructure.BrokerControl control = null;
        switch (choice.broker()) {
            case EXTERNAL -> {
                bootstrap = env.get(InfrastructureChoice.BOOTSTRAP_ENV);
                brokerWords = "broker " + bootstrap + " (" + InfrastructureChoice.BOOTSTRAP_ENV + ")";
            }
            case CONTAINER -> {
                var kafka = ContainerInfrastructure.startKafka();
                started.add(kafka::stop);
                bootstrap = kafka.getBootstrapServers();
                brokerWords = "Testcontainers Kafka " + ContainerInfrastructure.KAFKA_IMAGE + " at " + bootstrap;
            }
            default -> {
                EmbeddedBroker broker = EmbeddedBroker.startNew();
                started.add(broker);
                control = broker;
                bootstrap = broker.bootstrapServers();
                brokerWords = "in-JVM KRaft broker at " + bootstrap;
            }
        }
        String registryUrl;
        String registryWords;
        if (choice.registry() == Source.EXTERNAL) {
            registryUrl = env.get(InfrastructureChoice.REGISTRY_ENV);
            registryWords = "registry " + registryUrl + " (" + InfrastructureChoice.REGISTRY_ENV + ")";
        } else if (choice.registry() == Source.CONTAINER) {
            var registry = ContainerInfrastructure.startRegistry();
            started.add(registry::stop);
            registryUrl = ContainerInfrastructure.registryUrl(registry);
            registryWords = "Apicurio Registry container " + ContainerInfrastructure.APICURIO_IMAGE + " at " + registryUrl;
        } else {
            try {
                RegistryStandIn standIn = RegistryStandIn.start(0);
                started.add(standIn);
                // as deploy/k8s configures the real registry: every new schema version BACKWARD compatible
                standIn.setGlobalRule("COMPATIBILITY", "BACKWARD");
                registryUrl = standIn.url();
                registryWords = "in-process registry STAND-IN (not Apicurio) at " + registryUrl;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new Running(bootstrap, registryUrl, brokerWords + "; " + registryWords, control, started);
    }

    private record Running(String bootstrapServers, String registryUrl, String description,
            Infrastructure.BrokerControl control, List<AutoCloseable> started) implements Infrastructure {

        @Override
        public Optional<BrokerControl> brokerControl() {
            return Optional.ofNullable(control);
        }

        @Override
        public void close() {
            for (AutoCloseable resource : started) {
                try {
                    resource.close();
                } catch (Exception ignored) {
                    // stopping at JVM exit: nothing more to do
                }
            }
        }
    }
}
