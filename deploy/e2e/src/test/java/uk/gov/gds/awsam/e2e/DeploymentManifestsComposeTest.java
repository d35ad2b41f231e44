package uk.gov.gds.awsam.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import uk.gov.gds.awsam.events.InternalTopic;
import uk.gov.gds.awsam.testsupport.CatalogueTopics;

/**
 * deploy/docker-compose.yml and deploy/docker/Dockerfile.jvm, checked without a Docker engine: the topics are the
 * catalogue's, each service is built from the one Dockerfile with its own port, reads every environment variable
 * it is given, gets its secrets only by reference, and starts after what it needs is healthy.
 */
class DeploymentManifestsComposeTest {

    private static final Path DEPLOY = DeploymentManifestsTest.DEPLOY;
    private static final Path COMPOSE = DEPLOY.resolve("docker-compose.yml");
    private static final Path DOCKERFILE = DEPLOY.resolve("docker/Dockerfile.jvm");
    private static final Pattern TOPIC_NAME = Pattern.compile("aws-accounts\\.[a-z][a-z0-9.-]*[a-z0-9]");

    static JsonNode compose() throws IOException {
        return DeploymentManifestsTest.documents(COMPOSE).get(0);
    }

    @Test
    void theTopicsCreatedAreExactlyTheCatalogueTopicsAndTheInternalOnesAreCompacted() throws IOException {
        JsonNode environment = compose().path("services").path("topics").path("environment");
        List<String> all = words(environment.path("TOPICS").asText());
        List<String> compacted = words(environment.path("COMPACTED_TOPICS").asText());
        all.addAll(compacted);
        assertThat(all).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(CatalogueTopics.names());
        assertThat(compacted).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(InternalTopic.values()).map(InternalTopic::topic).toList());
        assertThat(compose().path("services").path("topics").path("command").toString())
                .contains("cleanup.policy=compact").contains("$$COMPACTED_TOPICS").contains("$$TOPICS");
    }

    @Test
    void everyTopicTheFileSpellsIsACatalogueTopic() {
        Matcher spelled = TOPIC_NAME.matcher(ServiceModule.read(COMPOSE));
        Set<String> named = new TreeSet<>();
        while (spelled.find()) {
            named.add(spelled.group());
        }
        assertThat(named).isNotEmpty();
        assertThat(CatalogueTopics.names()).containsAll(named);
    }

    @Test
    void everyServiceModuleIsAComposeServiceBuiltFromTheOneDockerfileWithItsOwnPort() throws IOException {
        JsonNode services = compose().path("services");
        for (ServiceModule module : ServiceModule.all()) {
            JsonNode service = services.path(module.name);
            assertThat(service.isMissingNode()).as("compose service " + module).isFalse();
            JsonNode build = service.path("build");
            assertThat(DEPLOY.resolve(build.path("context").asText()).normalize()).as(module + " build context").isEqualTo(ServiceModule.ROOT);
            assertThat(ServiceModule.ROOT.resolve(build.path("dockerfile").asText())).as(module + " dockerfile").isEqualTo(DOCKERFILE);
            assertThat(build.path("args").path("SERVICE").asText()).as(module + " SERVICE").isEqualTo(module.name);
            assertThat(build.path("args").path("PORT").asText()).as(module + " PORT").isEqualTo(String.valueOf(module.httpPort()));
            List<String> published = new ArrayList<>();
            service.path("ports").forEach(port -> published.add(port.asText()));
            assertThat(published).as(module + " ports").containsExactly("127.0.0.1:" + module.httpPort() + ":" + module.httpPort());
            assertThat(service.path("image").asText()).as(module + " image").isEqualTo(image(module));
            assertThat(service.path("mem_limit").asText()).as(module + " mem_limit").isNotEmpty();
        }
    }

    @Test
    void everyServiceIsHealthCheckedOnReadinessAndStartsAfterTheBrokerTheTopicsAndTheRegistry() throws IOException {
        JsonNode services = compose().path("services");
        for (ServiceModule module : ServiceModule.all()) {
            JsonNode service = services.path(module.name);
            assertThat(texts(service.path("healthcheck").path("test"))).as(module + " healthcheck").containsExactly("CMD", "health", "ready");
            assertThat(startsAfter(services, module.name)).as(module + " depends_on, transitively")
                    .contains("kafka", "topics", "apicurio-registry");
        }
        assertThat(ServiceModule.read(DEPLOY.resolve("docker/health"))).contains("/q/health/%s").contains("QUARKUS_HTTP_PORT");
    }

    @Test
    void everyDependencyWaitsForHealthOrCompletionOfSomethingThatReportsIt() throws IOException {
        JsonNode services = compose().path("services");
        services.fields().forEachRemaining(entry -> entry.getValue().path("depends_on").fields().forEachRemaining(dependency -> {
            String condition = dependency.getValue().path("condition").asText();
            JsonNode target = services.path(dependency.getKey());
            String what = entry.getKey() + " → " + dependency.getKey();
            assertThat(target.isMissingNode()).as(what).isFalse();
            assertThat(condition).as(what).isIn("service_healthy", "service_completed_successfully");
            if (condition.equals("service_healthy")) {
                assertThat(target.path("healthcheck").path("test").isMissingNode()).as(what + " has a healthcheck").isFalse();
            } else {
                assertThat(target.path("restart").asText()).as(what + " runs once").isEqualTo("no");
            }
        }));
    }

    @Test
    void everyEnvironmentVariableGivenToAServiceIsOneItReads() throws IOException {
        List<String> unread = new ArrayList<>();
        for (ServiceModule module : ServiceModule.all()) {
            for (String variable : environment(module).keySet()) {
                if (!module.readsEnvironmentVariable(variable) && !readByTheImage(variable)) {
                    unread.add(module + ": " + variable);
                }
            }
        }
        assertThat(unread).as("environment variables that no configuration of the service reads").isEmpty();
    }

    @Test
    void secretsAreReferencesNeverValuesAndTheirFilesStayOutOfGit() throws IOException {
        JsonNode compose = compose();
        for (ServiceModule module : ServiceModule.all()) {
            JsonNode service = compose.path("services").path(module.name);
            service.path("environment").fields().forEachRemaining(variable -> {
                if (ServiceModule.SECRET_NAME.matcher(variable.getKey()).matches()) {
                    assertThat(variable.getValue().asText()).as(module + ": " + variable.getKey() + " must be a /run/secrets file")
                            .startsWith("/run/secrets/");
                }
                if (variable.getValue().asText().startsWith("/run/secrets/")) {
                    assertThat(texts(service.path("secrets"))).as(module + " mounts the secret " + variable.getKey() + " names")
                            .contains(variable.getValue().asText().substring("/run/secrets/".length()));
                }
            });
            for (String secret : texts(service.path("secrets"))) {
                String file = compose.path("secrets").path(secret).path("file").asText();
                assertThat(file).as("secret " + secret + " is a file under deploy/secrets").startsWith("secrets/");
            }
            for (Path example : envFileExamples(service)) {
                for (String line : Files.readAllLines(example)) {
                    if (!line.isBlank() && !line.startsWith("#")) {
                        assertThat(line).as(example + ": a template, no value").endsWith("=");
                    }
                }
            }
        }
        assertThat(Files.readAllLines(DEPLOY.resolve("secrets/.gitignore"))).contains("*", "!*.example");
    }

    /**
     * The registry takes writes only with the identity provider's bearer tokens (unless a sandbox turns it off) and
     * holds new schema versions BACKWARD compatible; every service is given its registry client, the secret from its
     * env_file.
     */
    @Test
    void theRegistryAuthenticatesWritersAndEveryServiceHasItsRegistryClient() throws IOException {
        JsonNode registry = compose().path("services").path("apicurio-registry").path("environment");
        assertThat(registry.path("QUARKUS_OIDC_TENANT_ENABLED").asText()).as("authentication, on unless turned off").endsWith(":-true}");
        assertThat(registry.path("APICURIO_RULES_GLOBAL_COMPATIBILITY").asText()).isEqualTo("BACKWARD");
        for (ServiceModule module : ServiceModule.all()) {
            Map<String, String> environment = environment(module);
            assertThat(environment).as(module + ": its registry client").containsKeys("APICURIO_REGISTRY_AUTH_TOKEN_ENDPOINT",
                    "APICURIO_REGISTRY_AUTH_CLIENT_ID", "APICURIO_REGISTRY_AUTH_CLIENT_SECRET");
            assertThat(compose().path("services").path(module.name).path("environment").has("APICURIO_REGISTRY_AUTH_CLIENT_SECRET"))
                    .as(module + ": the client's secret from its env_file only").isFalse();
        }
    }

    @Test
    void everySettingTheFileTakesFromOutsideIsDocumentedInTheEnvTemplate() throws IOException {
        Matcher reference = Pattern.compile("(?<!\\$)\\$\\{([A-Z][A-Z0-9_]*)").matcher(ServiceModule.read(COMPOSE));
        Set<String> taken = new TreeSet<>();
        while (reference.find()) {
            taken.add(reference.group(1));
        }
        compose().path("services").fields().forEachRemaining(service -> service.getValue().path("environment").fields()
                .forEachRemaining(variable -> {
                    if (variable.getValue().isNull()) {
                        taken.add(variable.getKey());
                    }
                }));
        Set<String> documented = new HashSet<>();
        for (String line : Files.readAllLines(DEPLOY.resolve(".env.example"))) {
            if (line.contains("=") && !line.startsWith("#")) {
                documented.add(line.substring(0, line.indexOf('=')));
            }
        }
        assertThat(documented).containsAll(taken);
    }

    @Test
    void theDockerfileIsOneForEveryServiceRunsAsAnUnprivilegedUserAndChecksItsHealth() {
        String dockerfile = ServiceModule.read(DOCKERFILE);
        assertThat(dockerfile).containsPattern("(?m)^FROM eclipse-temurin:17-jre")
                .containsPattern("(?m)^ARG SERVICE$").containsPattern("(?m)^ARG PORT$")
                .contains("COPY ${SERVICE}/target/quarkus-app/lib/", "COPY ${SERVICE}/target/quarkus-app/*.jar",
                        "COPY ${SERVICE}/target/quarkus-app/app/", "COPY ${SERVICE}/target/quarkus-app/quarkus/")
                .containsPattern("(?m)^EXPOSE \\$\\{PORT}$")
                .containsPattern("(?m)^HEALTHCHECK .*CMD \\[\"health\", \"ready\"]$")
                .contains("quarkus-run.jar");
        Matcher user = Pattern.compile("(?m)^USER (\\S+)$").matcher(dockerfile);
        assertThat(user.find()).as("a USER line").isTrue();
        assertThat(user.group(1)).doesNotStartWith("0").doesNotStartWith("root");
        // The image's own environment: read by every service (the Quarkus HTTP settings) or by its entrypoint.
        Matcher env = Pattern.compile("(?m)^(?:ENV |\\s+)([A-Z_]+)=").matcher(dockerfile);
        List<String> variables = new ArrayList<>();
        while (env.find()) {
            variables.add(env.group(1));
        }
        assertThat(variables).isNotEmpty();
        for (ServiceModule module : ServiceModule.all()) {
            for (String variable : variables) {
                assertThat(module.readsEnvironmentVariable(variable) || readByTheImage(variable)).as(module + " reads " + variable).isTrue();
            }
        }
    }

    /** JAVA_OPTS is read by the image's entrypoint, not by the service's configuration. */
    static boolean readByTheImage(String variable) {
        return variable.equals("JAVA_OPTS") && ServiceModule.read(DOCKERFILE).contains("exec java $JAVA_OPTS -jar");
    }

    static String image(ServiceModule module) {
        return "aws-accounts/" + module.name + ":1.0.0-SNAPSHOT";
    }

    /** The service's environment: its environment entries and the names in the templates of its env_files. */
    static Map<String, String> environment(ServiceModule module) throws IOException {
        JsonNode service = compose().path("services").path(module.name);
        Map<String, String> environment = new LinkedHashMap<>();
        service.path("environment").fields().forEachRemaining(e -> environment.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
        for (Path example : envFileExamples(service)) {
            for (String line : Files.readAllLines(example)) {
                if (line.contains("=") && !line.startsWith("#")) {
                    environment.put(line.substring(0, line.indexOf('=')), null);
                }
            }
        }
        return environment;
    }

    /** Each env_file's checked-in template, {@code <file>.example}, which must exist. */
    private static List<Path> envFileExamples(JsonNode service) {
        List<Path> examples = new ArrayList<>();
        for (String file : texts(service.path("env_file"))) {
            Path example = DEPLOY.resolve(file + ".example");
            assertThat(example).as("template of env_file " + file).isRegularFile();
            examples.add(example);
        }
        return examples;
    }

    private static Set<String> startsAfter(JsonNode services, String name) {
        Set<String> seen = new HashSet<>();
        Deque<String> queue = new ArrayDeque<>(List.of(name));
        while (!queue.isEmpty()) {
            services.path(queue.pop()).path("depends_on").fieldNames().forEachRemaining(dependency -> {
                if (seen.add(dependency)) {
                    queue.push(dependency);
                }
            });
        }
        return seen;
    }

    static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static List<String> words(String text) {
        return new ArrayList<>(Arrays.asList(text.trim().split("\\s+")));
    }
}
