package uk.gov.gds.awsam.pr.messaging;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.micrometer.core.instrument.MeterRegistry;
import uk.gov.gds.awsam.events.AccountClosed;
import uk.gov.gds.awsam.events.AccountCreated;
import uk.gov.gds.awsam.pr.domain.FollowUpPullRequests;
import uk.gov.gds.awsam.pr.domain.FollowUpPullRequests.FollowUp;

/**
 * The follow-up pull requests in the billing repository, through the GitHub policy (rate limits waited out on a
 * timer): AccountCreated → the import pull request; AccountClosed → the pull request taking the account out of
 * Terraform (its import pull request, if still open, closed first). Publishes nothing; a failure (GitHub refusing, or unavailable through every attempt) dead-letters the
 * record for an engineer to replay; a label not added is a warning and a metric.
 */
@ApplicationScoped
public class FollowUpConsumer {

    private static final Logger LOG = Logger.getLogger(FollowUpConsumer.class);
    private final FollowUpPullRequests followUps;
    private final MeterRegistry metrics;

    public FollowUpConsumer(FollowUpPullRequests followUps, MeterRegistry metrics) {
        this.followUps = followUps;
        this.metrics = metrics;
    }

    @Incoming("accounts")
    public CompletionStage<Void> onAccountCreated(AccountCreated created) {
        return logged(followUps.importAccount(new FollowUpPullRequests.AccountCreated(created.getEventId(), created.getRequestId(),
                created.getAccountName(), created.getAccountId())), "import", created.getRequestId(), created.getAccountName(),
                created.getAccountId());
    }

    @Incoming("closed-accounts")
    public CompletionStage<Void> onAccountClosed(AccountClosed closed) {
        return logged(followUps.removeAccount(new FollowUpPullRequests.AccountClosed(closed.getEventId(), closed.getRequestId(),
                closed.getAccountName(), closed.getAccountId())), "removal", closed.getRequestId(), closed.getAccountName(),
                closed.getAccountId());
    }

    private CompletionStage<Void> logged(CompletionStage<FollowUp> work, String what, String requestId, String accountName,
            String accountId) {
        return work.handle((followUp, failure) -> {
            MDC.put("requestId", requestId);
            try {
                if (failure != null) {
                    LOG.errorf("could not open the %s pull request for account %s: %s", what, accountName, failure.getMessage());
                    throw failure instanceof CompletionException c ? c : new CompletionException(failure);
                }
                followUp.importsClosed().forEach(imp -> LOG.infof(imp.mergedMeanwhile()
                        ? "import pull request %s#%d of account %s was merged before it could be closed: the removal deletes its file"
                        : "import pull request %s#%d of account %s closed, with a comment saying why: the account is closed",
                        imp.pullRequest().repository(), imp.pullRequest().number(), accountName));
                if (followUp.pullRequest() == null) {
                    LOG.infof("no %s pull request for account %s: %s", what, accountName, followUp.noneBecause());
                    return null;
                }
                followUp.warnings().forEach(w -> {
                    metrics.counter("pr_service_pull_request_warnings_total", "repository", followUp.pullRequest().repository()).increment();
                    LOG.warnf("%s pull request #%d: %s", what, followUp.pullRequest().number(), w.text());
                });
                LOG.infof("%s pull request %s#%d for account %s (%s)", what, followUp.pullRequest().repository(),
                        followUp.pullRequest().number(), accountName, accountId);
                return null;
            } finally {
                MDC.remove("requestId");
            }
        });
    }
}
