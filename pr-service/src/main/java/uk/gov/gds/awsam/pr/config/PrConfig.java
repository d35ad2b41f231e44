package uk.gov.gds.awsam.pr.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * pr-service's configuration (prefix {@code pr}); each key is also an environment variable, e.g.
 * {@code pr.github.token} ← {@code PR_GITHUB_TOKEN}. Secrets (token, App key, webhook secret) are never logged.
 */
@ConfigMapping(prefix = "pr")
public interface PrConfig {

    GitHub github();

    Webhook webhook();

    Repository billing();

    Repository users();

    @WithName("import")
    Import importPr();

    Retry retry();

    Reconcile reconcile();

    /** How long to wait for the broker to acknowledge what pr-service publishes. */
    @WithDefault("30s")
    Duration publishTimeout();

    interface GitHub {
        /** REST API base URL; GitHub Enterprise Server: {@code https://<host>/api/v3}. */
        @WithDefault("https://api.github.com")
        String apiUrl();

        /** A personal or fine-grained access token; or use {@link #app()}. */
        Optional<String> token();

        App app();

        /** Longest a single GitHub call may take. */
        @WithDefault("10s")
        Duration requestTimeout();

        /** How content-creating calls are paced, and how long GitHub's unnamed waits last. */
        Pace pace();
    }

    /**
     * The pacing of content-creating calls (POST, PATCH, PUT, DELETE), shared by every request: GitHub documents
     * at most 80 a minute and 500 an hour, and a second between mutating calls. 0 switches a limit off (the
     * local run's sandbox enforces none); the windows are GitHub's minute and hour, shorter only in tests.
     */
    interface Pace {
        @WithDefault("80")
        int contentPerMinute();

        @WithDefault("500")
        int contentPerHour();

        @WithDefault("1s")
        Duration minInterval();

        @WithDefault("60s")
        Duration minuteWindow();

        @WithDefault("1h")
        Duration hourWindow();

        /** A slot this close is waited for where the call is made; a later one releases the thread until then. */
        @WithDefault("3s")
        Duration inlineWait();

        /** The wait after a secondary rate limit that names no time (GitHub: at least a minute); doubles while it repeats. */
        @WithDefault("60s")
        Duration secondaryWait();

        @WithDefault("15m")
        Duration maxSecondaryWait();

        /** pr-service's own pacing waits shorter than this are not published as RequestWaiting (GitHub's always are). */
        @WithDefault("30s")
        Duration waitNotice();
    }

    interface App {
        Optional<Long> id();

        Optional<Long> installationId();

        /** Path to the App's private key, PEM (PKCS#8 {@code BEGIN PRIVATE KEY} or PKCS#1 {@code BEGIN RSA PRIVATE KEY}). */
        Optional<String> privateKey();
    }

    interface Webhook {
        /** The secret GitHub signs deliveries with ({@code X-Hub-Signature-256}). */
        String secret();

        /** How long a delivery may spend on GitHub calls and the broker before it is answered 503 (GitHub waits 10 s). */
        @WithDefault("7s")
        Duration budget();

        /**
         * The URL GitHub delivers to, {@code https://<pr-service's public address>/webhooks/github}: the preflight finds
         * each repository's webhook by it and pings it. Unset: the preflight cannot check the webhooks.
         */
        Optional<String> publicUrl();
    }

    interface Repository {
        /** owner/name. */
        String name();

        @WithDefault("main")
        String baseBranch();

        Optional<List<String>> labels();

        /** GitHub logins assigned to the pull request. */
        Optional<List<String>> assignees();

        /** GitHub logins asked to review. */
        Optional<List<String>> reviewers();

        /** Team slugs (of the repository's owner organisation) asked to review. */
        Optional<List<String>> teamReviewers();
    }

    interface Import {
        /**
         * The label that makes the follow-up pull requests merge themselves: the import of a created account and the
         * removal of a closed one, which both change nothing in AWS.
         */
        @WithDefault("automerge")
        String label();
    }

    interface Reconcile {
        /** How often the reconciler looks for pull requests concluded without a webhook (also runs at start). */
        @WithDefault("5m")
        String every();
    }

    /** Attempts through GitHub outages (5xx, timeouts): rate limits are waited out, never counted here. */
    interface Retry {
        @WithDefault("8")
        int maxAttempts();

        @WithDefault("2s")
        Duration initialBackoff();

        /** Longest wait between two attempts through an outage. */
        @WithDefault("5m")
        Duration maxBackoff();
    }
}
