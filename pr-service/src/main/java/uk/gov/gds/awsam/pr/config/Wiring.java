package uk.gov.gds.awsam.pr.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.Config;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import uk.gov.gds.awsam.pr.client.GitHubClient;
import uk.gov.gds.awsam.pr.client.GitHubPreflight;
import uk.gov.gds.awsam.pr.domain.Concluding;
import uk.gov.gds.awsam.pr.domain.FollowUpPullRequests;
import uk.gov.gds.awsam.pr.domain.GitHubBudget;
import uk.gov.gds.awsam.pr.domain.GitHubPolicy;
import uk.gov.gds.awsam.pr.domain.ProcessedDeliveries;
import uk.gov.gds.awsam.pr.domain.PullRequestOpening;
import uk.gov.gds.awsam.pr.domain.Publisher;
import uk.gov.gds.awsam.pr.domain.Reconciler;
import uk.gov.gds.awsam.pr.domain.RepositorySettings;
import uk.gov.gds.awsam.pr.domain.RepositorySettings.Repositories;
import uk.gov.gds.awsam.pr.domain.RequestLedger;
import uk.gov.gds.awsam.pr.domain.Retries;
import uk.gov.gds.awsam.pr.domain.WebhookProcessing;
import uk.gov.gds.awsam.pr.domain.WebhookSignature;
import uk.gov.gds.awsam.pr.rest.WebhookJson;

/**
 * The domain's objects, made from {@link PrConfig}: the one place the framework meets the domain. Singletons
 * (no client proxies): the domain's classes are final.
 */
@ApplicationScoped
public class Wiring {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(Wiring.class);
    /** Threads for GitHub work: one per TerraformGenerated consumer (3), and one for the follow-up pull requests and retries. */
    private static final int GITHUB_THREADS = 4;

    private final PrConfig config;
    private final Clock clock = Clock.systemUTC();

    public Wiring(PrConfig config) {
        this.config = config;
    }

    /** In production, before anything else starts: refuses to start naming every setting to fix. */
    void checkProductionSettings(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent start, Config config) {
        if (ConfigUtils.isProfileActive("prod")) {
            ProductionRules.of(config).refuseToStartUnlessAllHold();
        }
    }

    @Produces
    @Singleton
    GitHubBudget budget(MeterRegistry metrics) {
        PrConfig.Pace pace = config.github().pace();
        GitHubBudget budget = new GitHubBudget(new GitHubBudget.Limits(pace.contentPerMinute(), pace.contentPerHour(), pace.minuteWindow(),
                pace.hourWindow(), pace.minInterval(), pace.inlineWait(), pace.secondaryWait(), pace.maxSecondaryWait()));
        FunctionCounter.builder("pr_service_github_content_calls_paced_total", budget, b -> b.pacing()[0])
                .description("content-creating calls that waited a moment for their slot").register(metrics);
        FunctionCounter.builder("pr_service_github_content_calls_deferred_total", budget, b -> b.pacing()[1])
                .description("content-creating calls deferred to a later slot, their thread released").register(metrics);
        return budget;
    }

    @Produces
    @Singleton
    GitHubPolicy policy(GitHubBudget budget) {
        PrConfig.Retry retry = config.retry();
        return new GitHubPolicy(new GitHubPolicy.Settings(retry.maxAttempts(), retry.initialBackoff(), retry.maxBackoff(),
                config.github().pace().waitNotice()), budget, clock, GITHUB_THREADS);
    }

    void closePolicy(@Disposes GitHubPolicy policy) {
        policy.close();
    }

    /**
     * As the GitHub App when its id is set (the production path: the installation id and the key's path must be
     * set too, or the service refuses to start naming them); otherwise with the token; with neither, it refuses
     * to start naming both.
     */
    @Produces
    @Singleton
    GitHubClient github(GitHubBudget budget, MeterRegistry metrics) {
        PrConfig.GitHub github = config.github();
        GitHubCalls calls = new GitHubCalls(metrics);
        PrConfig.App app = github.app();
        try {
            if (app.id().isPresent()) {
                if (app.installationId().isEmpty() || app.privateKey().filter(k -> !k.isBlank()).isEmpty()) {
                    throw new IllegalStateException("pr.github.app.id (PR_GITHUB_APP_ID) is set, so pr-service acts as that GitHub App,"
                            + " but pr.github.app.installation-id (PR_GITHUB_APP_INSTALLATION_ID) or pr.github.app.private-key"
                            + " (PR_GITHUB_APP_PRIVATE_KEY, the path of the App's PEM key) is not");
                }
                LOG.infof("acting as GitHub App %d, installation %d, at %s", app.id().get(), app.installationId().get(), github.apiUrl());
                return GitHubClient.asApp(github.apiUrl(), app.id().get(), app.installationId().get(),
                        GitHubClient.readAppKey(Path.of(app.privateKey().get())), github.requestTimeout(), budget, clock, calls);
            }
            if (github.token().filter(t -> !t.isBlank()).isPresent()) {
                LOG.infof("using a token at %s (a GitHub App is the production path: pr.github.app.*)", github.apiUrl());
                return GitHubClient.withToken(github.apiUrl(), github.token().get(), github.requestTimeout(), budget, clock, calls);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the GitHub App's private key " + app.privateKey().orElse(""), e);
        }
        throw new IllegalStateException("GitHub credentials are missing: set pr.github.app.id, pr.github.app.installation-id and"
                + " pr.github.app.private-key (PR_GITHUB_APP_ID, PR_GITHUB_APP_INSTALLATION_ID, PR_GITHUB_APP_PRIVATE_KEY: the path"
                + " of the App's PEM key), or pr.github.token (PR_GITHUB_TOKEN)");
    }

    /** GitHub's preflight: the journeys' client, the two repositories, whether the issues API is used, the webhook's public URL. */
    @Produces
    @Singleton
    GitHubPreflight preflight(GitHubClient github, Repositories repositories) {
        boolean issues = !config.importPr().label().isBlank() || List.of(repositories.billing(), repositories.users()).stream()
                .anyMatch(r -> !r.labels().isEmpty() || !r.assignees().isEmpty());
        return github.preflight(new GitHubPreflight.Settings(repositories, issues, config.webhook().publicUrl()), clock);
    }

    @Produces
    @Singleton
    Repositories repositories() {
        return new Repositories(settings(config.billing()), settings(config.users()));
    }

    private static RepositorySettings settings(PrConfig.Repository repository) {
        return new RepositorySettings(repository.name(), repository.baseBranch(), repository.labels().orElse(List.of()),
                repository.assignees().orElse(List.of()), repository.reviewers().orElse(List.of()),
                repository.teamReviewers().orElse(List.of()));
    }

    @Produces
    @Singleton
    RequestLedger ledger() {
        return new RequestLedger();
    }

    @Produces
    @Singleton
    ProcessedDeliveries deliveries() {
        return new ProcessedDeliveries();
    }

    @Produces
    @Singleton
    PullRequestOpening opening(GitHubClient github, GitHubPolicy policy, Repositories repositories, RequestLedger ledger, Publisher publisher) {
        return new PullRequestOpening(github, policy, repositories, ledger, publisher, clock, config.publishTimeout());
    }

    @Produces
    @Singleton
    Concluding concluding(GitHubClient github, GitHubPolicy policy, RequestLedger ledger, Publisher publisher) {
        return new Concluding(github, policy, ledger, publisher, clock, config.publishTimeout());
    }

    @Produces
    @Singleton
    WebhookProcessing webhooks(Repositories repositories, RequestLedger ledger, ProcessedDeliveries deliveries, Concluding concluding,
            Publisher publisher) {
        return new WebhookProcessing(new WebhookSignature(config.webhook().secret()), new WebhookJson(), repositories, ledger, deliveries,
                concluding, publisher, clock, config.webhook().budget());
    }

    @Produces
    @Singleton
    Reconciler reconciler(GitHubClient github, GitHubPolicy policy, RequestLedger ledger, Concluding concluding) {
        return new Reconciler(github, policy, ledger, concluding, clock);
    }

    @Produces
    @Singleton
    FollowUpPullRequests followUps(GitHubClient github, GitHubPolicy policy, Repositories repositories) {
        return new FollowUpPullRequests(github, policy, repositories.billing(), config.importPr().label());
    }

    /** Reading a TerraformGenerated back and publishing a retry's failure block: they happen here, never on an event loop. */
    @Produces
    @Singleton
    @jakarta.inject.Named("pr-service-blocking")
    ExecutorService blocking() {
        return Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "pr-service-retries");
            thread.setDaemon(true);
            return thread;
        });
    }

    void closeBlocking(@Disposes @jakarta.inject.Named("pr-service-blocking") ExecutorService blocking) {
        blocking.shutdownNow();
    }

    @Produces
    @Singleton
    Retries retries(RequestLedger ledger, Retries.GeneratedRecords records, PullRequestOpening opening, Publisher publisher,
            @jakarta.inject.Named("pr-service-blocking") ExecutorService blocking) {
        return new Retries(ledger, records, opening, publisher, clock, config.publishTimeout(), blocking);
    }
}
