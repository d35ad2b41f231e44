package uk.gov.gds.awsam.request.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import uk.gov.gds.awsam.events.RequestSubmitted;
import uk.gov.gds.awsam.request.Api;
import uk.gov.gds.awsam.request.AwsFront;
import uk.gov.gds.awsam.request.MotoOrganisation;
import uk.gov.gds.awsam.request.Published;
import uk.gov.gds.awsam.request.Screens;
import uk.gov.gds.awsam.request.SignIn;
import uk.gov.gds.awsam.testsupport.InjectTestEvents;
import uk.gov.gds.awsam.testsupport.KafkaTestResource;
import uk.gov.gds.awsam.testsupport.TestEvents;
import uk.gov.gds.awsam.testsupport.browser.Browser;
import uk.gov.gds.awsam.testsupport.identity.KeycloakTestResource;
import uk.gov.gds.awsam.testsupport.identity.Tokens;

/**
 * An engineer asks for an account to be closed in a real Chromium: a bad reason shows the GOV.UK error summary, an
 * account AWS Organizations does not have is refused after "check your answers" on the form itself, and the right one
 * is sent: one RequestSubmitted with the account as Organizations records it. Every page passes axe-core's serious
 * and critical checks.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(KeycloakTestResource.class)
@TestProfile(AwsFront.Profile.class)
class ClosureFormBrowserTest {

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
    void anEngineerClosesAnAccountInTheBrowser() {
        String accountId;
        try (OrganizationsClient aws = MotoOrganisation.client()) {
            accountId = MotoOrganisation.created(aws, "closed-in-the-browser");
        }
        String site = SignIn.site(base);
        try (Browser browser = Browser.start()) {
            WebDriver driver = browser.driver();
            driver.get(site + "/request/account-closure");
            Screens.signInOnKeycloak(browser, Api.keycloak().issuer(), Tokens.ENGINEER);
            browser.await(WAIT).until(d -> d.getCurrentUrl().startsWith(site) && !d.findElements(By.id("continue")).isEmpty());
            accessible(browser, "closure form");

            fill(driver, "999999999999", "No longer needed; sorry!");
            driver.findElement(By.id("continue")).click();
            assertThat(shown(browser, "error-summary")).contains("There is a problem").contains("Why it is no longer needed may contain only letters, digits");
            assertThat(driver.findElement(By.cssSelector("#error-summary a")).getAttribute("href")).endsWith("#reason");
            assertThat(driver.getTitle()).startsWith("Error:");
            accessible(browser, "closure form with an error");

            fill(driver, "999999999999", "No longer needed: the service moved");
            driver.findElement(By.id("continue")).click();
            assertThat(shown(browser, "answers")).contains("999999999999").contains("the service moved");
            accessible(browser, "check your answers");
            driver.findElement(By.id("send")).click();
            assertThat(shown(browser, "error-summary")).contains("Account to close is not an account in the organisation");
            assertThat(driver.findElement(By.cssSelector("#error-summary a")).getAttribute("href")).endsWith("#account");
            accessible(browser, "closure form refused by AWS");

            fill(driver, accountId, "No longer needed: the service moved");
            driver.findElement(By.id("continue")).click();
            shown(browser, "answers");
            driver.findElement(By.id("send")).click();
            String requestId = shown(browser, "request-id");
            accessible(browser, "confirmation");
            List<RequestSubmitted> sent = Published.all(events, RequestSubmitted.class, record -> record.value().getClosure() != null
                    && record.value().getClosure().getAccountId().equals(accountId)).stream().map(record -> record.value()).toList();
            assertThat(sent).hasSize(1);
            assertThat(sent.get(0).getRequestId()).isEqualTo(requestId);
            assertThat(sent.get(0).getClosure().getAccountName()).isEqualTo("closed-in-the-browser");
            assertThat(sent.get(0).getRequesterEmail()).isEqualTo(Tokens.ENGINEER);
        }
    }

    private static void fill(WebDriver driver, String account, String reason) {
        for (String[] field : new String[][] { { "account", account }, { "reason", reason } }) {
            WebElement input = driver.findElement(By.id(field[0]));
            input.clear();
            input.sendKeys(field[1]);
        }
    }

    private static void accessible(Browser browser, String page) {
        assertThat(browser.accessibilityViolations()).as("axe-core " + Browser.axeVersion() + ", serious or critical, on the " + page)
                .isEmpty();
    }

    private static String shown(Browser browser, String id) {
        browser.await(WAIT).until(d -> !d.findElements(By.id(id)).isEmpty());
        List<WebElement> found = browser.driver().findElements(By.id(id));
        return found.isEmpty() ? "" : found.get(0).getText();
    }
}
