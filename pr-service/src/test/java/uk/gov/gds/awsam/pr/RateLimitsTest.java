package uk.gov.gds.awsam.pr;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.gov.gds.awsam.pr.Requests.USERS;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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
import uk.gov.gds.awsam.testsupport.TestEvents;
import uk.gov.gds.awsam.testsupport.github.FaultKind;
import uk.gov.gds.awsam.testsupport.github.GitHubSandboxTestResource;

/**
 * Every form of GitHub's rate limit, each met by its own request on its own content-creating call: the request
 * waits (a RequestWaiting per wait, saying until when, on its timeline) and its pull request opens; nothing
 * fails, nothing is dead-lettered. Run side by side, as in production: while GitHub has asked to wait, nothing
 * is sent, so a request may also wait on the limit another met (a wait of its own, told once). Which header
 * means which wait is {@code GitHubErrorsTest}'s.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(GitHubSandboxTestResource.class)
class RateLimitsTest extends AgainstGitHubSandbox {

    @jakarta.inject.Inject
    GitHubBudget budget;

    @AfterEach
    void gateOpenAgain() {
        // the next test must not meet a wait these faults started
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> budget.closedUntil(Instant.now()).isEmpty());
    }

    @Test
    void everyFormOfRateLimitIsWaitedOutAndThePullRequestOpens() {
        Map<FaultKind, String> requests = new LinkedHashMap<>();
        for (FaultKind kind : List.of(FaultKind.PRIMARY_RATE_LIMIT, FaultKind.PRIMARY_RATE_LIMIT_429, FaultKind.SECONDARY_RATE_LIMIT,
                FaultKind.SECONDARY_MESSAGE_ONLY, FaultKind.SECONDARY_LIMITED_BY, FaultKind.TOO_MANY_REQUESTS, FaultKind.TOO_MANY_REQUESTS_DATE)) {
            String requestId = SampleEvents.newRequestId();
            String login = "limited." + kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            github.fail("PUT", "/repos/" + USERS + "/contents/terraform/users/" + login + "@.*", kind, 1, 1);
            requests.put(kind, requestId);
            events.publish(Requests.userAccess(requestId, login + "@digital.cabinet-office.gov.uk"));
        }

        requests.forEach((kind, requestId) -> {
            events.awaitOne(PrOpened.class, requestId);
            // its own limit, and maybe the gate another request's limit closed: one event per wait, each later than the last
            List<RequestWaiting> waits = events.readAll(RequestWaiting.class, TestEvents.forRequest(requestId)).stream()
                    .map(r -> r.value()).toList();
            assertThat(waits).as(kind.name()).isNotEmpty().allSatisfy(w -> {
                assertThat(w.getStage()).isEqualTo("OPEN_PR");
                assertThat(w.getWaitingFor()).isEqualTo("GitHub");
                assertThat(w.getReason()).containsPattern("(primary|secondary) rate limit");
                assertThat(w.getUntil()).isAfter(w.getOccurredAt());
            });
            for (int i = 0; i < waits.size(); i++) {
                assertThat(waits.get(i).getEventId()).isEqualTo(EventIds.waiting(waits.get(i).getCausationId(), "OPEN_PR", i + 1));
                if (i > 0) {
                    assertThat(waits.get(i).getUntil()).isAfter(waits.get(i - 1).getUntil());
                }
            }
            String login = "limited." + kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            assertThat(github.wireMock().getAllServeEvents()).as(kind + " was answered").anyMatch(e -> e.getRequest().getUrl()
                    .contains(login) && e.getRequest().getMethod().getName().equals("PUT") && e.getResponse().getStatus() >= 403);
        });
        requests.values().forEach(requestId -> events.assertNonePublished(RequestFailed.class, requestId, Duration.ofMillis(100)));
        assertThat(events.readAllDeadLetters(EventType.TERRAFORM_GENERATED)).noneMatch(r -> requests.containsValue(r.key()));
        assertThat(github.stats().overLimit()).isZero();
    }
}
