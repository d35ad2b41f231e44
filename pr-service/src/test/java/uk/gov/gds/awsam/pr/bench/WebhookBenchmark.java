package uk.gov.gds.awsam.pr.bench;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import uk.gov.gds.awsam.events.Envelope;
import uk.gov.gds.awsam.pr.domain.ChangeRequest;
import uk.gov.gds.awsam.pr.domain.Concluding;
import uk.gov.gds.awsam.pr.domain.Facts.Fact;
import uk.gov.gds.awsam.pr.domain.FileContent;
import uk.gov.gds.awsam.pr.domain.GitHubPort;
import uk.gov.gds.awsam.pr.domain.Journey;
import uk.gov.gds.awsam.pr.domain.ProcessedDeliveries;
import uk.gov.gds.awsam.pr.domain.Publisher;
import uk.gov.gds.awsam.pr.domain.GitHubBudget;
import uk.gov.gds.awsam.pr.domain.GitHubPolicy;
import uk.gov.gds.awsam.pr.domain.RepositorySettings;
import uk.gov.gds.awsam.pr.domain.RequestLedger;
import uk.gov.gds.awsam.pr.domain.UnusedGitHub;
import uk.gov.gds.awsam.pr.domain.WebhookProcessing;
import uk.gov.gds.awsam.pr.domain.WebhookSignature;
import uk.gov.gds.awsam.pr.rest.WebhookJson;
import uk.gov.gds.awsam.testsupport.github.GitHubSandbox;

/**
 * What pr-service itself spends on a webhook delivery, out of GitHub's 10 seconds, on a real merged
 * {@code pull_request} payload (the sandbox's, in GitHub's shape, about 20 KB): the signature check and the
 * strict parse; and the whole domain path of a merge for a request of 1,000 tracked (GitHub and the
 * broker answering at once, so what is measured is the service's own work).
 *
 * <p>Run: {@code ./mvnw -pl pr-service -am verify -DskipTests -Dbenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx512m", "-XX:+UseSerialGC"})
public class WebhookBenchmark {

    static final String SECRET = "benchmark-secret";
    static final String BILLING = "gds/aws-billing-account";

    byte[] payload;
    String signature;
    WebhookSignature verifier;
    WebhookJson parser;
    WebhookProcessing processing;
    RequestLedger ledger;
    String requestId;
    String branch;
    GitHubSandbox sandbox;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        sandbox = GitHubSandbox.start(0, GitHubSandbox.DEFAULT_REPOSITORIES);
        requestId = UUID.randomUUID().toString();
        branch = "aws-accounts/new-account/benchmarked/" + requestId;
        int number = sandbox.openPullRequest(BILLING, branch, Map.of("terraform/accounts/benchmarked.tf.json", "{}"), "t", "b".repeat(4000));
        payload = sandbox.mergeWithoutWebhook(BILLING, number, "reviewer").payload();
        verifier = new WebhookSignature(SECRET);
        signature = verifier.header(payload);
        parser = new WebhookJson();

        RepositorySettings billing = new RepositorySettings(BILLING, "main", List.of(), List.of(), List.of(), List.of());
        RepositorySettings users = new RepositorySettings("gds/aws-users", "main", List.of(), List.of(), List.of(), List.of());
        GitHubPort github = new InstantGitHub();
        Publisher publisher = new InstantPublisher();
        Clock clock = Clock.systemUTC();
        GitHubPolicy policy = new GitHubPolicy(new GitHubPolicy.Settings(1, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(30)),
                new GitHubBudget(GitHubBudget.Limits.github()), clock, 1);
        ledger = new RequestLedger();
        for (int i = 0; i < 999; i++) {
            String other = UUID.randomUUID().toString();
            track(other, "aws-accounts/new-account/other-" + i + "/" + other, i + 2);
        }
        ledger.markLoaded();
        processing = new WebhookProcessing(verifier, parser, new RepositorySettings.Repositories(billing, users), ledger,
                new ProcessedDeliveries(),
                new Concluding(github, policy, ledger, publisher, clock, Duration.ofSeconds(1)), publisher, clock, Duration.ofSeconds(7));
        track(requestId, branch, number);
    }

    private void track(String id, String name, int number) {
        ledger.generated(new ChangeRequest(Envelope.newEventId(), id, Journey.NEW_ACCOUNT, List.of("n"), BILLING, "main", name, "m", "t", "b",
                List.of(new FileContent("terraform/accounts/n.tf.json", "{}"))));
        ledger.opened(id, number, null);
    }

    @Setup(Level.Invocation)
    public void reopen() {
        // Each invocation concludes the request afresh: a new ledger entry, as for a new request's merge.
        ledger.concluded(requestId, uk.gov.gds.awsam.pr.domain.TrackedRequest.Conclusion.OPEN);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        sandbox.close();
    }

    @Benchmark
    public Object verifyAndParse() {
        if (!verifier.verify(payload, signature)) {
            throw new IllegalStateException("signature");
        }
        return parser.pullRequest(payload);
    }

    @Benchmark
    public Object mergeDelivery() {
        WebhookProcessing.Result result = processing.handle(new WebhookProcessing.Delivery(UUID.randomUUID().toString(), "pull_request",
                signature, payload));
        if (result.status() != WebhookProcessing.Status.PROCESSED) {
            throw new IllegalStateException(result.toString());
        }
        return result;
    }

    /** GitHub answering at once: the merged content of one file. */
    static final class InstantGitHub extends UnusedGitHub {
        @Override
        public Optional<FileAt> file(String repository, String path, String ref) {
            return Optional.of(new FileAt("{\n  \"resource\": {}\n}\n", "0".repeat(40)));
        }

        @Override
        public String closedBy(String repository, int number) {
            return "reviewer";
        }
    }

    /** The broker acknowledging at once. */
    static final class InstantPublisher implements Publisher {
        @Override
        public CompletionStage<Void> publish(Fact fact) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> deliveryProcessed(String deliveryId, String summary) {
            return CompletableFuture.completedFuture(null);
        }
    }
}
