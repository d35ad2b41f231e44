package uk.gov.gds.awsam.pr.messaging;

import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import uk.gov.gds.awsam.events.EventMessages;
import uk.gov.gds.awsam.events.FileChange;
import uk.gov.gds.awsam.events.PrClosed;
import uk.gov.gds.awsam.events.PrMerged;
import uk.gov.gds.awsam.events.PrOpened;
import uk.gov.gds.awsam.events.RequestFailed;
import uk.gov.gds.awsam.events.RequestWaiting;
import uk.gov.gds.awsam.events.RequestKind;
import uk.gov.gds.awsam.logging.RequestMdc;
import uk.gov.gds.awsam.pr.domain.Facts.Closed;
import uk.gov.gds.awsam.pr.domain.Facts.Failed;
import uk.gov.gds.awsam.pr.domain.Facts.Fact;
import uk.gov.gds.awsam.pr.domain.Facts.Merged;
import uk.gov.gds.awsam.pr.domain.Facts.Opened;
import uk.gov.gds.awsam.pr.domain.Facts.Waiting;
import uk.gov.gds.awsam.pr.domain.FileContent;
import uk.gov.gds.awsam.pr.domain.Publisher;

/** pr-service's facts as Avro events, published through {@link EventMessages#send} (keyed, CloudEvents, acknowledged). */
@ApplicationScoped
public class EventPublisher implements Publisher {

    public static final String SOURCE = "pr-service";
    private static final Logger LOG = Logger.getLogger(EventPublisher.class);

    private final Emitter<PrOpened> opened;
    private final Emitter<PrMerged> merged;
    private final Emitter<PrClosed> closed;
    private final Emitter<RequestFailed> failed;
    private final Emitter<RequestWaiting> waiting;
    private final Emitter<String> deliveries;
    private final MeterRegistry metrics;

    public EventPublisher(@Channel("opened") Emitter<PrOpened> opened, @Channel("merged") Emitter<PrMerged> merged,
            @Channel("closed") Emitter<PrClosed> closed, @Channel("failed") Emitter<RequestFailed> failed,
            @Channel("waiting") Emitter<RequestWaiting> waiting, @Channel("deliveries") Emitter<String> deliveries,
            MeterRegistry metrics) {
        this.opened = opened;
        this.merged = merged;
        this.closed = closed;
        this.failed = failed;
        this.waiting = waiting;
        this.deliveries = deliveries;
        this.metrics = metrics;
    }

    @Override
    public CompletionStage<Void> publish(Fact fact) {
        if (fact instanceof Opened o) {
            return EventMessages.send(opened, PrOpened.newBuilder().setEventId(o.eventId()).setRequestId(o.requestId())
                    .setOccurredAt(o.occurredAt()).setCausationId(o.causationId()).setRepository(o.repository()).setNumber(o.number())
                    .setUrl(o.url()).setHeadSha(o.headSha()).setWarnings(o.warnings()).build(), SOURCE);
        }
        if (fact instanceof Merged m) {
            return EventMessages.send(merged, PrMerged.newBuilder().setEventId(m.eventId()).setRequestId(m.requestId())
                    .setOccurredAt(m.occurredAt()).setCausationId(m.causationId()).setRepository(m.repository()).setNumber(m.number())
                    .setMergeCommitSha(m.mergeCommitSha()).setMergedBy(m.mergedBy()).setMergedAt(m.mergedAt())
                    .setKind(RequestKind.valueOf(m.journey().name())).setSubjects(m.subjects()).setFiles(files(m.files())).build(), SOURCE);
        }
        if (fact instanceof Closed c) {
            return EventMessages.send(closed, PrClosed.newBuilder().setEventId(c.eventId()).setRequestId(c.requestId())
                    .setOccurredAt(c.occurredAt()).setCausationId(c.causationId()).setRepository(c.repository()).setNumber(c.number())
                    .setClosedBy(c.closedBy()).build(), SOURCE);
        }
        if (fact instanceof Waiting w) {
            metrics.counter("pr_service_github_waits_total", "stage", w.stage()).increment();
            RequestMdc.log(w.requestId(), () -> LOG.infof("%s of request %s waits for GitHub until %s: %s", w.stage(), w.requestId(),
                    w.until(), w.reason()));
            return EventMessages.send(waiting, RequestWaiting.newBuilder().setEventId(w.eventId()).setRequestId(w.requestId())
                    .setOccurredAt(w.occurredAt()).setCausationId(w.causationId()).setStage(w.stage()).setWaitingFor(w.waitingFor())
                    .setReason(w.reason()).setUntil(w.until()).build(), SOURCE);
        }
        Failed f = (Failed) fact;
        return EventMessages.send(failed, RequestFailed.newBuilder().setEventId(f.eventId()).setRequestId(f.requestId())
                .setOccurredAt(f.occurredAt()).setCausationId(f.causationId()).setStage(f.stage()).setReason(f.reason())
                .setRetryable(f.retryable()).setAttempt(f.attempt()).setWhatNext(f.whatNext()).build(), SOURCE);
    }

    private static List<FileChange> files(List<FileContent> files) {
        return files.stream().map(f -> FileChange.newBuilder().setPath(f.path()).setContent(f.content()).setSha256(f.sha256()).build()).toList();
    }

    /** One record per processed delivery on the compacted internal topic, keyed by delivery id; acknowledged. */
    @Override
    public CompletionStage<Void> deliveryProcessed(String deliveryId, String summary) {
        return EventMessages.sendAcknowledged(deliveries, summary,
                Metadata.of(OutgoingKafkaRecordMetadata.<String>builder().withKey(deliveryId).build()));
    }
}
