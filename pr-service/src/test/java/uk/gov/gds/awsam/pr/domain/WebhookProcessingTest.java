package uk.gov.gds.awsam.pr.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.pr.domain.Facts.Fact;
import uk.gov.gds.awsam.pr.domain.WebhookProcessing.Delivery;
import uk.gov.gds.awsam.pr.domain.WebhookProcessing.Status;
import uk.gov.gds.awsam.pr.domain.WebhookPayloads.Ping;

/**
 * The order of a delivery with the payload reader as a port: nothing is read before the signature is checked,
 * and a pull_request payload is read only once the state is loaded, the delivery is new and the event is
 * pull_request. What the reader cannot read is a MALFORMED naming the field; a ping's answer says what its hook sends.
 */
class WebhookProcessingTest {

    static final String SECRET = "test-secret";
    static final byte[] BODY = "{\"any\":\"json\"}".getBytes(StandardCharsets.UTF_8);

    final WebhookSignature signature = new WebhookSignature(SECRET);
    final RecordingPayloads payloads = new RecordingPayloads();
    final RequestLedger ledger = new RequestLedger();
    final ProcessedDeliveries deliveries = new ProcessedDeliveries();
    final WebhookProcessing webhooks = webhooks();

    @Test
    void aBadSignatureIsRefusedBeforeAnythingIsRead() {
        ledger.markLoaded();
        assertThat(webhooks.handle(new Delivery("d-1", "pull_request", "sha256=" + "0".repeat(64), BODY)).status())
                .isEqualTo(Status.UNAUTHORIZED);
        assertThat(webhooks.handle(new Delivery("d-1", "ping", null, BODY)).status()).isEqualTo(Status.UNAUTHORIZED);
        assertThat(payloads.read).isEmpty();
    }

    @Test
    void aPullRequestPayloadIsReadOnlyWhenLoadedNewAndAPullRequestEvent() {
        assertThat(handle("d-1", "pull_request").status()).isEqualTo(Status.NOT_READY);
        ledger.markLoaded();
        deliveries.add("d-2");
        assertThat(handle("d-2", "pull_request").status()).isEqualTo(Status.DUPLICATE);
        assertThat(handle("d-3", "push").status()).isEqualTo(Status.IGNORED);
        assertThat(payloads.read).isEmpty();

        payloads.malformed = new WebhookPayloads.Malformed("pull_request.number", "missing or not a positive integer");
        WebhookProcessing.Result result = handle("d-4", "pull_request");
        assertThat(result.status()).isEqualTo(Status.MALFORMED);
        assertThat(result.detail()).isEqualTo("pull_request.number: missing or not a positive integer");
        assertThat(payloads.read).containsExactly("pull_request " + new String(BODY, StandardCharsets.UTF_8));
    }

    @Test
    void aFormHandsTheReaderItsPayloadField() {
        ledger.markLoaded();
        payloads.malformed = new WebhookPayloads.Malformed("body", "not a JSON object");
        byte[] form = ("payload=" + URLEncoder.encode(new String(BODY, StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.US_ASCII);
        webhooks.handle(new Delivery("d-1", "pull_request", signature.header(form), "application/x-www-form-urlencoded", form));
        assertThat(payloads.read).containsExactly("pull_request " + new String(BODY, StandardCharsets.UTF_8));
    }

    @Test
    void aPingSaysWhatItsHookSends() {
        payloads.ping = Optional.of(new Ping("7", List.of("pull_request", "push")));
        assertThat(handle("d-1", "ping").detail()).isEqualTo("pong: webhook 7 sends pull_request, push");
        payloads.ping = Optional.of(new Ping("7", List.of("push")));
        assertThat(handle("d-2", "ping").detail())
                .isEqualTo("pong, but webhook 7 sends push: pr-service needs the pull_request event (\"Pull requests\") to see merges");
        payloads.ping = Optional.of(new Ping("?", null));
        assertThat(handle("d-3", "ping").detail()).isEqualTo("pong: webhook ? sends no events");
        payloads.ping = Optional.empty();
        WebhookProcessing.Result unreadable = handle("d-4", "ping");
        assertThat(unreadable.status()).isEqualTo(Status.PONG);
        assertThat(unreadable.detail()).isEqualTo("pong");
    }

    private WebhookProcessing.Result handle(String id, String event) {
        return webhooks.handle(new Delivery(id, event, signature.header(BODY), BODY));
    }

    private WebhookProcessing webhooks() {
        Clock clock = Clock.systemUTC();
        Publisher publisher = new Publisher() {
            @Override
            public CompletionStage<Void> publish(Fact fact) {
                throw new AssertionError("nothing is published here");
            }

            @Override
            public CompletionStage<Void> deliveryProcessed(String deliveryId, String summary) {
                throw new AssertionError("nothing is remembered here");
            }
        };
        GitHubPolicy policy = new GitHubPolicy(new GitHubPolicy.Settings(1, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(30)),
                new GitHubBudget(GitHubBudget.Limits.github()), clock, 1);
        RepositorySettings billing = new RepositorySettings("gds/aws-billing-account", "main", List.of(), List.of(), List.of(), List.of());
        RepositorySettings users = new RepositorySettings("gds/aws-users", "main", List.of(), List.of(), List.of(), List.of());
        return new WebhookProcessing(signature, payloads, new RepositorySettings.Repositories(billing, users), ledger, deliveries,
                new Concluding(new UnusedGitHub(), policy, ledger, publisher, clock, Duration.ofSeconds(1)), publisher, clock, Duration.ofSeconds(7));
    }

    /** A reader that records what it was asked to read and answers as the test says. */
    static final class RecordingPayloads implements WebhookPayloads {
        final List<String> read = new ArrayList<>();
        Malformed malformed = new Malformed("body", "not expected to be read");
        Optional<Ping> ping = Optional.empty();

        @Override
        public PullRequestEvent pullRequest(byte[] json) {
            read.add("pull_request " + new String(json, StandardCharsets.UTF_8));
            throw malformed;
        }

        @Override
        public Optional<Ping> ping(byte[] json) {
            read.add("ping " + new String(json, StandardCharsets.UTF_8));
            return ping;
        }
    }
}
