package uk.gov.gds.awsam.pr.rest;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;


import uk.gov.gds.awsam.pr.client.GitHubClient;
import uk.gov.gds.awsam.pr.domain.GitHubFailure;
import uk.gov.gds.awsam.pr.domain.RequestLedger;
import uk.gov.gds.awsam.pr.messaging.StateLoader;

/**
 * Ready once the state is rebuilt from the topics (and while its loader still follows them) and GitHub answers with the configured credentials (checked at
 * most every 30 s; a rate limit counts as answering: pr-service is waiting as GitHub asked).
 */
public final class ReadinessChecks {

    private ReadinessChecks() {
    }

    @org.eclipse.microprofile.health.Readiness
    @ApplicationScoped
    public static class State implements HealthCheck {
        private final RequestLedger ledger;
        private final StateLoader loader;

        public State(RequestLedger ledger, StateLoader loader) {
            this.ledger = ledger;
            this.loader = loader;
        }

        /** DOWN until the state is rebuilt, and again if its loader stops following the topics (the state goes stale). */
        @Override
        public HealthCheckResponse call() {
            return loader.readiness("state rebuilt from the topics").withData("requests", ledger.size()).build();
        }
    }

    @org.eclipse.microprofile.health.Readiness
    @ApplicationScoped
    public static class GitHub implements HealthCheck {
        private static final Duration EVERY = Duration.ofSeconds(30);
        private final GitHubClient github;
        private volatile Instant checkedAt = Instant.MIN;
        private volatile String problem = "not checked yet";

        public GitHub(GitHubClient github) {
            this.github = github;
        }

        @Override
        public HealthCheckResponse call() {
            if (checkedAt.plus(EVERY).isBefore(Instant.now()) || problem != null) {
                try {
                    github.ping();
                    problem = null;
                } catch (GitHubFailure failure) {
                    // waiting out a rate limit is working as GitHub asks; answering not-ready would only stop the webhooks
                    problem = failure.rateLimited() ? null : failure.getMessage();
                } catch (RuntimeException failure) {
                    problem = failure.getMessage();
                }
                checkedAt = Instant.now();
            }
            var response = HealthCheckResponse.named("GitHub API").status(problem == null);
            return problem == null ? response.build() : response.withData("problem", problem).build();
        }
    }
}
