package uk.gov.gds.awsam.request.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Everything request-service can be told, under the prefix {@code request} (environment variables
 * {@code REQUEST_...}, e.g. {@code REQUEST_ALLOWED_EMAIL_DOMAINS}). The identity provider itself (issuer, client,
 * secret) is configured with the standard {@code quarkus.oidc.*} keys; see application.properties and the README.
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

    /** The group (in {@link Identity#groupsClaim()}) whose members are engineers: they see every request. */
    @WithDefault("engineer")
    String engineerGroup();

    /** Who a person is, from their identity provider's token. */
    Identity identity();

    /** The ce_source of the events this service publishes. */
    @WithDefault("request-service")
    String source();

    /** Everything about the lifecycle view. */
    Projection projection();

    /** The {@code ~/.aws/config} profile shown for a completed account. */
    AwsConfig awsConfig();

    /** AWS Organizations, read only (ListAccounts, DescribeOrganization), where a closure request finds its account. */
    Aws aws();

    /** Identity providers differ: which claims say who a person is and what they may do. */
    interface Identity {
        /** The claim holding the person's email (Entra may carry it in {@code preferred_username} or {@code upn}). */
        @WithDefault("email")
        String emailClaim();

        /** Whether the provider must say {@code email_verified: true}; turn off only for a provider that never says it. */
        @WithDefault("true")
        boolean requireVerifiedEmail();

        /** The claim holding the person's groups; a path such as {@code realm_access/roles} for a nested claim. */
        @WithDefault("groups")
        String groupsClaim();

        /** Engineers named by email, for providers that send no groups (Google). */
        Optional<List<String>> engineerEmails();
    }

    interface Projection {
        /**
         * The view reader's poll: a read barrier (a keyed request's, a status read's) asked while it idles waits for
         * the poll to end, so it is short (it was 1 s, and a keyed request at idle took a second).
         */
        @WithDefault("PT0.1S")
        Duration pollTimeout();

        /** The window of the lead-time figures exposed as metrics (the dashboard lets people choose). */
        @WithDefault("P30D")
        Duration leadTimeWindow();
    }

    /** As the provisioner's {@code provisioner.aws}, read-only: Organizations only. */
    interface Aws {
        /** Region of request signing (Organizations is global). */
        @WithDefault("eu-west-2")
        String region();

        /** The Organizations endpoint (moto, or a stand-in); absent: AWS's own. */
        Optional<java.net.URI> endpoint();

        /** Static credentials (moto); absent: the default credentials provider chain. */
        Optional<String> accessKeyId();

        Optional<String> secretAccessKey();

        /**
         * Role assumed to read the organisation, e.g. {@code arn:aws:iam::<gds-billing id>:role/<read-only role>};
         * absent: the base credentials are used.
         */
        Optional<String> organizationsRoleArn();

        @WithDefault("aws-account-management-request-service")
        String roleSessionName();

        /** Longest one lookup may take, the SDK's standard retries included: a person is waiting for the answer. */
        @WithDefault("10s")
        Duration apiCallTimeout();
    }

    interface AwsConfig {
        /**
         * The gds-users account id, for {@code mfa_serial}, and never closed by a closure request. When absent it is
         * read from the ARNs of the users the bootstrap role trusts (RootSecured), which live in gds-users.
         */
        Optional<String> gdsUsersAccountId();

        /** The profile people keep their gds-users credentials in, named as {@code source_profile}. */
        @WithDefault("gds-users")
        String sourceProfile();
    }
}
