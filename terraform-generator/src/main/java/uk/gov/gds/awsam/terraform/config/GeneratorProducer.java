package uk.gov.gds.awsam.terraform.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.runtime.Startup;
import uk.gov.gds.awsam.terraform.domain.TerraformGenerator;

/** Makes the domain's generator from the configuration when the service starts, so bad settings stop it. */
public class GeneratorProducer {

    @Produces
    @Singleton
    @Startup
    TerraformGenerator generator(TerraformConfig config) {
        return new TerraformGenerator(config.settings());
    }
}
