package uk.gov.gds.awsam.terraform.config;

import java.util.Map;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import io.smallrye.common.annotation.Identifier;
import uk.gov.gds.awsam.events.RequestHistory;
import uk.gov.gds.awsam.terraform.domain.TerraformGenerator;

/**
 * Makes the domain's generator from the configuration when the service starts, so bad settings stop it, and the
 * reader of a request's history its retries use.
 */
public class GeneratorProducer {

    /** In production, before anything else starts: refuses to start naming every setting to fix. */
    void checkProductionSettings(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent start, Config config) {
        if (ConfigUtils.isProfileActive("prod")) {
            ProductionRules.of(config).refuseToStartUnlessAllHold();
        }
    }

    @Produces
    @Singleton
    @Startup
    TerraformGenerator generator(TerraformConfig config) {
        return new TerraformGenerator(config.settings());
    }

    /** The request's RequestSubmitted, read again from its topic for an engineer's retry: the generator keeps no state. */
    @Produces
    @Singleton
    RequestHistory requestHistory(@Identifier("default-kafka-broker") Map<String, Object> kafkaClient,
            @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url") String registryUrl) {
        return new RequestHistory(kafkaClient, registryUrl, "terraform-generator-request-lookup");
    }
}
