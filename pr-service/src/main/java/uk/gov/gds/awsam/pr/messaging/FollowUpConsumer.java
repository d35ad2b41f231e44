package uk.gov.gds.awsam.pr.messaging;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.micrometer.core.instrument.MeterRegistry;
import uk.gov.gds.awsam.events.AccountCreated;
import uk.gov.gds.awsam.pr.domain.ImportPullRequests;

/**
 * AccountCreated → the follow-up import pull request in the billing repository, through the GitHub policy
 * (rate limits waited out on a timer). Publishes nothing; a failure (GitHub refusing, or unavailable through
 * every attempt) dead-letters the record for an engineer to replay; a label not added is a warning and a metric.
 */
@ApplicationScoped
public class AccountCreatedConsumer {

    private static final Logger LOG = Logger.getLogger(AccountCreatedConsumer.class);
    private final ImportPullRequests imports;
    private final MeterRegistry metrics;

    public AccountCreatedConsumer(ImportPullRequests imports, MeterRegistry metrics) {
        this.imports = imports;
        this.metrics = metrics;
    }

    @Incoming("accounts")
    public CompletionStage<Void> onAccountCreated(AccountCreated created) {
        return imports.open(new ImportPullRequests.AccountCreated(created.getEventId(), created.getRequestId(), created.getAccountName(),
                created.getAccountId())).handle((imported, failure) -> {
                    MDC.put("requestId", created.getRequestId());
                    try {
                        if (failure != null) {
                            LOG.errorf("could not open the import pull request for account %s: %s", created.getAccountName(),
                                    failure.getMessage());
                            throw failure instanceof java.util.concurrent.CompletionException c ? c
                                    : new java.util.concurrent.CompletionException(failure);
                        }
                        if (imported.pullRequest() == null) {
                            LOG.infof("the billing repository already imports account %s: no pull request needed", created.getAccountName());
                            return null;
                        }
                        imported.warnings().forEach(w -> {
                            metrics.counter("pr_service_pull_request_warnings_total", "repository", imported.pullRequest().repository())
                                    .increment();
                            LOG.warnf("import pull request #%d: %s", imported.pullRequest().number(), w.text());
                        });
                        LOG.infof("import pull request %s#%d for account %s (%s)", imported.pullRequest().repository(),
                                imported.pullRequest().number(), created.getAccountName(), created.getAccountId());
                        return null;
                    } finally {
                        MDC.remove("requestId");
                    }
                });
    }
}
