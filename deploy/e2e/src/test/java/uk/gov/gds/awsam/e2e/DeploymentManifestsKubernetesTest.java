package uk.gov.gds.awsam.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.testsupport.CatalogueTopics;

/**
 * deploy/k8s/services/<service>.yaml, checked without a cluster: each service module has a KafkaUser that fits
 * the broker of kafka/kafka.yaml and may write exactly what the service publishes, a ConfigMap and a Deployment
 * whose environment the service reads (secrets by reference only), probes and metrics where Quarkus serves them,
 * its own port, bounded memory, and a Service.
 */
class DeploymentManifestsKubernetesTest {

    private static final Path K8S = DeploymentManifestsTest.DEPLOY.resolve("k8s");
    private static final long MEMORY_LIMIT_MAX = 512L * 1024 * 1024;
    /** request-service keeps its view of every request in memory: about 2.8 KB a request (deploy/README.md). */
    private static final long REQUEST_SERVICE_MEMORY_LIMIT_MAX = 1024L * 1024 * 1024;

    /** The service's descriptors by kind (one of each). */
    static Map<String, JsonNode> descriptors(ServiceModule module) throws IOException {
        Path file = K8S.resolve("services/" + module.name + ".yaml");
        assertThat(file).as("descriptors of " + module).isRegularFile();
        Map<String, JsonNode> byKind = new LinkedHashMap<>();
        for (JsonNode document : DeploymentManifestsTest.documents(file)) {
            assertThat(byKind.put(document.path("kind").asText(), document)).as(file + ": one " + document.path("kind").asText()).isNull();
        }
        assertThat(byKind).as(file.toString()).containsKeys("KafkaUser", "ConfigMap", "Deployment", "Service");
        return byKind;
    }

    /** The Strimzi {@code Kafka} resource of kafka/kafka.yaml. */
    static JsonNode kafkaCluster() throws IOException {
        return DeploymentManifestsTest.documents(K8S.resolve("kafka/kafka.yaml")).stream()
                .filter(d -> d.path("kind").asText().equals("Kafka")).findFirst().orElseThrow();
    }

    private static JsonNode container(Map<String, JsonNode> descriptors) {
        JsonNode containers = descriptors.get("Deployment").path("spec").path("template").path("spec").path("containers");
        assertThat(containers.size()).isEqualTo(1);
        return containers.get(0);
    }

    @Test
    void everyServiceModuleIsDeployedAndInTheKustomization() throws IOException {
        List<String> resources = DeploymentManifestsComposeTest.texts(DeploymentManifestsTest.documents(K8S.resolve("kustomization.yaml")).get(0).path("resources"));
        List<String> deployed = new ArrayList<>();
        for (ServiceModule module : ServiceModule.all()) {
            Map<String, JsonNode> descriptors = descriptors(module);
            assertThat(resources).contains("services/" + module.name + ".yaml");
            JsonNode deployment = descriptors.get("Deployment");
            assertThat(deployment.path("metadata").path("name").asText()).isEqualTo(module.name);
            assertThat(deployment.path("spec").path("template").path("metadata").path("labels").path("app.kubernetes.io/name").asText())
                    .isEqualTo(module.name);
            assertThat(descriptors.get("Service").path("spec").path("selector").path("app.kubernetes.io/name").asText()).isEqualTo(module.name);
            assertThat(container(descriptors).path("image").asText()).as(module + ": the image compose builds")
                    .isEqualTo(DeploymentManifestsComposeTest.image(module));
            deployed.add(module.name);
        }
        try (Stream<Path> files = Files.list(K8S.resolve("services"))) {
            assertThat(files.map(f -> f.getFileName().toString().replaceFirst("\\.yaml$", "")))
                    .as("every descriptor file is a service module's").containsExactlyInAnyOrderElementsOf(deployed);
        }
    }

    @Test
    void portsProbesAndMetricsAreWhereEachServiceServesThem() throws IOException {
        for (ServiceModule module : ServiceModule.all()) {
            Map<String, JsonNode> descriptors = descriptors(module);
            JsonNode container = container(descriptors);
            int port = module.httpPort();
            assertThat(container.path("ports").get(0).path("containerPort").asInt()).as(module + " containerPort").isEqualTo(port);
            assertThat(container.path("ports").get(0).path("name").asText()).isEqualTo("http");
            JsonNode servicePort = descriptors.get("Service").path("spec").path("ports").get(0);
            assertThat(servicePort.path("port").asInt()).as(module + " Service port").isEqualTo(port);
            assertThat(servicePort.path("targetPort").asText()).isEqualTo("http");
            assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).as(module.name).isEqualTo("/q/health/ready");
            assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).as(module.name).isEqualTo("/q/health/live");
            for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
                assertThat(container.path(probe).path("httpGet").path("port").asText()).as(module + " " + probe).isEqualTo("http");
            }
            JsonNode annotations = descriptors.get("Deployment").path("spec").path("template").path("metadata").path("annotations");
            assertThat(annotations.path("prometheus.io/scrape").asText()).isEqualTo("true");
            assertThat(annotations.path("prometheus.io/path").asText()).isEqualTo("/q/metrics");
            assertThat(annotations.path("prometheus.io/port").asText()).as(module + " scrape port").isEqualTo(String.valueOf(port));
        }
    }

    /**
     * The internet reaches a service only through its Ingress, over TLS, and only at its own routes, named one by one:
     * never /q/ (health, metrics, OpenAPI) and never everything below /. request-service's Ingress names every
     * top-level route it has (a new page is not forgotten); pr-service's is exactly GitHub's webhook.
     */
    @Test
    void ingressesExposeOnlyTheServicesOwnRoutesOverTls() throws IOException {
        Map<String, List<String>> exposed = new LinkedHashMap<>();
        for (ServiceModule module : ServiceModule.all()) {
            JsonNode ingress = descriptors(module).get("Ingress");
            if (ingress == null) {
                continue;
            }
            Set<String> routes = module.topLevelRoutes();
            Set<String> tlsHosts = new TreeSet<>();
            ingress.path("spec").path("tls").forEach(tls -> tlsHosts.addAll(DeploymentManifestsComposeTest.texts(tls.path("hosts"))));
            List<String> paths = new ArrayList<>();
            Set<String> segments = new TreeSet<>();
            for (JsonNode rule : ingress.path("spec").path("rules")) {
                assertThat(tlsHosts).as(module + ": TLS for " + rule.path("host").asText()).contains(rule.path("host").asText());
                for (JsonNode entry : rule.path("http").path("paths")) {
                    String path = entry.path("path").asText();
                    String type = entry.path("pathType").asText();
                    String what = module + " Ingress " + type + " " + path;
                    assertThat(entry.path("backend").path("service").path("name").asText()).as(what).isEqualTo(module.name);
                    assertThat(entry.path("backend").path("service").path("port").path("name").asText()).as(what).isEqualTo("http");
                    assertThat(type).as(what).isIn("Exact", "Prefix");
                    assertThat(path).as(what).isNotEqualTo("/q").doesNotStartWith("/q/");
                    if (type.equals("Prefix")) {
                        assertThat(path).as(what + ": everything below /").isNotEqualTo("/");
                    }
                    String segment = path.replaceAll("^/+", "").split("/")[0];
                    assertThat(routes).as(what + " is one of its routes").contains(segment);
                    segments.add(segment);
                    paths.add(type + " " + path);
                }
            }
            exposed.put(module.name, paths);
            if (module.name.equals("request-service")) {
                assertThat(segments).as(module + ": every top-level route has its line in the Ingress").isEqualTo(routes);
            }
        }
        assertThat(exposed).containsKeys("request-service", "pr-service");
        // /preflight is called from inside the cluster (deploy/preflight), never through the Ingress
        assertThat(ServiceModule.named("pr-service").topLevelRoutes()).containsExactly("preflight", "webhooks");
        assertThat(exposed.get("pr-service")).as("pr-service: GitHub's webhook and nothing else").containsExactly("Exact /webhooks/github");
    }

    /**
     * The registry takes writes only with a bearer token of the identity provider, under role-based authorization,
     * and holds every new schema version BACKWARD compatible; each service writes with its own client, whose secret
     * comes from its own Secret, and gets its tokens from the provider the registry trusts.
     */
    @Test
    void theRegistryAuthenticatesWritersAndKeepsSchemasBackwardCompatible() throws IOException {
        JsonNode registry = DeploymentManifestsTest.documents(K8S.resolve("registry/apicurio.yaml")).stream()
                .filter(d -> d.path("kind").asText().equals("Deployment")).findFirst().orElseThrow();
        Map<String, String> env = new LinkedHashMap<>();
        registry.path("spec").path("template").path("spec").path("containers").get(0).path("env")
                .forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
        assertThat(env).containsEntry("QUARKUS_OIDC_TENANT_ENABLED", "true")
                .containsEntry("APICURIO_AUTH_ROLE_BASED_AUTHORIZATION", "true")
                .containsEntry("APICURIO_RULES_GLOBAL_COMPATIBILITY", "BACKWARD");
        String issuer = env.get("QUARKUS_OIDC_AUTH_SERVER_URL");
        assertThat(issuer).as("the registry's identity provider").startsWith("https://");
        for (ServiceModule module : ServiceModule.all()) {
            Map<String, JsonNode> environment = environment(module);
            assertThat(environment.get("APICURIO_REGISTRY_AUTH_TOKEN_ENDPOINT")).as(module + ": the registry's token endpoint").isNotNull();
            assertThat(environment.get("APICURIO_REGISTRY_AUTH_TOKEN_ENDPOINT").asText()).as(module + ": a token of the provider the registry trusts")
                    .startsWith(issuer + "/");
            assertThat(environment.get("APICURIO_REGISTRY_AUTH_CLIENT_ID")).as(module + ": its registry client").isNotNull();
            assertThat(environment.get("APICURIO_REGISTRY_AUTH_CLIENT_ID").asText()).isNotBlank();
            JsonNode secret = environment.get("APICURIO_REGISTRY_AUTH_CLIENT_SECRET");
            assertThat(secret).as(module + ": its registry client's secret").isNotNull();
            assertThat(secret.path("valueFrom").path("secretKeyRef").path("name").asText()).as(module + ": from its own Secret")
                    .isEqualTo(module.name + "-registry");
        }
    }

    /**
     * The services that keep state per instance (pr-service: the GitHub rate budget; the provisioner: the cap on
     * creations in flight; the notifier: reminders) run as one instance and are replaced, never rolled: a rolling
     * update would run two side by side for a while. Issue 19 chose this over state shared between instances; the
     * manifest says why, next to the setting. request-service shares what must be unique through its claims topic, so
     * it runs as two and is rolled, never with fewer than two ready; its manifest says why too.
     */
    @Test
    void servicesWithStatePerInstanceRunAsOneAndAreReplacedNotRolled() throws IOException {
        List<String> single = List.of("pr-service", "provisioner", "notifier");
        for (ServiceModule module : ServiceModule.all()) {
            JsonNode spec = descriptors(module).get("Deployment").path("spec");
            if (single.contains(module.name)) {
                assertThat(spec.path("replicas").asInt()).as(module + " replicas").isEqualTo(1);
                assertThat(spec.path("strategy").path("type").asText()).as(module + " update strategy").isEqualTo("Recreate");
                assertThat(Files.readString(K8S.resolve("services/" + module.name + ".yaml"))).as(module + " says why")
                        .contains("One instance, replaced rather than rolled:");
                assertThat(descriptors(module)).as(module + ": a disruption budget would hold a node's drain forever")
                        .doesNotContainKey("PodDisruptionBudget");
            } else if (module.name.equals("request-service")) {
                assertThat(spec.path("replicas").asInt()).as(module + " replicas").isEqualTo(2);
                assertThat(spec.path("strategy").path("type").asText()).as(module + " update strategy").isEqualTo("RollingUpdate");
                assertThat(spec.path("strategy").path("rollingUpdate").path("maxUnavailable").asInt(-1))
                        .as(module + " keeps both while rolling").isZero();
                assertThat(Files.readString(K8S.resolve("services/" + module.name + ".yaml"))).as(module + " says why")
                        .contains("Two instances, rolled one at a time: safe side by side since");
                JsonNode selector = spec.path("selector").path("matchLabels");
                JsonNode budget = descriptors(module).get("PodDisruptionBudget");
                assertThat(budget).as(module + ": a drain evicts one of the two at a time").isNotNull();
                assertThat(budget.path("spec").path("minAvailable").asInt()).as(module + " disruption budget").isEqualTo(1);
                assertThat(budget.path("spec").path("selector").path("matchLabels")).as(module + " budget's pods").isEqualTo(selector);
                JsonNode spread = spec.path("template").path("spec").path("topologySpreadConstraints");
                assertThat(spread).as(module + ": the two spread over nodes").singleElement().satisfies(constraint -> {
                    assertThat(constraint.path("topologyKey").asText()).isEqualTo("kubernetes.io/hostname");
                    assertThat(constraint.path("labelSelector").path("matchLabels")).isEqualTo(selector);
                });
            } else {
                assertThat(spec.path("replicas").asInt()).as(module + " replicas").isPositive();
            }
        }
        assertThat(ServiceModule.all().stream().map(m -> m.name)).containsAll(single).contains("request-service");
    }

    @Test
    void memoryIsRequestedAndBounded() throws IOException {
        for (ServiceModule module : ServiceModule.all()) {
            JsonNode resources = container(descriptors(module)).path("resources");
            long limit = bytes(resources.path("limits").path("memory").asText());
            long request = bytes(resources.path("requests").path("memory").asText());
            long most = module.name.equals("request-service") ? REQUEST_SERVICE_MEMORY_LIMIT_MAX : MEMORY_LIMIT_MAX;
            assertThat(limit).as(module + " memory limit").isPositive().isLessThanOrEqualTo(most);
            assertThat(request).as(module + " memory request").isPositive().isLessThanOrEqualTo(limit);
        }
    }

    @Test
    void everyEnvironmentVariableOfAServiceIsOneItReads() throws IOException {
        List<String> unread = new ArrayList<>();
        for (ServiceModule module : ServiceModule.all()) {
            for (String variable : environment(module).keySet()) {
                if (!module.readsEnvironmentVariable(variable) && !DeploymentManifestsComposeTest.readByTheImage(variable)) {
                    unread.add(module + ": " + variable);
                }
            }
        }
        assertThat(unread).as("environment variables that no configuration of the service reads").isEmpty();
    }

    @Test
    void secretsAreReferencedNeverWritten() throws IOException {
        for (ServiceModule module : ServiceModule.all()) {
            Map<String, JsonNode> descriptors = descriptors(module);
            JsonNode container = container(descriptors);
            assertThat(texts(container.path("envFrom"), "configMapRef")).as(module + " envFrom")
                    .containsExactly(descriptors.get("ConfigMap").path("metadata").path("name").asText());
            for (JsonNode variable : container.path("env")) {
                String name = variable.path("name").asText();
                assertThat(variable.has("value")).as(module + ": " + name + " has no literal value here").isFalse();
                assertThat(variable.path("valueFrom").path("secretKeyRef").path("name").asText()).as(module + ": " + name + " from a Secret").isNotEmpty();
            }
            descriptors.get("ConfigMap").path("data").fields().forEachRemaining(entry -> {
                if (ServiceModule.SECRET_NAME.matcher(entry.getKey()).matches()) {
                    assertThat(mountedFromSecret(descriptors, entry.getValue().asText())).as(module + ": " + entry.getKey()
                            + " in a ConfigMap may only name a file mounted from a Secret").isNotNull();
                }
                if (entry.getValue().asText().replaceFirst("^file:", "").startsWith("/etc/")) {
                    assertThat(mountedFromSecret(descriptors, entry.getValue().asText())).as(module + ": " + entry.getKey() + " names a mounted file")
                            .isNotNull();
                }
            });
        }
    }

    @Test
    void everyServiceHasAKafkaIdentityThatFitsTheBroker() throws IOException {
        JsonNode kafka = kafkaCluster();
        String cluster = kafka.path("metadata").path("name").asText();
        JsonNode listener = kafka.path("spec").path("kafka").path("listeners").get(0);
        String authentication = listener.path("authentication").path("type").asText();
        String authorization = kafka.path("spec").path("kafka").path("authorization").path("type").asText();
        assertThat(authentication).as("kafka.yaml listener authentication").isEqualTo("scram-sha-512");
        for (ServiceModule module : ServiceModule.all()) {
            Map<String, JsonNode> descriptors = descriptors(module);
            JsonNode user = descriptors.get("KafkaUser");
            assertThat(user.path("metadata").path("name").asText()).isEqualTo(module.name);
            assertThat(user.path("metadata").path("labels").path("strimzi.io/cluster").asText()).isEqualTo(cluster);
            assertThat(user.path("spec").path("authentication").path("type").asText()).as(module.name).isEqualTo(authentication);
            assertThat(user.path("spec").path("authorization").path("type").asText()).as(module.name).isEqualTo(authorization);

            JsonNode config = descriptors.get("ConfigMap").path("data");
            assertThat(config.path("KAFKA_BOOTSTRAP_SERVERS").asText()).as(module.name)
                    .isEqualTo(cluster + "-kafka-bootstrap:" + listener.path("port").asInt());
            assertThat(config.path("KAFKA_SECURITY_PROTOCOL").asText()).as(module.name)
                    .isEqualTo(listener.path("tls").asBoolean() ? "SASL_SSL" : "SASL_PLAINTEXT");
            assertThat(config.path("KAFKA_SASL_MECHANISM").asText()).as(module.name).isEqualTo(authentication.toUpperCase(Locale.ROOT));
            if (listener.path("tls").asBoolean()) {
                assertThat(mountedFromSecret(descriptors, config.path("KAFKA_SSL_TRUSTSTORE_LOCATION").asText()))
                        .as(module + ": the cluster CA").isEqualTo(cluster + "-cluster-ca-cert");
            }
            JsonNode jaas = envNamed(container(descriptors), "KAFKA_SASL_JAAS_CONFIG");
            assertThat(jaas).as(module + ": KAFKA_SASL_JAAS_CONFIG").isNotNull();
            assertThat(jaas.path("valueFrom").path("secretKeyRef").path("name").asText()).as(module + ": the KafkaUser's Secret").isEqualTo(module.name);
            assertThat(jaas.path("valueFrom").path("secretKeyRef").path("key").asText()).isEqualTo("sasl.jaas.config");
        }
    }

    /**
     * The engineers' agent reaches the broker from a laptop: an external listener with TLS and SCRAM, and per
     * engineer a KafkaUser that reads the root-MFA topics, failures and retries, AccountClosed and RootMfaRemoved, and writes exactly the events
     * the agent publishes (nothing by prefix).
     */
    @Test
    void theYubikeyAgentHasAnExternalListenerAndUsersThatWriteOnlyWhatItPublishes() throws IOException {
        JsonNode kafka = kafkaCluster();
        JsonNode external = null;
        for (JsonNode listener : kafka.path("spec").path("kafka").path("listeners")) {
            if (!listener.path("type").asText().equals("internal")) {
                external = listener;
            }
        }
        assertThat(external).as("kafka.yaml: a listener the agent can reach from outside the cluster").isNotNull();
        assertThat(external.path("tls").asBoolean()).as("external listener TLS").isTrue();
        assertThat(external.path("authentication").path("type").asText()).isEqualTo("scram-sha-512");

        List<JsonNode> users = DeploymentManifestsTest.documents(K8S.resolve("kafka/yubikey-agent-users.yaml"));
        assertThat(users).isNotEmpty();
        Set<String> agentWrites = Set.of(EventType.ROOT_MFA_SEEDED.topic(),
                EventType.YUBIKEYS_RETURNED.topic(), EventType.RETRY_REQUESTED.topic(), EventType.ROOT_MFA_REMOVED.topic());
        Set<String> agentReads = Set.of(EventType.ROOT_MFA_REQUESTED.topic(),
                EventType.ROOT_MFA_SEEDED.topic(), EventType.ROOT_SECURED.topic(),
                EventType.YUBIKEYS_RETURNED.topic(), EventType.REQUEST_FAILED.topic(), EventType.RETRY_REQUESTED.topic(),
                EventType.ACCOUNT_CLOSED.topic(), EventType.ROOT_MFA_REMOVED.topic());
        for (JsonNode user : users) {
            String name = user.path("metadata").path("name").asText();
            assertThat(user.path("kind").asText()).isEqualTo("KafkaUser");
            assertThat(user.path("metadata").path("labels").path("strimzi.io/cluster").asText()).isEqualTo(kafka.path("metadata").path("name").asText());
            assertThat(user.path("spec").path("authentication").path("type").asText()).as(name).isEqualTo("scram-sha-512");
            Set<String> writes = new TreeSet<>();
            Set<String> reads = new TreeSet<>();
            for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
                JsonNode resource = acl.path("resource");
                assertThat(resource.path("type").asText()).as(name + ": topics only (the agent joins no group)").isEqualTo("topic");
                assertThat(resource.path("patternType").asText()).as(name + ": topic by topic").isEqualTo("literal");
                List<String> operations = DeploymentManifestsComposeTest.texts(acl.path("operations"));
                if (operations.contains("Write")) {
                    writes.add(resource.path("name").asText());
                }
                if (operations.contains("Read")) {
                    reads.add(resource.path("name").asText());
                }
            }
            assertThat(writes).as(name + " may write").isEqualTo(agentWrites);
            assertThat(reads).as(name + " may read").isEqualTo(agentReads);
        }
    }

    @Test
    void eachKafkaUserMayWriteExactlyWhatItsServicePublishesAndReadWhatItConsumes() throws IOException {
        for (ServiceModule module : ServiceModule.all()) {
            JsonNode acls = descriptors(module).get("KafkaUser").path("spec").path("authorization").path("acls");
            Set<String> writes = new TreeSet<>();
            List<String> readPrefixes = new ArrayList<>();
            List<String> groupPrefixes = new ArrayList<>();
            for (JsonNode acl : acls) {
                JsonNode resource = acl.path("resource");
                List<String> operations = DeploymentManifestsComposeTest.texts(acl.path("operations"));
                String name = resource.path("name").asText();
                boolean prefix = resource.path("patternType").asText().equals("prefix");
                if (resource.path("type").asText().equals("topic") && operations.contains("Write")) {
                    assertThat(prefix).as(module + ": writes are granted topic by topic").isFalse();
                    writes.add(name);
                } else if (resource.path("type").asText().equals("topic") && operations.contains("Read")) {
                    readPrefixes.add(prefix ? name : name + "\u0000");
                } else if (resource.path("type").asText().equals("group") && operations.contains("Read")) {
                    groupPrefixes.add(prefix ? name : name + "\u0000");
                }
            }
            assertThat(writes).as(module + ": topics it may write = topics it publishes (outgoing channels, dead letters)")
                    .isEqualTo(module.publishedTopics());
            assertThat(CatalogueTopics.names()).containsAll(writes);
            for (Map.Entry<String, String> consumed : module.consumedTopics().entrySet()) {
                assertThat(readPrefixes).as(module + " reads " + consumed.getValue())
                        .anyMatch(p -> (consumed.getValue() + "\u0000").startsWith(p));
                String strategy = module.channelValues("incoming", "failure-strategy").get(consumed.getKey());
                if ("dead-letter-queue".equals(strategy)) {
                    assertThat(module.channelValues("incoming", "dead-letter-queue.topic")).as(module + ": channel " + consumed.getKey()
                            + " names its dead-letter topic, so that its KafkaUser can be granted it").containsKey(consumed.getKey());
                }
                String group = module.resolve(module.channelValues("incoming", "group.id").getOrDefault(consumed.getKey(), module.name));
                assertThat(groupPrefixes).as(module + " uses group " + group).anyMatch(p -> (group + "\u0000").startsWith(p));
            }
        }
    }

    /** The environment a service's container gets: its ConfigMap's keys and its env entries. */
    static Map<String, JsonNode> environment(ServiceModule module) throws IOException {
        Map<String, JsonNode> descriptors = descriptors(module);
        Map<String, JsonNode> environment = new LinkedHashMap<>();
        descriptors.get("ConfigMap").path("data").fields().forEachRemaining(e -> environment.put(e.getKey(), e.getValue()));
        container(descriptors).path("env").forEach(e -> environment.put(e.path("name").asText(), e));
        return environment;
    }

    private static JsonNode envNamed(JsonNode container, String name) {
        for (JsonNode variable : container.path("env")) {
            if (variable.path("name").asText().equals(name)) {
                return variable;
            }
        }
        return null;
    }

    /** The Secret a file path (or file: URL) is mounted from, or null when no Secret volume holds it. */
    private static String mountedFromSecret(Map<String, JsonNode> descriptors, String path) {
        String file = path.replaceFirst("^file:", "");
        JsonNode pod = descriptors.get("Deployment").path("spec").path("template").path("spec");
        for (JsonNode mount : container(descriptors).path("volumeMounts")) {
            if (file.startsWith(mount.path("mountPath").asText() + "/")) {
                for (JsonNode volume : pod.path("volumes")) {
                    if (volume.path("name").asText().equals(mount.path("name").asText()) && volume.has("secret")) {
                        String key = file.substring(mount.path("mountPath").asText().length() + 1);
                        JsonNode items = volume.path("secret").path("items");
                        if (items.isMissingNode() || items.findValuesAsText("path").contains(key)) {
                            return volume.path("secret").path("secretName").asText();
                        }
                    }
                }
            }
        }
        return null;
    }

    private static List<String> texts(JsonNode array, String refField) {
        List<String> names = new ArrayList<>();
        array.forEach(node -> names.add(node.path(refField).path("name").asText()));
        return names;
    }

    static long bytes(String quantity) {
        var matcher = java.util.regex.Pattern.compile("(\\d+)(Ki|Mi|Gi|k|M|G)?").matcher(quantity);
        assertThat(matcher.matches()).as("memory quantity " + quantity).isTrue();
        long value = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "" : matcher.group(2);
        return value * switch (unit) {
            case "Ki" -> 1024L;
            case "Mi" -> 1024L * 1024;
            case "Gi" -> 1024L * 1024 * 1024;
            case "k" -> 1000L;
            case "M" -> 1000L * 1000;
            case "G" -> 1000L * 1000 * 1000;
            default -> 1L;
        };
    }
}
