package uk.gov.gds.awsam.terraform.config;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.Config;

import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import uk.gov.gds.awsam.terraform.domain.TerraformGenerator;

/** Makes the domain's generator from the configuration when the service starts, so bad settings stop it. */
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
}
