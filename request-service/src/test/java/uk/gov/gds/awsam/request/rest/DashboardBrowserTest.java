package uk.gov.gds.awsam.request.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import uk.gov.gds.awsam.events.BootstrapRoleState;
import uk.gov.gds.awsam.events.RequestKind;
import uk.gov.gds.awsam.request.Api;
import uk.gov.gds.awsam.request.Bodies;
import uk.gov.gds.awsam.request.Journeys;
import uk.gov.gds.awsam.request.Screens;
import uk.gov.gds.awsam.request.SignIn;
import uk.gov.gds.awsam.testsupport.InjectTestEvents;
import uk.gov.gds.awsam.testsupport.KafkaTestResource;
import uk.gov.gds.awsam.testsupport.SampleEvents;
import uk.gov.gds.awsam.testsupport.TestEvents;
import uk.gov.gds.awsam.testsupport.browser.Browser;
import uk.gov.gds.awsam.testsupport.identity.KeycloakTestResource;
import uk.gov.gds.awsam.testsupport.identity.Tokens;

/**
 * The dashboard in a real headless Chromium, signed in as an engineer on Keycloak's login page: it renders, a request
 * moves stage on it live, without a reload, as the other services' events arrive, and a request waiting on GitHub
 * says so (and until when) in the waiting list; an account whose bootstrap role is still in place leaves its requester's
 * list live when its closure is asked for. It passes axe-core's serious and critical checks.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(KeycloakTestResource.class)
class DashboardBrowserTest {

    private static final Duration WAIT = TestEvents.TIMEOUT;
    private static final Duration LIVE = Duration.ofSeconds(15);

    @InjectTestEvents
    TestEvents events;

    @TestHTTPResource("/")
    URI base;

    @BeforeEach
    void theServiceHasReadTheRequestsMadeSoFar() {
        Api.awaitReady();
    }

    @Test
    void theDashboardRendersAndShowsARequestMovingStageLive() {
        String site = SignIn.site(base);
        String requestId = SampleEvents.newRequestId();
        String requester = Bodies.uniqueEmail("browser.requester");
        String leaver = Bodies.uniqueEmail("leaver");
        events.publish(SampleEvents.userAccessSubmitted(requestId, leaver).setKind(RequestKind.USER_REMOVAL)
                .setRequesterEmail(requester).setOccurredAt(Instant.now()).build());
        events.publish(SampleEvents.terraformGenerated(requestId).setKind(RequestKind.USER_REMOVAL).setSubjects(List.of(leaver))
                .setOccurredAt(Instant.now()).build());
        events.publish(SampleEvents.prOpened(requestId).setOccurredAt(Instant.now()).build());
        // another request whose pull request waits on GitHub's rate limit for ten minutes
        String throttled = SampleEvents.newRequestId();
        String newcomer = Bodies.uniqueEmail("newcomer");
        Instant until = Instant.now().plus(Duration.ofMinutes(10));
        events.publish(SampleEvents.userAccessSubmitted(throttled, newcomer).setRequesterEmail(requester).setOccurredAt(Instant.now()).build());
        events.publish(SampleEvents.terraformGenerated(throttled).setSubjects(List.of(newcomer)).setOccurredAt(Instant.now()).build());
        events.publish(SampleEvents.requestWaiting(throttled).setOccurredAt(Instant.now().plusMillis(5)).setUntil(until).build());
        Awaitility.await().atMost(WAIT).untilAsserted(() -> Api.as(requester).get("/api/v1/requests/" + requestId)
                .then().statusCode(200).body("stage", equalTo("PR_OPEN")));
        Awaitility.await().atMost(WAIT).untilAsserted(() -> Api.as(requester).get("/api/v1/requests/" + throttled)
                .then().statusCode(200).body("waitingOn[0].task", equalTo("OUTSIDE_WORLD")).body("waitingOn[0].waitingFor", equalTo("GitHub")));

        try (Browser browser = Browser.start()) {
            WebDriver driver = browser.driver();
            driver.get(site + "/");
            Screens.signInOnKeycloak(browser, Api.keycloak().issuer(), Tokens.ENGINEER);
            browser.await(WAIT).until(d -> d.getTitle().startsWith("Requests") && !d.findElements(By.id("by-stage")).isEmpty());
            browser.await(WAIT).until(d -> inRecent(d, requestId, "PR_OPEN"));
            browser.await(WAIT).until(d -> !d.findElements(By.cssSelector("#waiting tr[data-request='" + requestId + "'][data-task='PR_REVIEW']")).isEmpty());
            String waitingOnGitHub = driver.findElement(By.cssSelector("#waiting tr[data-request='" + throttled + "'][data-task='OUTSIDE_WORLD']")).getText();
            assertThat(waitingOnGitHub).contains("Waiting for GitHub until " + Formats.time(until)).contains("GitHub's secondary rate limit");
            browser.await(WAIT).until(d -> d.findElement(By.id("live")).getText().equals("live"));
            assertThat(browser.accessibilityViolations()).as("axe-core, serious or critical, on the dashboard").isEmpty();
            js(driver, "window.sameDocument = 'not reloaded'");
            int seenBefore = seen(driver);
            browser.fullPageScreenshot(Screens.file("dashboard.png"));

            events.publish(SampleEvents.prMerged(requestId).setKind(RequestKind.USER_REMOVAL).setSubjects(List.of(leaver))
                    .setOccurredAt(Instant.now()).setMergedAt(Instant.now()).build());
            // well within the page's 30 s periodic refresh: the event stream brought it
            browser.await(LIVE).until(d -> inRecent(d, requestId, "PR_MERGED"));
            assertThat(seen(driver)).as("events received over SSE").isGreaterThan(seenBefore);
            browser.await(WAIT).until(d -> d.findElements(By.cssSelector("#waiting tr[data-request='" + requestId + "']")).isEmpty());

            events.publish(SampleEvents.userRemoved(requestId).setUserName(leaver).setOccurredAt(Instant.now()).build());
            browser.await(LIVE).until(d -> inRecent(d, requestId, "USER_REMOVED"));
            assertThat(js(driver, "return window.sameDocument")).as("updated in place, not reloaded").isEqualTo("not reloaded");
            assertThat(driver.findElement(By.tagName("body")).getText()).contains("Users removed").contains("Lead times").contains(leaver);

            driver.get(site + "/requests/" + requestId);
            browser.await(WAIT).until(d -> d.findElements(By.cssSelector("#timeline tr[data-type]")).size() == 5);
            browser.await(WAIT).until(d -> "USER_REMOVED".equals(d.findElement(By.id("stage")).getAttribute("data-stage")));
            driver.get(site + "/requests/" + throttled);
            browser.await(WAIT).until(d -> !d.findElements(By.cssSelector("#waiting li[data-task='OUTSIDE_WORLD']")).isEmpty());
            assertThat(browser.accessibilityViolations()).as("axe-core, serious or critical, on a request's page").isEmpty();
        }
    }

    @Test
    void anAccountLeavesItsRequestersListOfBootstrapRolesLiveWhenSomeoneElseAsksForItsClosure() {
        String requester = Bodies.uniqueEmail("browser.handed.over");
        Journeys.HandedOver account = Journeys.HandedOver.of(requester, Duration.ofDays(20), BootstrapRoleState.PRESENT);
        String requestId = account.requestId();
        account.journey().forEach(events::publish);
        account.looks().forEach(events::publish);
        Awaitility.await().atMost(WAIT).untilAsserted(() -> Api.as(requester).get("/api/v1/requests/" + requestId)
                .then().statusCode(200).body("bootstrapRole.state", equalTo("PRESENT")));
        String row = "#bootstrap-roles tr[data-request='" + requestId + "'][data-state='PRESENT']";

        try (Browser browser = Browser.start()) {
            WebDriver driver = browser.driver();
            driver.get(SignIn.site(base) + "/");
            Screens.signInOnKeycloak(browser, Api.keycloak().issuer(), requester);
            browser.await(WAIT).until(d -> !d.findElements(By.cssSelector(row)).isEmpty());
            assertThat(driver.findElement(By.cssSelector(row)).getText()).contains(account.accountId()).contains(requester);
            browser.await(WAIT).until(d -> d.findElement(By.id("live")).getText().equals("live"));
            assertThat(browser.accessibilityViolations()).as("axe-core, serious or critical, with bootstrap roles listed").isEmpty();
            js(driver, "window.sameDocument = 'not reloaded'");
            int seenBefore = seen(driver);

            // an engineer's closure request, which the requester cannot see, still takes their account off the list, live
            events.publish(account.closure(Tokens.ENGINEER));
            browser.await(LIVE).until(d -> d.findElements(By.cssSelector("#bootstrap-roles tr[data-request='" + requestId + "']")).isEmpty());
            assertThat(seen(driver)).as("told over SSE").isGreaterThan(seenBefore);
            assertThat(js(driver, "return window.sameDocument")).as("updated in place, not reloaded").isEqualTo("not reloaded");
        }
    }

    private static Object js(WebDriver driver, String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    private static int seen(WebDriver driver) {
        Object seen = js(driver, "return document.getElementById('board').dataset.liveSeen || '0'");
        return Integer.parseInt(String.valueOf(seen));
    }

    private static boolean inRecent(WebDriver driver, String requestId, String stage) {
        return !driver.findElements(By.cssSelector("#recent tr[data-request='" + requestId + "'] [data-stage='" + stage + "']")).isEmpty();
    }
}
