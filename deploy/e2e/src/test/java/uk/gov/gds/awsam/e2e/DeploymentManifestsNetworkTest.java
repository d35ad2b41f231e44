package uk.gov.gds.awsam.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * deploy/k8s's NetworkPolicies, checked without a cluster: the namespace takes no connection a policy does not let
 * in; a service's pods take connections only on their http port, from Prometheus' namespace and, for the two with
 * an Ingress, the ingress controller's; the registry and Kafka's internal listener only from the system's own pods.
 * (Whether a network plugin enforces them is the cluster's; no cluster here.)
 */
class DeploymentManifestsNetworkTest {

    private static final Path K8S = DeploymentManifestsTest.DEPLOY.resolve("k8s");
    private static final String INGRESS_CONTROLLER = "ingress-nginx";
    private static final String PROMETHEUS = "monitoring";
    private static final String NAMESPACE_NAME = "kubernetes.io/metadata.name";
    private static final String PART_OF = "app.kubernetes.io/part-of";

    @Test
    void theNamespaceDeniesEveryConnectionNoPolicyLetsIn() throws IOException {
        List<String> resources = DeploymentManifestsComposeTest.texts(
                DeploymentManifestsTest.documents(K8S.resolve("kustomization.yaml")).get(0).path("resources"));
        assertThat(resources).contains("network-policies.yaml");
        List<JsonNode> policies = DeploymentManifestsTest.documents(K8S.resolve("network-policies.yaml"));
        assertThat(policies).singleElement().satisfies(deny -> {
            assertThat(deny.path("kind").asText()).isEqualTo("NetworkPolicy");
            assertThat(deny.path("spec").path("podSelector").isEmpty()).as("every pod of the namespace").isTrue();
            assertThat(DeploymentManifestsComposeTest.texts(deny.path("spec").path("policyTypes"))).containsExactly("Ingress");
            assertThat(deny.path("spec").path("ingress").isEmpty()).as("lets nothing in").isTrue();
        });
    }

    @Test
    void eachServiceTakesConnectionsOnlyOnItsPortFromPrometheusAndItsIngressController() throws IOException {
        for (ServiceModule module : ServiceModule.all()) {
            Map<String, JsonNode> descriptors = DeploymentManifestsKubernetesTest.descriptors(module);
            JsonNode policy = descriptors.get("NetworkPolicy");
            assertThat(policy).as(module + ": a NetworkPolicy").isNotNull();
            JsonNode deployment = descriptors.get("Deployment").path("spec");
            assertThat(policy.path("spec").path("podSelector").path("matchLabels")).as(module + ": its own pods")
                    .isEqualTo(deployment.path("selector").path("matchLabels"));
            assertThat(DeploymentManifestsComposeTest.texts(policy.path("spec").path("policyTypes"))).containsExactly("Ingress");
            assertThat(deployment.path("template").path("metadata").path("labels").path(PART_OF).asText())
                    .as(module + ": labelled as the system's, so the registry and Kafka let it in").isEqualTo("aws-accounts");
            Set<String> namespaces = new TreeSet<>();
            for (JsonNode rule : policy.path("spec").path("ingress")) {
                assertThat(onlyHttp(rule)).as(module + ": only its http port").isTrue();
                for (JsonNode peer : rule.path("from")) {
                    assertThat(fieldNames(peer)).as(module + ": a namespace, never a pod or address range").containsExactly("namespaceSelector");
                    namespaces.add(peer.path("namespaceSelector").path("matchLabels").path(NAMESPACE_NAME).asText());
                }
                assertThat(rule.path("from").isEmpty()).as(module + ": a rule without peers lets everyone in").isFalse();
            }
            Set<String> expected = descriptors.containsKey("Ingress") ? Set.of(INGRESS_CONTROLLER, PROMETHEUS) : Set.of(PROMETHEUS);
            assertThat(namespaces).as(module + " is reached from").isEqualTo(expected);
        }
    }

    @Test
    void theRegistryAndKafkasInternalListenerTakeConnectionsOnlyFromTheSystemsPods() throws IOException {
        JsonNode registry = DeploymentManifestsTest.documents(K8S.resolve("registry/apicurio.yaml")).stream()
                .filter(d -> d.path("kind").asText().equals("NetworkPolicy")).findFirst().orElseThrow();
        assertThat(registry.path("spec").path("podSelector").path("matchLabels").path("app.kubernetes.io/name").asText())
                .isEqualTo("apicurio-registry");
        assertThat(registry.path("spec").path("ingress")).singleElement().satisfies(rule -> {
            assertThat(onlyHttp(rule)).isTrue();
            assertThat(rule.path("from")).singleElement().satisfies(peer -> {
                assertThat(fieldNames(peer)).as("pods of this namespace").containsExactly("podSelector");
                assertThat(peer.path("podSelector").path("matchLabels").path(PART_OF).asText()).isEqualTo("aws-accounts");
            });
        });
        JsonNode kafka = DeploymentManifestsKubernetesTest.kafkaCluster();
        for (JsonNode listener : kafka.path("spec").path("kafka").path("listeners")) {
            JsonNode peers = listener.path("networkPolicyPeers");
            if (listener.path("type").asText().equals("internal")) {
                assertThat(peers).as("listener " + listener.path("name").asText()).singleElement().satisfies(peer ->
                        assertThat(peer.path("podSelector").path("matchLabels").path(PART_OF).asText()).isEqualTo("aws-accounts"));
            } else {
                assertThat(peers.isEmpty()).as("the external listener: engineers' laptops, from anywhere").isTrue();
            }
        }
    }

    private static boolean onlyHttp(JsonNode rule) {
        JsonNode ports = rule.path("ports");
        return ports.size() == 1 && ports.get(0).path("port").asText().equals("http")
                && ports.get(0).path("protocol").asText("TCP").equals("TCP");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
