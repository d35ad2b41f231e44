package uk.gov.gds.awsam.testsupport;

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

import uk.gov.gds.awsam.events.TopicSpec;
import uk.gov.gds.awsam.events.Topics;

/**
 * Creates every topic of the catalogue ({@link Topics}: each event's topic and its dead-letter topic, kept forever,
 * and the compacted internal topics) with the settings declared there, as a deployment declares them (Strimzi
 * KafkaTopic resources in production), so the preflight's topic check passes on them. Existing topics are left as
 * they are.
 *
 * <p>Run on its own: {@code java -cp ... uk.gov.gds.awsam.testsupport.CatalogueTopics 127.0.0.1:9092}.
 */
public final class CatalogueTopics {

    public static final int PARTITIONS = Topics.PARTITIONS;

    private CatalogueTopics() {
    }

    /** Every topic the system uses: each event's topic and its {@code .dlq}, and the internal topics. */
    public static List<String> names() {
        return Topics.names();
    }

    private static NewTopic newTopic(TopicSpec spec) {
        return new NewTopic(spec.name(), Optional.of(spec.partitions()), Optional.empty()).configs(spec.configs());
    }

    /** Creates the missing ones; returns the names it created. */
    public static List<String> create(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = Topics.all().stream().filter(spec -> !existing.contains(spec.name()))
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
