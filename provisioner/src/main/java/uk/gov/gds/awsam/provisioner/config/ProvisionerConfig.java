package uk.gov.gds.awsam.provisioner.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Everything the provisioner is told, under {@code provisioner.*} (environment: {@code PROVISIONER_*}, e.g.
 * {@code PROVISIONER_AWS_ENDPOINT}). The same code runs against moto and AWS: only the endpoint, region and
 * credentials differ.
 */
@ConfigMapping(prefix = "provisioner")
public interface ProvisionerConfig {

    Aws aws();

    Accounts accounts();

    Users users();

    /** Back-off for throttling, 5xx answers, timeouts and concurrent modifications of AWS. */
    Retry retry();

    /** Where each kind of change must have been reviewed and merged. */
    Repositories repositories();

    /** When a wait on AWS is said on the request's timeline (RequestWaiting). */
    Waiting waiting();

    /** Looking for the bootstrap role of each account after hand-over, until the requesters have replaced it. */
    BootstrapRole bootstrapRole();

    /** Threads that run handlings' passes (AWS calls); waiting handlings hold none. */
    @WithDefault("4")
    int workers();

    /** PEM (X.509 "PUBLIC KEY") of the notifier: initial passwords are sealed to it. */
    Path notifierPublicKey();

    interface Aws {
        /** Region of the STS endpoint and of request signing (Organizations and IAM are global). */
        @WithDefault("eu-west-2")
        String region();

        /** One endpoint for Organizations, IAM and STS (moto, or a stand-in); absent: AWS's own endpoints. */
        Optional<URI> endpoint();

        /** Static credentials (moto); absent: the default credentials provider chain. */
        Optional<String> accessKeyId();

        Optional<String> secretAccessKey();

        /**
         * Role assumed for Organizations and to reach member accounts, e.g.
         * {@code arn:aws:iam::<gds-billing id>:role/org-admin-access}; absent: the base credentials are used.
         */
        Optional<String> organizationsRoleArn();

        /** Role assumed for IAM in gds-users; absent: the base credentials (the provisioner runs in gds-users). */
        Optional<String> gdsUsersRoleArn();

        /** The gds-users account id: trust policies name {@code arn:aws:iam::<id>:user/<email>}. */
        String gdsUsersAccountId();

        @WithDefault("aws-account-management-provisioner")
        String roleSessionName();

        /**
         * Longest one AWS API call may take, retries of the provisioner's own not included. With the retry pass
         * budget it bounds how long a worker thread is held (under Quarkus' 60 s blocked-thread warning).
         */
        @WithDefault("10s")
        Duration apiCallTimeout();
    }

    interface Accounts {
        /** The role CreateAccount makes in each account, assumed for readiness and rewritten to trust the admins. */
        @WithDefault("bootstrap")
        String bootstrapRoleName();

        /**
         * Role assumed in every member account to read its bootstrap trust policy when a user is removed;
         * absent: the audit role.
         */
        Optional<String> trustScanRoleName();

        /**
         * The read-only role the provisioner makes in each account before handing the bootstrap role over:
         * trusted only by the provisioner's own role, allowed iam:GetRole and iam:GetAccountSummary.
         */
        @WithDefault("aws-accounts-audit")
        String auditRoleName();

        /** Who the audit role trusts; absent: the organisations role, or else the provisioner's own identity. */
        Optional<String> auditRoleTrustedPrincipalArn();

        /** Waiting for GetAccountSummary to show root MFA after the engineer seeded it (AWS lags). */
        RootMfaCheck rootMfaCheck();

        /** Account creations in flight at once (AWS allows only a few concurrent CreateAccount requests). */
        @WithDefault("2")
        int maxCreationsInFlight();

        /**
         * The organisational unit (ou-… or the root r-…) an account is moved to before it is closed; absent: closures fail
         * with what to configure.
         */
        Optional<String> suspendedParentId();

        /** Closures in flight (accounts PENDING_CLOSURE) at most; a closure beyond them waits (AWS allows only a few). */
        @WithDefault("3")
        int closuresAtOnce();

        /** Queued closures that wait long: put down (their PrMerged acknowledged) and taken up again by a job. */
        ClosureQueue closureQueue();

        /** Closures AWS takes long to finish: their follow put down (PrMerged acknowledged) and taken up again by the same job. */
        ClosureFollow closureFollow();

        /** Polling of DescribeCreateAccountStatus until SUCCEEDED or FAILED, and of DescribeAccount until a closure is SUSPENDED. */
        Poll createStatusPoll();

        /** Retrying until the bootstrap role of a new account can be assumed (eventual consistency). */
        Poll readiness();

        /**
         * How long the bootstrap role of an adopted account (made by hand) may take to become usable, a role made
         * moments ago propagating; then the request fails with what to do rather than retrying for minutes.
         */
        @WithDefault("60s")
        Duration adoptedReadinessTimeout();

        /** Shown to the engineer for the root sign-in (RootMfaRequested). */
        @WithDefault("https://signin.aws.amazon.com/console")
        String consoleSignInUrl();

        /** Check GetAccountSummary AccountMFAEnabled before trusting the admins; off for emulators that cannot show it. */
        @WithDefault("true")
        boolean verifyRootMfa();

        /** The IAM quota on a role trust policy's length (characters, whitespace excluded). */
        @WithDefault("2048")
        int trustPolicyMaxLength();
    }

    interface Poll {
        @WithDefault("5s")
        Duration initialDelay();

        @WithDefault("60s")
        Duration maxDelay();

        @WithDefault("30m")
        Duration timeout();
    }

    interface RootMfaCheck {
        @WithDefault("5s")
        Duration initialDelay();

        @WithDefault("30s")
        Duration maxDelay();

        @WithDefault("5m")
        Duration timeout();
    }

    interface Users {
        /** Groups in gds-users every new user joins (terraform-generator writes the same group into the user file). */
        @WithDefault("cross-account-access")
        List<String> groups();

        /** Length of generated initial passwords; at least 16. */
        @WithDefault("24")
        int passwordLength();

        /**
         * Delete a removed user's service-specific credentials (CodeCommit, Keyspaces...); off only for emulators
         * without that API (moto).
         */
        @WithDefault("true")
        boolean deleteServiceSpecificCredentials();
    }

    interface Repositories {
        /** Accounts are applied only from merges in this repository (owner/name). */
        @WithDefault("gds/aws-billing-account")
        String billing();

        /** Users are added and removed only from merges in this repository (owner/name). */
        @WithDefault("gds/aws-users")
        String users();
    }

    interface Retry {
        @WithDefault("6")
        int maxAttempts();

        @WithDefault("1s")
        Duration initialBackoff();

        @WithDefault("30s")
        Duration maxBackoff();

        /** A pass that has held its worker thread this long hands it back before its next AWS call. */
        @WithDefault("20s")
        Duration passBudget();

        /** Waiting for AWS to settle: a new principal propagating, EntityTemporarilyUnmodifiable. */
        Settling settling();
    }

    interface Settling {
        @WithDefault("2s")
        Duration initialDelay();

        @WithDefault("30s")
        Duration maxDelay();

        @WithDefault("10m")
        Duration timeout();
    }

    interface BootstrapRole {
        /** From the hand-over (YubikeysReturned) to the first look. */
        @WithDefault("14d")
        Duration checkAfter();

        /** Between looks while the role is there or cannot be seen: the reminder cadence. */
        @WithDefault("7d")
        Duration checkEvery();

        /** How often the scheduled job looks for checks that are due. */
        @WithDefault("1h")
        Duration scanEvery();
    }

    interface Waiting {
        /** A wait on AWS that has lasted this long is announced on the request's timeline (once per wait). */
        @WithDefault("60s")
        Duration announceAfter();
    }

    interface ClosureQueue {
        /**
         * A queued closure waits in place (its PrMerged unacknowledged) at most this long: one queued for longer, or for
         * a time not known, is put down, well within the pr-merged channel's unprocessed-record-max-age (2 h).
         */
        @WithDefault("5m")
        Duration hold();

        /** How often the job looks for queued closures whose wait is over; also when one with no known end is tried again. */
        @WithDefault("1m")
        Duration checkEvery();
    }

    interface ClosureFollow {
        /**
         * A closure AWS accepted is followed in place (its PrMerged unacknowledged) from PENDING_CLOSURE to SUSPENDED at
         * most this long; then it is put down (AccountClosing published, PrMerged acknowledged) and the closure queue's
         * job looks at it every {@code closure-queue.check-every} until SUSPENDED: well within the pr-merged channel's
         * unprocessed-record-max-age (2 h).
         */
        @WithDefault("5m")
        Duration hold();
    }
}
