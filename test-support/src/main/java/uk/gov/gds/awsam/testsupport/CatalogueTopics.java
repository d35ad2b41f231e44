package uk.gov.gds.awsam.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.InternalTopic;

/**
 * Creates every topic of the event catalogue and its dead-letter topic, and the (compacted) internal
 * topics, as a deployment declares them
 * (Strimzi KafkaTopic resources in production). Existing topics are left as they are.
 *
 * <p>Run on its own: {@code java -cp ... uk.gov.gds.awsam.testsupport.CatalogueTopics 127.0.0.1:9092}.
 */
public final class CatalogueTopics {

    public static final int PARTITIONS = 3;

    private CatalogueTopics() {
    }

    /** Every topic the system uses: each event's topic and its {@code .dlq}, and the internal topics. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (EventType type : EventType.values()) {
            names.add(type.topic());
            names.add(type.deadLetterTopic());
        }
        for (InternalTopic topic : InternalTopic.values()) {
            names.add(topic.topic());
        }
        return names;
    }

    private static NewTopic newTopic(String name) {
        NewTopic topic = new NewTopic(name, Optional.of(PARTITIONS), Optional.empty());
        return name.startsWith(InternalTopic.PREFIX) ? topic.configs(Map.of("cleanup.policy", "compact")) : topic;
    }

    /** Creates the missing ones; returns the names it created. */
    public static List<String> create(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = names().stream().filter(name -> !existing.contains(name))
                    .map(CatalogueTopics::newTopic)
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
            return missing.stream().map(NewTopic::name).toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create the catalogue topics on " + bootstrapServers, e);
        }
    }

    public static void main(String[] args) {
        String bootstrap = args.length > 0 ? args[0] : "127.0.0.1:9092";
        List<String> created = create(bootstrap);
        System.out.println("topics: " + names().size() + " in the catalogue, " + created.size() + " created on " + bootstrap);
    }
}
