package uk.gov.gds.awsam.provisioner.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.events.ResumableStage;
import uk.gov.gds.awsam.provisioner.domain.StepFailed;
import uk.gov.gds.awsam.provisioner.domain.Stopping;

/**
 * How a handled event is settled: acknowledged when done, dead-lettered when it failed, and left alone when
 * the provisioner is stopping, so that a deploy in the middle of an account creation resumes it afterwards
 * instead of failing the request.
 */
class SettlingTest {

    private final AtomicReference<String> outcome = new AtomicReference<>("unsettled");
    private final AtomicReference<Throwable> reason = new AtomicReference<>();
    private final Message<String> message = Message.of("event").withAck(() -> {
        outcome.set("acked");
        return CompletableFuture.completedFuture(null);
    }).withNack(failure -> {
        outcome.set("nacked");
        reason.set(failure);
        return CompletableFuture.completedFuture(null);
    });

    @Test
    void workDoneIsAcknowledged() {
        assertThat(Handling.settle(message, null).toCompletableFuture()).isCompleted();
        assertThat(outcome).hasValue("acked");
    }

    @Test
    void aFailureThatMayPassIsNegativelyAcknowledgedWithItsReason() {
        StepFailed failed = StepFailed.retryable(ResumableStage.ACCOUNT_READINESS, "not assumable yet", 3, null);

        Handling.settle(message, new java.util.concurrent.CompletionException(failed));

        assertThat(outcome).hasValue("nacked");
        assertThat(reason).hasValue(failed);
    }

    @Test
    void stoppingLeavesTheEventUnsettledForRedelivery() {
        CompletionStage<Void> settled = Handling.settle(message, new Stopping("waiting for the bootstrap role", new InterruptedException()));

        assertThat(settled.toCompletableFuture()).isNotDone();
        assertThat(outcome).hasValue("unsettled");
    }
}
