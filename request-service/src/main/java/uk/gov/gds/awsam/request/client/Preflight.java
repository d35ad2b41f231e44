package uk.gov.gds.awsam.request.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.common.annotation.Identifier;
import uk.gov.gds.awsam.preflight.Finding;
import uk.gov.gds.awsam.preflight.KafkaTopicsCheck;
import uk.gov.gds.awsam.preflight.Report;
import uk.gov.gds.awsam.request.config.RequestConfig;

/**
 * request-service's preflight: the outside systems it depends on, each checked with the service's own settings and
 * credentials: the identity provider, the Kafka topics, the schema registry. Each check waits at most
 * {@link #TIMEOUT} for each answer.
 */
@ApplicationScoped
public class Preflight {

    public static final String SERVICE = "request-service";
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final IdentityProviderCheck identity;
    private final KafkaTopicsCheck kafka;
    private final SchemaRegistryCheck registry;

    public Preflight(RequestConfig config,
            @ConfigProperty(name = "quarkus.oidc.auth-server-url") String issuer,
            @ConfigProperty(name = "quarkus.oidc.client-id") String clientId,
            @ConfigProperty(name = "quarkus.oidc.credentials.secret") String clientSecret,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url") String registryUrl,
            @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.auth.service.token.endpoint") Optional<String> registryTokenEndpoint,
            @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.auth.client.id") Optional<String> registryClientId,
            @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.auth.client.secret") Optional<String> registryClientSecret) {
        this.identity = new IdentityProviderCheck(issuer, clientId, clientSecret, config.identity().emailClaim(),
                config.identity().groupsClaim(), TIMEOUT);
        this.kafka = new KafkaTopicsCheck(kafkaConfig, TIMEOUT);
        Optional<SchemaRegistryCheck.Credentials> credentials = registryTokenEndpoint.isPresent() && registryClientId.isPresent()
                ? Optional.of(new SchemaRegistryCheck.Credentials(registryTokenEndpoint.get(), registryClientId.get(),
                        registryClientSecret.orElse("")))
                : Optional.empty();
        this.registry = new SchemaRegistryCheck(registryUrl, credentials, TIMEOUT);
    }

    public Report run() {
        List<Finding> findings = new ArrayList<>();
        findings.addAll(identity.run());
        findings.addAll(kafka.run());
        findings.addAll(registry.run());
        return new Report(SERVICE, findings);
    }
}
