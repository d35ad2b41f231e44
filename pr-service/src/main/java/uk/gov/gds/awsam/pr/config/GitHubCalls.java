package uk.gov.gds.awsam.pr.config;

import io.micrometer.core.instrument.MeterRegistry;
import uk.gov.gds.awsam.pr.client.GitHubClient;

/**
 * {@code pr_service_github_calls_total{kind="read|content",status="2xx|3xx|4xx|5xx|none"}}: every REST call
 * sent to GitHub, content-creating or not, by GitHub's answer. Divided by pull requests opened, it is what a
 * pull request costs.
 */
final class GitHubCalls implements GitHubClient.Calls {

    private final MeterRegistry metrics;

    GitHubCalls(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    @Override
    public void sent(String method, boolean content, int status) {
        metrics.counter("pr_service_github_calls_total", "kind", content ? "content" : "read", "status",
                status < 0 ? "none" : (status / 100) + "xx").increment();
    }
}
