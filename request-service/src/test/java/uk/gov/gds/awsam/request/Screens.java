package uk.gov.gds.awsam.request;

import java.nio.file.Path;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

import uk.gov.gds.awsam.testsupport.browser.Browser;
import uk.gov.gds.awsam.testsupport.identity.Tokens;

/** What the browser tests share: signing in on Keycloak's own login page, and where screenshots go. */
public final class Screens {

    private Screens() {
    }

    /**
     * Where screenshots are written: target/screenshots, or the folder named by {@code -Dscreenshots.dir} (the README's
     * pictures: {@code -Dscreenshots.dir=$PWD/request-service/docs/screenshots}).
     */
    public static Path file(String name) {
        return Path.of(System.getProperty("screenshots.dir", "target/screenshots")).resolve(name);
    }

    /** Fills in Keycloak's login page (the browser must be on it) with a person of the realm and the local password. */
    public static void signInOnKeycloak(Browser browser, String issuer, String user) {
        WebDriver driver = browser.driver();
        browser.await(java.time.Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().startsWith(issuer) && !d.findElements(By.id("username")).isEmpty());
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(Tokens.PASSWORD);
        driver.findElement(By.id("kc-login")).click();
    }
}
