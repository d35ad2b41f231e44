package uk.gov.gds.awsam.request.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import uk.gov.gds.awsam.events.RequestKind;
import uk.gov.gds.awsam.request.Api;
import uk.gov.gds.awsam.request.Bodies;
import uk.gov.gds.awsam.testsupport.InjectTestEvents;
import uk.gov.gds.awsam.testsupport.KafkaTestResource;
import uk.gov.gds.awsam.testsupport.SampleEvents;
import uk.gov.gds.awsam.testsupport.TestEvents;
import uk.gov.gds.awsam.testsupport.auth.LocalTokensResource;
import uk.gov.gds.awsam.testsupport.browser.HeadlessChromium;

/**
 * The dashboard in a real headless Chromium: it renders, and a request moves stage on it live, without
 * a reload, as the other services' events arrive. Screenshots are kept in target/ as test artefacts.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(LocalTokensResource.class)
class DashboardBrowserTest {

    @org.junit.jupiter.api.BeforeEach
    void theServiceHasReadTheRequestsMadeSoFar() {
        uk.gov.gds.awsam.request.Api.awaitReady();
    }

    private static final Duration WAIT = TestEvents.TIMEOUT;
    private static final Duration LIVE = Duration.ofSeconds(15);

    @InjectTestEvents
    TestEvents events;

    @TestHTTPResource("/")
    URI base;

    @Test
    void theDashboardRendersAndShowsARequestMovingStageLive() {
        String origin = "http://127.0.0.1:" + base.getPort();
        String requestId = SampleEvents.newRequestId();
        String requester = Bodies.uniqueEmail("browser.requester");
        String leaver = Bodies.uniqueEmail("leaver");
        events.publish(SampleEvents.userAccessSubmitted(requestId, leaver).setKind(RequestKind.USER_REMOVAL)
                .setRequesterEmail(requester).setOccurredAt(Instant.now()).build());
        events.publish(SampleEvents.terraformGenerated(requestId).setKind(RequestKind.USER_REMOVAL).setSubjects(List.of(leaver))
                .setOccurredAt(Instant.now()).build());
        events.publish(SampleEvents.prOpened(requestId).setOccurredAt(Instant.now()).build());
        Awaitility.await().atMost(WAIT).untilAsserted(() -> Api.as(requester).get("/api/v1/requests/" + requestId)
                .then().statusCode(200).body("stage", equalTo("PR_OPEN")));

        try (HeadlessChromium browser = HeadlessChromium.start()) {
            browser.setCookie(origin, "awsam_token", Api.tokens().token("engineer@" + Bodies.DOMAIN, true));
            browser.navigate(origin + "/");
            browser.awaitTrue("document.querySelector('#by-stage') !== null && document.title.startsWith('Dashboard')", WAIT);
            browser.awaitTrue(inRecent(requestId, "PR_OPEN"), WAIT);
            browser.awaitTrue("document.querySelector('#waiting tr[data-request=\"" + requestId + "\"][data-task=\"PR_REVIEW\"]') !== null",
                    WAIT);
            browser.awaitTrue("document.getElementById('live').textContent === 'live'", WAIT);
            browser.evaluate("window.sameDocument = 'not reloaded'");
            int seenBefore = seen(browser);
            browser.screenshot(Path.of("target", "screenshots", "dashboard-pr-open.png"));

            events.publish(SampleEvents.prMerged(requestId).setKind(RequestKind.USER_REMOVAL).setSubjects(List.of(leaver))
                    .setOccurredAt(Instant.now()).setMergedAt(Instant.now()).build());
            // well within the page's 30 s periodic refresh: the event stream brought it
            browser.awaitTrue(inRecent(requestId, "PR_MERGED"), LIVE);
            assertThat(seen(browser)).as("events received over SSE").isGreaterThan(seenBefore);
            browser.awaitTrue("document.querySelector('#waiting tr[data-request=\"" + requestId + "\"]') === null", WAIT);

            events.publish(SampleEvents.userRemoved(requestId).setUserName(leaver).setOccurredAt(Instant.now()).build());
            browser.awaitTrue(inRecent(requestId, "USER_REMOVED"), LIVE);
            assertThat(browser.evaluate("window.sameDocument").asText()).as("updated in place, not reloaded").isEqualTo("not reloaded");
            assertThat(browser.evaluate("document.body.innerText").asText()).contains("Users removed").contains("Lead times")
                    .contains(leaver);
            Path screenshot = browser.screenshot(Path.of("target", "screenshots", "dashboard.png"));
            assertThat(screenshot).isNotEmptyFile();

            browser.navigate(origin + "/requests/" + requestId);
            browser.awaitTrue("document.querySelectorAll('#timeline tr[data-type]').length === 5", WAIT);
            browser.awaitTrue("document.getElementById('stage').dataset.stage === 'USER_REMOVED'", WAIT);
            browser.screenshot(Path.of("target", "screenshots", "request-page.png"));
        }
    }

    private static int seen(HeadlessChromium browser) {
        return Integer.parseInt(browser.evaluate("document.getElementById('board').dataset.liveSeen || '0'").asText());
    }

    private static String inRecent(String requestId, String stage) {
        return "document.querySelector('#recent tr[data-request=\"" + requestId + "\"] [data-stage=\"" + stage + "\"]') !== null";
    }
}
