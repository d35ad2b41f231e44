package uk.gov.gds.awsam.terraform.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import uk.gov.gds.awsam.terraform.domain.GeneratorSettings;

/**
 * The configuration of terraform-generator, under {@code terraform.}; each setting can also be given as
 * an environment variable, e.g. {@code TERRAFORM_PARENT_ID} for {@code terraform.parent-id}.
 */
@ConfigMapping(prefix = "terraform")
public interface TerraformConfig {

    /** The repository new accounts go to, as owner/name. */
    @WithDefault("gds/aws-billing-account")
    String billingRepository();

    /** The repository the IAM users of gds-users go to, as owner/name. */
    @WithDefault("gds/aws-users")
    String usersRepository();

    /** The branch pull requests target. */
    @WithDefault("main")
    String baseBranch();

    /** The domain of every new account's root email, {@code aws-root-accounts+<short>@<domain>}. */
    @WithDefault("digital.cabinet-office.gov.uk")
    String rootEmailDomain();

    /** The organisational unit (ou-...) or root (r-...) new accounts are created in. Required. */
    String parentId();

    /** The IAM group every user of gds-users joins. */
    @WithDefault("cross-account-access")
    String usersGroup();

    /** request-service's base URL for people; when set, pull requests link to the request's status page. */
    Optional<String> statusPageBaseUrl();

    /** How publishing an event is retried when the broker or the registry refuses it. */
    PublishRetry publishRetry();

    interface PublishRetry {

        /** Attempts in all, the first included, before the record goes to the dead-letter topic. */
        @WithDefault("6")
        int maxAttempts();

        /** Wait before the second attempt; it doubles (with jitter) up to {@link #maxBackoff()}. */
        @WithDefault("PT1S")
        Duration initialBackoff();

        @WithDefault("PT30S")
        Duration maxBackoff();
    }

    /** The generator's settings, checked: a bad value fails here, naming the setting. */
    default GeneratorSettings settings() {
        return new GeneratorSettings(billingRepository(), usersRepository(), baseBranch(), rootEmailDomain(), parentId(),
                usersGroup(), statusPageBaseUrl());
    }
}
