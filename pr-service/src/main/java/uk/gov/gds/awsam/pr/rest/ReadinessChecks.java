package uk.gov.gds.awsam.pr.rest;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;


import uk.gov.gds.awsam.pr.client.GitHubClient;
import uk.gov.gds.awsam.pr.domain.GitHubFailure;
import uk.gov.gds.awsam.pr.domain.RequestLedger;

/**
 * Ready once the state is rebuilt from the topics and GitHub answers with the configured credentials (checked at
 * most every 30 s; a rate limit counts as answering: pr-service is waiting as GitHub asked).
 */
public final class ReadinessChecks {

    private ReadinessChecks() {
    }

    @org.eclipse.microprofile.health.Readiness
    @ApplicationScoped
    public static class State implements HealthCheck {
        private final RequestLedger ledger;

        public State(RequestLedger ledger) {
            this.ledger = ledger;
        }

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("state rebuilt from the topics").status(ledger.loaded())
                    .withData("requests", ledger.size()).build();
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
