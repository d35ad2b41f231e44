package uk.gov.gds.awsam.request.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Everything request-service can be told, under the prefix {@code request} (environment variables
 * {@code REQUEST_...}, e.g. {@code REQUEST_ALLOWED_EMAIL_DOMAINS}). Authentication is configured with the
 * standard {@code mp.jwt.*} keys; see application.properties and the module README.
 */
@ConfigMapping(prefix = "request")
public interface RequestConfig {

    /** Domains whose emails may request, be admins of an account, or be added to / removed from gds-users. */
    List<String> allowedEmailDomains();

    /** Organisations an account may belong to. */
    List<String> organisations();

    /** Those of {@link #organisations()} that bill by cost centre, so a cost centre code is required. */
    Optional<List<String>> organisationsRequiringCostCentre();

    /** Bodies larger than this are refused with 413 before they are parsed. */
    @WithDefault("16384")
    int maxBodyBytes();

    /** How many people one user-access or user-removal request may name. */
    @WithDefault("50")
    int maxUsersPerRequest();

    /**
     * How many admins one account may trust. Each becomes a principal of the bootstrap role's trust policy,
     * whose size IAM limits (2,048 characters by default).
     */
    @WithDefault("10")
    int maxAdminsPerAccount();

    /**
     * How long a submission waits for the broker's acknowledgement. Must be longer than the producer's
     * {@code delivery.timeout.ms}, so that when it gives up the producer has given up too and nothing can
     * still be published after the 503.
     */
    @WithDefault("PT7S")
    Duration publishTimeout();

    /** The Retry-After of a 503. */
    @WithDefault("PT5S")
    Duration retryAfter();

    /** The group (JWT {@code groups} claim) whose members are engineers: they see every request. */
    @WithDefault("engineer")
    String engineerGroup();

    /** The name of the cookie a browser presents its token in (set by the sign-in page). */
    @WithDefault("awsam_token")
    String tokenCookie();

    /** The ce_source of the events this service publishes. */
    @WithDefault("request-service")
    String source();

    /** Everything about the lifecycle view. */
    Projection projection();

    /** The {@code ~/.aws/config} profile shown for a completed account. */
    AwsConfig awsConfig();

    interface Projection {
        /** How long a read of the topics may take before the poll loop logs and retries. */
        @WithDefault("PT1S")
        Duration pollTimeout();

        /** The window of the lead-time figures exposed as metrics (the dashboard lets people choose). */
        @WithDefault("P30D")
        Duration leadTimeWindow();
    }

    interface AwsConfig {
        /**
         * The gds-users account id, for {@code mfa_serial}. When absent it is read from the ARNs of the
         * users the bootstrap role trusts (RootSecured), which live in gds-users.
         */
        Optional<String> gdsUsersAccountId();

        /** The profile people keep their gds-users credentials in, named as {@code source_profile}. */
        @WithDefault("gds-users")
        String sourceProfile();
    }
}
