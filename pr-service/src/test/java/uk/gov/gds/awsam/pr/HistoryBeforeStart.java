package uk.gov.gds.awsam.pr;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import uk.gov.gds.awsam.events.InternalTopic;
import uk.gov.gds.awsam.events.TerraformGenerated;
import uk.gov.gds.awsam.pr.domain.EventIds;
import uk.gov.gds.awsam.testsupport.KafkaTestResource;
import uk.gov.gds.awsam.testsupport.SampleEvents;
import uk.gov.gds.awsam.testsupport.TestEvents;
import uk.gov.gds.awsam.testsupport.github.GitHubSandbox;
import uk.gov.gds.awsam.testsupport.github.GitHubSandboxTestResource;
import uk.gov.gds.awsam.testsupport.github.InjectGitHubSandbox;
import uk.gov.gds.awsam.testsupport.github.WebhookDelivery;

/**
 * What happened before pr-service (re)started, written to GitHub and the topics before the application
 * boots: request {@link #MISSED} has an open pull request that was merged while the service was down (its
 * webhook lost); request {@link #DONE} was merged and its delivery processed (PrMerged and the delivery id
 * on the compacted internal topic).
 */
public class HistoryBeforeStart implements QuarkusTestResourceLifecycleManager {

    static final String MISSED = UUID.randomUUID().toString();
    static final String DONE = UUID.randomUUID().toString();
    static volatile String doneDeliveryId;

    private GitHubSandbox sandbox;

    @Override
    public Map<String, String> start() {
        sandbox = GitHubSandbox.start(0, GitHubSandbox.DEFAULT_REPOSITORIES);
        String secret = "restart-secret-" + UUID.randomUUID();
        sandbox.webhook(null, secret);
        TestEvents events = KafkaTestResource.events();
        int missed = history(events, sandbox, Requests.newAccount(MISSED, "merged-while-down"));
        sandbox.mergeWithoutWebhook(Requests.BILLING, missed, "reviewer-while-down");
        TerraformGenerated done = Requests.newAccount(DONE, "done-before-restart");
        int doneNumber = history(events, sandbox, done);
        WebhookDelivery delivery = sandbox.mergeWithoutWebhook(Requests.BILLING, doneNumber, "reviewer");
        String opened = EventIds.opened(done.getEventId());
        events.publish(SampleEvents.prMerged(DONE).setEventId(EventIds.merged(opened)).setCausationId(opened)
                .setRepository(Requests.BILLING).setNumber(doneNumber).build(), "pr-service");
        events.publishRaw(InternalTopic.PR_SERVICE_WEBHOOK_DELIVERIES.topic(), delivery.id(),
                ("MERGED " + Requests.BILLING + "#" + doneNumber).getBytes(StandardCharsets.UTF_8));
        doneDeliveryId = delivery.id();
        return Map.of(GitHubSandboxTestResource.API_URL, sandbox.apiUrl(), GitHubSandboxTestResource.TOKEN, "t",
                GitHubSandboxTestResource.WEBHOOK_SECRET, secret);
    }

    /** The pull request pr-service opened for a request before the restart, and the events that say so. */
    private static int history(TestEvents events, GitHubSandbox sandbox, TerraformGenerated generated) {
        int number = sandbox.openPullRequest(Requests.BILLING, generated.getBranch(), java.util.Map.of(generated.getChanges().get(0).getPath(),
                generated.getChanges().get(0).getContent()), generated.getPrTitle(), generated.getPrBody());
        events.publish(generated);
        events.publish(SampleEvents.prOpened(generated.getRequestId()).setEventId(EventIds.opened(generated.getEventId()))
                .setCausationId(generated.getEventId()).setRepository(Requests.BILLING).setNumber(number).build(), "pr-service");
        return number;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(sandbox, new TestInjector.AnnotatedAndMatchesType(InjectGitHubSandbox.class, GitHubSandbox.class));
    }

    @Override
    public void stop() {
        sandbox.close();
    }
}
