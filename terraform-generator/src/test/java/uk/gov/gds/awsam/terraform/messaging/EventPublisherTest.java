package uk.gov.gds.awsam.terraform.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.events.TerraformGenerated;
import uk.gov.gds.awsam.terraform.config.TerraformConfig;
import uk.gov.gds.awsam.testsupport.SampleEvents;

/** A refused publication is tried again with back-off, then given up so the record can be dead-lettered. */
class EventPublisherTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private final TerraformGenerated event = SampleEvents.terraformGenerated(SampleEvents.newRequestId()).build();

    @Test
    void aPublicationRefusedTwiceIsAcknowledgedOnTheThirdAttempt() {
        ScriptedEmitter emitter = new ScriptedEmitter(2);

        new EventPublisher(retry(4)).publish(emitter, event).await().atMost(WAIT);

        assertThat(emitter.sent).hasSize(3).allMatch(event::equals);
    }

    @Test
    void aPublicationRefusedEveryTimeFailsAfterTheLastAttempt() {
        ScriptedEmitter emitter = new ScriptedEmitter(Integer.MAX_VALUE);

        assertThatThrownBy(() -> new EventPublisher(retry(3)).publish(emitter, event).await().atMost(WAIT))
                .hasMessageContaining("broker refused");
        assertThat(emitter.sent).hasSize(3);
    }

    @Test
    void oneAttemptMeansNoRetry() {
        ScriptedEmitter emitter = new ScriptedEmitter(1);

        assertThatThrownBy(() -> new EventPublisher(retry(1)).publish(emitter, event).await().atMost(WAIT))
                .hasMessageContaining("broker refused");
        assertThat(emitter.sent).hasSize(1);
        assertThatThrownBy(() -> new EventPublisher(retry(0))).hasMessageContaining("max-attempts");
    }

    private static TerraformConfig.PublishRetry retry(int attempts) {
        return new TerraformConfig.PublishRetry() {
            @Override
            public int maxAttempts() {
                return attempts;
            }

            @Override
            public Duration initialBackoff() {
                return Duration.ofMillis(10);
            }

            @Override
            public Duration maxBackoff() {
                return Duration.ofMillis(50);
            }
        };
    }

    /** Nacks the first {@code refusals} messages, acknowledges the rest. */
    private static final class ScriptedEmitter implements Emitter<TerraformGenerated> {
        final List<TerraformGenerated> sent = new ArrayList<>();
        private int refusals;

        ScriptedEmitter(int refusals) {
            this.refusals = refusals;
        }

        @Override
        public synchronized <M extends Message<? extends TerraformGenerated>> void send(M message) {
            sent.add(message.getPayload());
            if (refusals-- > 0) {
                message.nack(new IllegalStateException("broker refused"));
            } else {
                message.ack();
            }
        }

        @Override
        public CompletionStage<Void> send(TerraformGenerated payload) {
            throw new UnsupportedOperationException("publishing goes through EventMessages.send");
        }

        @Override
        public void complete() {
        }

        @Override
        public void error(Exception e) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean hasRequests() {
            return true;
        }
    }
}
