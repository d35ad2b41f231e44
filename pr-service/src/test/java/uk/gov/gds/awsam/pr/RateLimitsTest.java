package uk.gov.gds.awsam.pr;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.gov.gds.awsam.pr.Requests.USERS;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.events.PrOpened;
import uk.gov.gds.awsam.events.RequestFailed;
import uk.gov.gds.awsam.events.RequestWaiting;
import uk.gov.gds.awsam.pr.domain.EventIds;
import uk.gov.gds.awsam.pr.domain.GitHubBudget;
import uk.gov.gds.awsam.testsupport.KafkaTestResource;
import uk.gov.gds.awsam.testsupport.SampleEvents;
import uk.gov.gds.awsam.testsupport.github.FaultKind;
import uk.gov.gds.awsam.testsupport.github.GitHubSandboxTestResource;

/**
 * Each form of GitHub's rate limit (the sandbox answers as GitHub does, {@link FaultKind}) met on the request's
 * content-creating call: the request waits, says so once on its timeline (RequestWaiting: stage, GitHub, until
 * when, which limit) and its pull request opens; nothing fails, nothing is dead-lettered. Which header means
 * which wait is {@code GitHubErrorsTest}'s; the waits here are a second or two (the test configuration's).
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(GitHubSandboxTestResource.class)
class RateLimitsTest extends AgainstGitHubSandbox {

    @jakarta.inject.Inject
    GitHubBudget budget;

    @AfterEach
    void gateOpenAgain() {
        // the next test must not meet the wait this one's limit started
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> budget.closedUntil(Instant.now()).isEmpty());
    }

    @ParameterizedTest
    @EnumSource(value = FaultKind.class, names = "SERVER_ERROR", mode = EnumSource.Mode.EXCLUDE)
    void aRateLimitIsWaitedOutOnceAndThePullRequestOpens(FaultKind kind) {
        String requestId = SampleEvents.newRequestId();
        String login = "limited." + kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
        github.fail("PUT", "/repos/" + USERS + "/contents/terraform/users/" + login + "@.*", kind, 1, 1);

        events.publish(Requests.userAccess(requestId, login + "@digital.cabinet-office.gov.uk"));

        PrOpened opened = events.awaitOne(PrOpened.class, requestId);
        RequestWaiting waiting = events.assertExactly(RequestWaiting.class, requestId, 1, Duration.ofMillis(200)).get(0);
        assertThat(waiting.getStage()).isEqualTo("OPEN_PR");
        assertThat(waiting.getWaitingFor()).isEqualTo("GitHub");
        assertThat(waiting.getReason()).contains(kind.name().startsWith("PRIMARY") ? "primary rate limit" : "secondary rate limit");
        assertThat(waiting.getUntil()).isAfter(waiting.getOccurredAt()).isBeforeOrEqualTo(opened.getOccurredAt().plusSeconds(1));
        assertThat(waiting.getEventId()).isEqualTo(EventIds.waiting(waiting.getCausationId(), "OPEN_PR", 1));
        assertThat(github.wireMock().getAllServeEvents()).as("GitHub's limit was met").anyMatch(e -> e.getRequest().getUrl().contains(login)
                && e.getRequest().getMethod().getName().equals("PUT") && e.getResponse().getStatus() >= 403);
        events.assertNonePublished(RequestFailed.class, requestId, Duration.ofMillis(100));
        assertThat(events.readAllDeadLetters(EventType.TERRAFORM_GENERATED)).noneMatch(r -> requestId.equals(r.key()));
        assertThat(github.stats().overLimit()).isZero();
    }
}
