package uk.gov.gds.awsam.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import uk.gov.gds.awsam.events.TopicSpec;
import uk.gov.gds.awsam.events.Topics;

/**
 * The deployment descriptors are checked as far as this machine allows (no cluster, no Docker engine):
 * they parse, and every topic they name is a topic of the catalogue and the other way round. The siblings
 * DeploymentManifests*Test check docker-compose.yml and the Dockerfile, the services' Kubernetes descriptors
 * and the Grafana dashboard against the services' own configuration and code.
 */
class DeploymentManifestsTest {

    static final Path DEPLOY = Path.of("").toAbsolutePath().getParent();
    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void everyYamlFileUnderDeployParses() throws IOException {
        List<Path> files = yamlFiles(DEPLOY);
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            assertThat(documents(file)).as(file.toString()).isNotEmpty();
        }
    }

    @Test
    void everyJsonFileUnderDeployParses() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(DEPLOY)) {
            files = walk.filter(f -> f.toString().endsWith(".json"))
                    .filter(f -> !f.toString().contains("/target/") && !f.toString().contains("/.run/"))
                    .sorted().toList();
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            assertThat(new ObjectMapper().readTree(file.toFile())).as(file.toString()).isNotNull();
        }
    }

    @Test
    void theKustomizationNamesFilesThatExist() throws IOException {
        Path k8s = DEPLOY.resolve("k8s");
        JsonNode kustomization = documents(k8s.resolve("kustomization.yaml")).get(0);
        for (JsonNode resource : kustomization.path("resources")) {
            assertThat(k8s.resolve(resource.asText())).as("kustomization resource").exists();
        }
    }

    @Test
    void theKafkaTopicsAreExactlyTheCatalogueTopicsWithTheSettingsItDeclares() throws IOException {
        Map<String, TopicSpec> catalogue = Topics.all().stream().collect(Collectors.toMap(TopicSpec::name, spec -> spec));
        List<String> declared = new ArrayList<>();
        List<JsonNode> topics = documents(DEPLOY.resolve("k8s/kafka/topics.yaml"));
        for (JsonNode topic : topics) {
            assertThat(topic.path("kind").asText()).isEqualTo("KafkaTopic");
            assertThat(topic.path("metadata").path("labels").path("strimzi.io/cluster").asText()).isEqualTo("aws-accounts");
            String name = topic.path("spec").path("topicName").asText();
            declared.add(name);
            TopicSpec spec = catalogue.get(name);
            assertThat(spec).as("%s is a topic of the catalogue (schemas' Topics)", name).isNotNull();
            assertThat(topic.path("spec").path("partitions").asInt()).as(name + " partitions").isEqualTo(spec.partitions());
            spec.configs().forEach((key, value) -> assertThat(topic.path("spec").path("config").path(key).asText())
                    .as(name + " " + key).isEqualTo(value));
        }
        assertThat(declared).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(Topics.names());
    }

    static List<Path> yamlFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .filter(f -> !f.toString().contains("/target/") && !f.toString().contains("/.run/"))
                    .sorted().toList();
        }
    }

    static List<JsonNode> documents(Path file) throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(file.toFile())) {
            ObjectMapper mapper = YAML;
            var iterator = mapper.readValues(parser, JsonNode.class);
            while (iterator.hasNext()) {
                JsonNode document = iterator.next();
                if (document != null && !document.isMissingNode() && !document.isNull()) {
                    documents.add(document);
                }
            }
        }
        return documents;
    }
}
