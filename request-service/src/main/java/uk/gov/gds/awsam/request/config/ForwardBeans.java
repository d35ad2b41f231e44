package uk.gov.gds.awsam.request.config;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import uk.gov.gds.awsam.events.ResumableStage;
import uk.gov.gds.awsam.request.domain.ClaimLedger;
import uk.gov.gds.awsam.request.domain.Claims;
import uk.gov.gds.awsam.request.domain.DeadLetterIndex;
import uk.gov.gds.awsam.request.domain.DeadLetterReplays;
import uk.gov.gds.awsam.request.domain.Projection;
import uk.gov.gds.awsam.request.domain.Retries;
import uk.gov.gds.awsam.request.messaging.ForwardEvents;

/** The domain's ways forward for a stuck request (retries, dead-letter replays) as CDI beans. */
@ApplicationScoped
public class ForwardBeans {

    /** A stage is offered for a retry only when a service owns it: the one list is the schemas' ResumableStage. */
    @Produces
    @ApplicationScoped
    Retries retries(ForwardEvents events, Clock clock) {
        return new Retries(stage -> ResumableStage.named(stage).map(resumable -> resumable.owner().source()), events, clock);
    }

    @Produces
    @ApplicationScoped
    DeadLetterIndex deadLetterIndex() {
        return new DeadLetterIndex();
    }

    @Produces
    @ApplicationScoped
    DeadLetterReplays deadLetterReplays(DeadLetterIndex index, Projection projection, ForwardEvents events, ClaimLedger claims,
            Claims held, RequestConfig config, Clock clock) {
        return new DeadLetterReplays(index, projection, events, claims, config.publishTimeout(), held.hold(), clock);
    }
}
