package uk.gov.gds.awsam.pr.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.smallrye.reactive.messaging.annotations.Blocking;
import uk.gov.gds.awsam.events.AccountCreated;
import uk.gov.gds.awsam.pr.domain.ImportPullRequests;

/**
 * AccountCreated → the follow-up import pull request in the billing repository. Publishes nothing; a
 * failure (retries exhausted, GitHub refusing) dead-letters the record for an engineer to replay.
 */
@ApplicationScoped
public class AccountCreatedConsumer {

    private static final Logger LOG = Logger.getLogger(AccountCreatedConsumer.class);
    private final ImportPullRequests imports;

    public AccountCreatedConsumer(ImportPullRequests imports) {
        this.imports = imports;
    }

    @Incoming("accounts")
    @Blocking
    public void onAccountCreated(AccountCreated created) {
        MDC.put("requestId", created.getRequestId());
        try {
            var pr = imports.open(new ImportPullRequests.AccountCreated(created.getEventId(), created.getRequestId(), created.getAccountName(),
                    created.getAccountId()));
            LOG.infof("import pull request %s#%d for account %s (%s)", pr.repository(), pr.number(), created.getAccountName(),
                    created.getAccountId());
        } catch (RuntimeException failed) {
            LOG.errorf("could not open the import pull request for account %s: %s", created.getAccountName(), failed.getMessage());
            throw failed;
        } finally {
            MDC.remove("requestId");
        }
    }
}
