package uk.gov.gds.awsam.pr.messaging;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import uk.gov.gds.awsam.events.TerraformGenerated;
import uk.gov.gds.awsam.pr.domain.ChangeRequest;
import uk.gov.gds.awsam.pr.domain.FileContent;
import uk.gov.gds.awsam.pr.domain.Journey;
import uk.gov.gds.awsam.pr.domain.PullRequestOpening;

/**
 * TerraformGenerated → the request's pull request (PullRequestOpening). Not blocking: the work runs on the
 * GitHub policy's threads and its waits on a timer, so no event-loop or worker thread is held while GitHub
 * asks pr-service to wait; the offset is committed when the returned stage completes, after PrOpened (or
 * RequestFailed) is acknowledged; a failure dead-letters the record.
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
    public CompletionStage<Void> onGenerated(TerraformGenerated generated) {
        String requestId = generated.getRequestId();
        return Outcomes.opened(opening.open(toChange(generated)), metrics, LOG, requestId);
    }

    static ChangeRequest toChange(TerraformGenerated g) {
        return new ChangeRequest(g.getEventId(), g.getRequestId(), Journey.valueOf(g.getKind().name()), g.getSubjects(), g.getRepository(),
                g.getBaseBranch(), g.getBranch(), g.getCommitMessage(), g.getPrTitle(), g.getPrBody(),
                g.getChanges().stream().map(c -> new FileContent(c.getPath(), c.getContent())).toList());
    }
}
