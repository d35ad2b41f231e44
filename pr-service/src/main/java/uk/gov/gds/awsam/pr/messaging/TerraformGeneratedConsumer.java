package uk.gov.gds.awsam.pr.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import uk.gov.gds.awsam.events.TerraformGenerated;
import uk.gov.gds.awsam.pr.domain.ChangeRequest;
import uk.gov.gds.awsam.pr.domain.FileContent;
import uk.gov.gds.awsam.pr.domain.Journey;
import uk.gov.gds.awsam.pr.domain.PullRequestOpening;

/**
 * TerraformGenerated → the request's pull request (PullRequestOpening). Blocking: the offset is committed
 * when the handler returns, after PrOpened (or RequestFailed) is acknowledged; a failure dead-letters the record.
 */
@ApplicationScoped
public class TerraformGeneratedConsumer {

    private static final Logger LOG = Logger.getLogger(TerraformGeneratedConsumer.class);
    private final PullRequestOpening opening;
    private final MeterRegistry metrics;

    public TerraformGeneratedConsumer(PullRequestOpening opening, MeterRegistry metrics) {
        this.opening = opening;
        this.metrics = metrics;
    }

    @Incoming("generated")
    @Blocking
    public void onGenerated(TerraformGenerated generated) {
        MDC.put("requestId", generated.getRequestId());
        try {
            var opened = opening.open(toChange(generated));
            metrics.counter("pr_service_pull_requests_opened_total", "repository", opened.repository()).increment();
            LOG.infof("pull request %s#%d is open for request %s", opened.repository(), opened.number(), opened.requestId());
        } catch (PullRequestOpening.OpenFailed failed) {
            metrics.counter("pr_service_open_failures_total").increment();
            LOG.errorf("could not open the pull request for request %s: %s", generated.getRequestId(), failed.getMessage());
            throw failed;
        } finally {
            MDC.remove("requestId");
        }
    }

    static ChangeRequest toChange(TerraformGenerated g) {
        return new ChangeRequest(g.getEventId(), g.getRequestId(), Journey.valueOf(g.getKind().name()), g.getSubjects(), g.getRepository(),
                g.getBaseBranch(), g.getBranch(), g.getCommitMessage(), g.getPrTitle(), g.getPrBody(),
                g.getChanges().stream().map(c -> new FileContent(c.getPath(), c.getContent())).toList());
    }
}
