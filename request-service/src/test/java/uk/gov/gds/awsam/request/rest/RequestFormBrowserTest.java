package uk.gov.gds.awsam.request.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import uk.gov.gds.awsam.events.RequestKind;
import uk.gov.gds.awsam.events.RequestSubmitted;
import uk.gov.gds.awsam.request.Api;
import uk.gov.gds.awsam.request.Bodies;
import uk.gov.gds.awsam.request.Published;
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
 * A person asks for an account in a real Chromium, signing in on Keycloak's own login page: the form with a mistake
 * shows the GOV.UK error summary (the API's rules and field names), fixed, checked, sent twice (one request), the
 * live page reaches PR_OPEN as the other services' events arrive; another requester cannot see it, an engineer sees
 * everything, and signing out ends the session (at Keycloak too). Every form page passes axe-core's serious and
 * critical checks. Screenshots go to target/screenshots (or -Dscreenshots.dir).
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(KeycloakTestResource.class)
class RequestFormBrowserTest {

    private static final Duration WAIT = TestEvents.TIMEOUT;

    @TestHTTPResource("/")
    URI base;

    @InjectTestEvents
    TestEvents events;

    @BeforeEach
    void ready() {
        Api.awaitReady();
    }

    @Test
    void aRequesterAsksForAnAccountInTheBrowser() {
        String site = SignIn.site(base);
        String issuer = Api.keycloak().issuer();
        String name = Bodies.uniqueAccountName("browser");
        try (Browser browser = Browser.start()) {
            WebDriver driver = browser.driver();
            driver.get(site + "/");
            Screens.signInOnKeycloak(browser, issuer, Tokens.REQUESTER);
            browser.await(WAIT).until(d -> d.getCurrentUrl().startsWith(site) && !d.findElements(By.id("make-a-request")).isEmpty());
            assertThat(text(driver, "who")).contains(Tokens.REQUESTER);

            driver.findElement(By.id("make-a-request")).click();
            browser.await(WAIT).until(d -> !d.findElements(By.id("continue")).isEmpty());
            accessible(browser, "start page");
            driver.findElement(By.id("continue")).click();
            assertThat(shown(browser, "error-summary")).contains("Select what you want to ask for");
            accessible(browser, "start page with an error");
            driver.findElement(By.id("kind")).click(); // the first choice: a new account
            driver.findElement(By.id("continue")).click();
            browser.await(WAIT).until(d -> d.getCurrentUrl().endsWith("/request/new-account"));
            accessible(browser, "new account form");

            fillAccount(driver, "Pay Platform");
            browser.fullPageScreenshot(Screens.file("request-form.png"));
            driver.findElement(By.id("continue")).click();
            String summary = shown(browser, "error-summary");
            assertThat(summary).contains("There is a problem")
                    .contains("Account name must be lower-case words of the letters a to z, separated by single dashes");
            assertThat(driver.findElement(By.cssSelector("#error-summary a")).getAttribute("href")).endsWith("#name");
            assertThat(text(driver, "name-error")).contains("Account name must be lower-case words");
            assertThat(driver.getTitle()).startsWith("Error:");
            accessible(browser, "new account form with errors");
            browser.fullPageScreenshot(Screens.file("request-form-errors.png"));

            WebElement nameField = driver.findElement(By.id("name"));
            nameField.clear();
            nameField.sendKeys(name);
            driver.findElement(By.id("continue")).click();
            browser.await(WAIT).until(d -> !d.findElements(By.id("answers")).isEmpty());
            assertThat(text(driver, "answers")).contains(name).contains("P2").contains("admin.one@" + Bodies.DOMAIN);
            accessible(browser, "check your answers");
            browser.fullPageScreenshot(Screens.file("request-check.png"));

            // a double submit: the same page sent once in the background, then by the button
            Object first = ((JavascriptExecutor) driver).executeAsyncScript("var done = arguments[arguments.length - 1];"
                    + "var form = document.getElementById('send').form;"
                    + "fetch(form.action, { method: 'POST', body: new URLSearchParams(new FormData(form)) })"
                    + ".then(function (r) { done(r.url); }, function (e) { done('failed ' + e); });");
            driver.findElement(By.id("send")).click();
            browser.await(WAIT).until(d -> !d.findElements(By.id("request-id")).isEmpty());
            String requestId = text(driver, "request-id");
            assertThat(String.valueOf(first)).endsWith("/request/submitted/" + requestId);
            accessible(browser, "confirmation");
            browser.screenshot(Screens.file("request-submitted.png"));
            List<?> submitted = Published.all(events, RequestSubmitted.class,
                    record -> record.value().getAccount() != null && record.value().getAccount().getName().equals(name));
            assertThat(submitted).as("one request for two submits").hasSize(1);

            driver.findElement(By.id("follow")).click();
            browser.await(WAIT).until(d -> stage(d).equals("SUBMITTED"));
            browser.await(WAIT).until(d -> text(d, "live").equals("live"));
            events.publish(SampleEvents.terraformGenerated(requestId).setKind(RequestKind.NEW_ACCOUNT).setSubjects(List.of(name))
                    .setOccurredAt(Instant.now()).build());
            events.publish(SampleEvents.prOpened(requestId).setOccurredAt(Instant.now()).build());
            browser.await(Duration.ofSeconds(20)).until(d -> stage(d).equals("PR_OPEN"));
            accessible(browser, "request page");
            browser.fullPageScreenshot(Screens.file("request-page.png"));

            // signing out ends the session here and at Keycloak: the next page asks for a password again
            driver.findElement(By.id("sign-out")).click();
            browser.await(WAIT).until(d -> d.getCurrentUrl().startsWith(site + "/signed-out"));
            driver.get(site + "/requests/" + requestId);
            Screens.signInOnKeycloak(browser, issuer, Tokens.OTHER_REQUESTER);
            browser.await(WAIT).until(d -> d.getCurrentUrl().startsWith(site) && !d.findElements(By.id("missing")).isEmpty());
            assertThat(text(driver, "who")).contains(Tokens.OTHER_REQUESTER);
            assertThat(driver.getPageSource()).doesNotContain(name);

            driver.findElement(By.id("sign-out")).click();
            browser.await(WAIT).until(d -> d.getCurrentUrl().startsWith(site + "/signed-out"));
            driver.get(site + "/");
            Screens.signInOnKeycloak(browser, issuer, Tokens.ENGINEER);
            browser.await(WAIT).until(d -> !d.findElements(By.cssSelector("#recent tr[data-request='" + requestId + "']")).isEmpty());
            assertThat(text(driver, "who")).contains("(engineer)");
            driver.get(site + "/requests/" + requestId);
            browser.await(WAIT).until(d -> stage(d).equals("PR_OPEN"));
        }
    }

    private static void fillAccount(WebDriver driver, String name) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("name", name);
        fields.put("description", "Payments for the platform team");
        fields.put("costCentre", "CC-1234");
        fields.put("team-name", "Platform");
        fields.put("team-email", "platform@" + Bodies.DOMAIN);
        fields.put("team-lead-name", "Lee Lead");
        fields.put("team-lead-role", "Tech lead");
        fields.put("team-lead-email", "lee.lead@" + Bodies.DOMAIN);
        fields.put("service-name", "Pay");
        fields.put("service-outOfHoursPhone", "+44 20 7946 0000");
        fields.put("adminUserEmails", "admin.one@" + Bodies.DOMAIN + "\nadmin.two@" + Bodies.DOMAIN);
        fields.forEach((id, value) -> {
            WebElement field = driver.findElement(By.id(id));
            field.clear();
            field.sendKeys(value);
        });
        driver.findElement(By.id("organisation")).click(); // GDS, which needs a cost centre
        driver.findElement(By.id("service-outOfHoursSupport")).click(); // yes
        driver.findElement(By.id("security-alertPriority-2")).click(); // P2
        driver.findElement(By.id("security-holdsPii")).click(); // yes
        driver.findElement(By.id("security-holdsPciData-2")).click(); // no
    }

    private static void accessible(Browser browser, String page) {
        assertThat(browser.accessibilityViolations()).as("axe-core " + Browser.axeVersion() + ", serious or critical, on the " + page)
                .isEmpty();
    }

    private static String stage(WebDriver driver) {
        List<WebElement> stage = driver.findElements(By.id("stage"));
        return stage.isEmpty() ? "" : String.valueOf(stage.get(0).getAttribute("data-stage"));
    }

    /** The element's text once the page that has it has loaded: a click that posts a form may return before. */
    private static String shown(Browser browser, String id) {
        browser.await(WAIT).until(d -> !d.findElements(By.id(id)).isEmpty());
        return text(browser.driver(), id);
    }

    private static String text(WebDriver driver, String id) {
        List<WebElement> found = driver.findElements(By.id(id));
        return found.isEmpty() ? "" : found.get(0).getText();
    }
}
