package uk.gov.gds.awsam.pr.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import uk.gov.gds.awsam.pr.client.AppJwt;
import uk.gov.gds.awsam.pr.client.GitHubClient;
import uk.gov.gds.awsam.pr.domain.Concluding;
import uk.gov.gds.awsam.pr.domain.ImportPullRequests;
import uk.gov.gds.awsam.pr.domain.ProcessedDeliveries;
import uk.gov.gds.awsam.pr.domain.PullRequestOpening;
import uk.gov.gds.awsam.pr.domain.Publisher;
import uk.gov.gds.awsam.pr.domain.Reconciler;
import uk.gov.gds.awsam.pr.domain.RepositorySettings;
import uk.gov.gds.awsam.pr.domain.RepositorySettings.Repositories;
import uk.gov.gds.awsam.pr.domain.RequestLedger;
import uk.gov.gds.awsam.pr.domain.Retrying;
import uk.gov.gds.awsam.pr.domain.WebhookProcessing;
import uk.gov.gds.awsam.pr.domain.WebhookSignature;

/**
 * The domain's objects, made from {@link PrConfig}: the one place the framework meets the domain. Singletons
 * (no client proxies): the domain's classes are final.
 */
@ApplicationScoped
public class Wiring {

    private final PrConfig config;
    private final Clock clock = Clock.systemUTC();

    public Wiring(PrConfig config) {
        this.config = config;
    }

    @Produces
    @Singleton
    GitHubClient github() {
        PrConfig.GitHub github = config.github();
        try {
            if (github.token().filter(t -> !t.isBlank()).isPresent()) {
                return GitHubClient.withToken(github.apiUrl(), github.token().get(), github.requestTimeout(), clock);
            }
            PrConfig.App app = github.app();
            if (app.id().isPresent() && app.installationId().isPresent() && app.privateKey().isPresent()) {
                return GitHubClient.asApp(github.apiUrl(), app.id().get(), app.installationId().get(),
                        AppJwt.readKey(Path.of(app.privateKey().get())), github.requestTimeout(), clock);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up the GitHub client for " + github.apiUrl(), e);
        }
        throw new IllegalStateException("GitHub credentials are missing: set pr.github.token (PR_GITHUB_TOKEN), or pr.github.app.id,"
                + " pr.github.app.installation-id and pr.github.app.private-key (PR_GITHUB_APP_ID, PR_GITHUB_APP_INSTALLATION_ID,"
                + " PR_GITHUB_APP_PRIVATE_KEY)");
    }

    @Produces
    @Singleton
    Retrying retrying() {
        PrConfig.Retry retry = config.retry();
        return new Retrying(retry.maxAttempts(), retry.initialBackoff(), retry.maxBackoff(), d -> Thread.sleep(d.toMillis()), clock);
    }

    @Produces
    @Singleton
    Repositories repositories() {
        return new Repositories(settings(config.billing()), settings(config.users()));
    }

    private static RepositorySettings settings(PrConfig.Repository repository) {
        return new RepositorySettings(repository.name(), repository.baseBranch(), repository.labels().orElse(List.of()),
                repository.reviewers().orElse(List.of()), repository.teamReviewers().orElse(List.of()));
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
    PullRequestOpening opening(GitHubClient github, Retrying retrying, Repositories repositories, RequestLedger ledger, Publisher publisher) {
        return new PullRequestOpening(github, retrying, repositories, ledger, publisher, clock, config.publishTimeout());
    }

    @Produces
    @Singleton
    Concluding concluding(GitHubClient github, Retrying retrying, RequestLedger ledger, Publisher publisher) {
        return new Concluding(github, retrying, ledger, publisher, clock, config.publishTimeout());
    }

    @Produces
    @Singleton
    WebhookProcessing webhooks(Repositories repositories, RequestLedger ledger, ProcessedDeliveries deliveries, Concluding concluding,
            Publisher publisher) {
        return new WebhookProcessing(new WebhookSignature(config.webhook().secret()), repositories, ledger, deliveries, concluding, publisher,
                clock, config.webhook().budget());
    }

    @Produces
    @Singleton
    Reconciler reconciler(GitHubClient github, Retrying retrying, RequestLedger ledger, Concluding concluding) {
        return new Reconciler(github, retrying, ledger, concluding);
    }

    @Produces
    @Singleton
    ImportPullRequests imports(GitHubClient github, Retrying retrying, Repositories repositories) {
        return new ImportPullRequests(github, retrying, repositories.billing(), config.importPr().label());
    }
}
